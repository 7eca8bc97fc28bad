// Package route builds an API's routing table from tenantkit's operation
// registry (generated from openapi.yaml): every operation of the API, by
// method and path template, with the handler the API registers for it. It
// matches path segments against the templates; how a request's path is cut
// into segments, and what an unknown path or method gets, is each API's
// own.
package route

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/tenantkit/tenantkit"
)

// MaxParams is the most parameters a template may have.
const MaxParams = 2

// Params are a matched request's path parameters, in template order.
type Params [MaxParams]string

// Op is one operation of the table.
type Op[H any] struct {
	tenantkit.OperationInfo
	// Index is the operation's position in the table, for per-operation
	// lookups such as the ARGO roles table.
	Index int
	// Handler is what the API registered for it.
	Handler H
}

// Route is one path template and the operations on it.
type Route[H any] struct {
	segs  []string // literal segments, or "" for a parameter
	names []string // the parameters' names, in order
	Ops   []*Op[H]
	// Allow lists the route's methods, as a 405's Allow header does.
	Allow string
}

// Param returns the position of the named parameter among the route's
// parameters, or -1.
func (r *Route[H]) Param(name string) int { return slices.Index(r.names, name) }

// Method returns the route's operation for method, or nil.
func (r *Route[H]) Method(method string) *Op[H] {
	for _, op := range r.Ops {
		if op.Method == method {
			return op
		}
	}
	return nil
}

// Table is an API's routes, in the registry's order.
type Table[H any] struct {
	Routes []*Route[H]
	Ops    []*Op[H]
}

// Build makes the table of api's operations, each with the handler
// handlers registers for it. It reports every operation of api without a
// handler, every handler of an operation that is not api's, and every
// template it cannot use; the table is complete but for those (a missing
// handler is H's zero value).
func Build[H any](api tenantkit.API, handlers map[tenantkit.Operation]H) (*Table[H], error) {
	t := &Table[H]{}
	var problems []string
	byPath := map[string]*Route[H]{}
	for _, info := range tenantkit.Operations() {
		if info.API != api {
			continue
		}
		h, ok := handlers[info.ID]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s has no handler", info.ID))
		}
		op := &Op[H]{OperationInfo: info, Index: len(t.Ops), Handler: h}
		t.Ops = append(t.Ops, op)
		rt := byPath[info.Path]
		if rt == nil {
			var err error
			if rt, err = parse[H](info.Path); err != nil {
				problems = append(problems, err.Error())
				continue
			}
			byPath[info.Path] = rt
			t.Routes = append(t.Routes, rt)
		}
		rt.Ops = append(rt.Ops, op)
		if rt.Allow != "" {
			rt.Allow += ", "
		}
		rt.Allow += info.Method
	}
	for id := range handlers {
		if info, ok := id.Info(); !ok || info.API != api {
			problems = append(problems, fmt.Sprintf("a handler is registered for %q, which is not an operation of the %s API", id, api))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return t, fmt.Errorf("route: %s", strings.Join(problems, "; "))
	}
	return t, nil
}

// parse splits a template such as "/v2/organizations/users/{userID}".
func parse[H any](path string) (*Route[H], error) {
	rt := &Route[H]{}
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("template %q does not start with /", path)
	}
	for _, seg := range strings.Split(path[1:], "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok && strings.HasSuffix(name, "}") {
			rt.segs = append(rt.segs, "")
			rt.names = append(rt.names, strings.TrimSuffix(name, "}"))
			continue
		}
		if seg == "" || strings.ContainsAny(seg, "{}") {
			return nil, fmt.Errorf("template %q has a segment %q that is neither a name nor a {parameter}", path, seg)
		}
		rt.segs = append(rt.segs, seg)
	}
	if len(rt.names) > MaxParams {
		return nil, fmt.Errorf("template %q has more than %d parameters", path, MaxParams)
	}
	return rt, nil
}

// Once returns a function that builds api's table at its first call and
// returns that table ever after: it is immutable, so every Server shares
// it. A missing or stray handler fails the API's own test of Build (its
// TestEveryOperationHasOneHandler); at run time that operation has H's
// zero value, which the API answers as an error of its own.
func Once[H any](api tenantkit.API, handlers func() map[tenantkit.Operation]H) func() *Table[H] {
	return sync.OnceValue(func() *Table[H] {
		table, _ := Build(api, handlers())
		return table
	})
}

// Match finds the route whose template the segments match, literal
// segments exactly and parameters as any non-empty segment. nil means no
// route has the path.
func (t *Table[H]) Match(segs []string) (*Route[H], Params) {
outer:
	for _, rt := range t.Routes {
		if len(rt.segs) != len(segs) {
			continue
		}
		var params Params
		p := 0
		for i, want := range rt.segs {
			switch {
			case want == "" && segs[i] != "":
				params[p] = segs[i]
				p++
			case want == "" || want != segs[i]:
				continue outer
			}
		}
		return rt, params
	}
	return nil, Params{}
}

// MaxSegments bounds the work done on absurd paths: no template has more.
const MaxSegments = 8

// Split cuts a path that starts with "/" into its segments, in dst (which
// it reuses). ok is false when the path does not start with "/" or has
// more than MaxSegments segments, which no route matches.
func Split(path string, dst *[MaxSegments]string) (segs []string, ok bool) {
	if !strings.HasPrefix(path, "/") {
		return nil, false
	}
	n := 0
	for rest := path[1:]; ; {
		if n == MaxSegments {
			return nil, false
		}
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			dst[n] = rest
			n++
			return dst[:n], true
		}
		dst[n] = rest[:i]
		n++
		rest = rest[i+1:]
	}
}
