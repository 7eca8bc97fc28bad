// Package spectest checks HTTP exchanges against openapi.yaml, the single
// source of truth for the wire of the APIs tenantkit speaks. Tests plug it
// into the fake server, which then has every request it receives and every
// response it sends checked:
//
//	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
//
// and the test fails, when it ends, with every violation found.
//
// It reads openapi.yaml in the form tools/genspec writes at go generate
// time (openapi.gen.json, embedded) and validates with the standard library
// alone: the fake's own test harness imports it, and whatever the tests of
// a package a service imports pull in lands in that service's go.sum. The
// tests in kincheck hold its verdicts to kin-openapi's on a corpus of
// exchanges. It imports neither the fake nor the SDK (the fake's own tests
// use it), and only tenantkit's own tests may import it (it is internal).
package spectest

import (
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Checker checks exchanges against openapi.yaml. It is safe for concurrent
// use.
type Checker struct {
	spec *spec
}

// load reads the document once per test binary: it is read-only
// afterwards.
var load = sync.OnceValues(func() (*Checker, error) { return newChecker(specJSON) })

// newChecker returns a Checker for a document in tools/genspec's form.
func newChecker(data []byte) (*Checker, error) {
	sp, err := parseSpec(data)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"AstraErrors", "ArgoErrorResponse"} {
		if sp.Schemas[name] == nil {
			return nil, fmt.Errorf("spectest: openapi.yaml has no schema %s", name)
		}
	}
	return &Checker{spec: sp}, nil
}

// New returns a Checker for tenantkit's openapi.yaml.
func New() (*Checker, error) { return load() }

// argoPrefix is where the ARGO admin API lives.
const argoPrefix = "/api/v2/admin"

// Check returns the ways one exchange violates openapi.yaml, none if it
// conforms. req is the request as a server received it (a path-only URL)
// and resp the response; both bodies are read.
//
// The response must always conform: a status the operation declares (or
// its default, which a redirect also falls to), a declared media type, a
// body of exactly one JSON value its schema takes, and no body where it
// declares none. The request must conform when the server accepted it
// (2xx): a request the server rejected may break the schema, since that is
// what tests of bad input send. Beyond the
// operations, it knows the answers the document describes in prose:
// unknown Astra paths get 404 (405 with Allow for a wrong method) with the
// Astra error body; unrouted ARGO requests get the plain-text
// "404 page not found", unclean ARGO paths a 301 to the clean path (with
// the upstream build's bytes; see checkRedirect), and
// OPTIONS on ARGO collection routes a 200. Injected errors (429, 5xx) must
// have the API's error body. XML bodies (ARGO errors under
// "Accept: application/xml") are checked for form: a <root> element whose
// status code is the HTTP status.
func (c *Checker) Check(req *http.Request, resp *http.Response) []string {
	reqBody, _ := readAll(req.Body)
	respBody, _ := readAll(resp.Body)
	status := resp.StatusCode
	where := fmt.Sprintf("%s %s → %d", req.Method, req.URL.RequestURI(), status)
	var out []string
	add := func(format string, args ...any) {
		out = append(out, where+": "+fmt.Sprintf(format, args...))
	}
	p := req.URL.Path
	argo := p == argoPrefix || strings.HasPrefix(p, argoPrefix+"/")
	if argo {
		if v := checkRedirect(req, status, resp.Header, respBody); v != "skip" {
			if v != "" {
				add("%s", v)
			}
			return out
		}
	}

	// The Langflow endpoints are also served under /api/v1 (openapi.yaml
	// describes the /v1 form).
	if strings.HasPrefix(p, "/api/v1/") {
		p = strings.TrimPrefix(p, "/api")
	}
	op := c.spec.route(req.Method, p)
	if op == nil {
		for _, v := range c.checkUnrouted(req, argo, status, resp.Header, respBody) {
			add("%s", v)
		}
		return out
	}
	if status >= 200 && status < 300 {
		if vs := checkRequest(op, req, reqBody); len(vs) > 0 {
			add("%s accepted a request that breaks the spec: %s", op.ID, joinViolations(vs))
		}
	}
	if vs := checkResponse(op, status, resp.Header, respBody); len(vs) > 0 {
		add("%s: response breaks the spec: %s", op.ID, joinViolations(vs))
	}
	return out
}

// checkRequest returns the ways a routed request breaks its operation:
// a required query parameter missing, a required body missing, or a body
// its schema does not take. Both APIs decode a request body as JSON
// whatever its Content-Type says, and match its keys case-insensitively
// (openapi.yaml): the body is checked in that light. Path parameters are
// strings, non-empty once routed.
func checkRequest(op *operation, req *http.Request, body []byte) []string {
	var out []string
	for _, q := range op.Query {
		if q.Required && !req.URL.Query().Has(q.Name) {
			out = append(out, fmt.Sprintf("query parameter %q is missing", q.Name))
		}
	}
	rb := op.RequestBody
	switch {
	case rb == nil:
	case len(body) == 0:
		if rb.Required {
			out = append(out, "the request body is required")
		}
	default:
		v, err := decodeJSON(body)
		if err != nil {
			return append(out, "the request body is not JSON: "+err.Error())
		}
		for _, e := range validate(rb.Schema, foldKeys(v, rb.Schema)) {
			out = append(out, "request body: "+e)
		}
	}
	return out
}

// checkResponse returns the ways a response breaks its operation: a status
// it declares neither exactly nor as default, a required header missing, a
// body where it declares none, a media type it does not declare, or a body
// its schema does not take. The ARGO server labels its JSON success bodies
// application/xml under "Accept: application/xml" (reference/argo-web-api.md):
// those are checked as JSON; its XML error bodies are checked for form.
func checkResponse(op *operation, status int, h http.Header, body []byte) []string {
	r := op.Responses[strconv.Itoa(status)]
	if r == nil {
		r = op.Responses["default"]
	}
	if r == nil {
		return []string{fmt.Sprintf("status %d is not declared", status)}
	}
	var out []string
	for _, name := range slices.Sorted(maps.Keys(r.Headers)) {
		if r.Headers[name] && h.Get(name) == "" {
			out = append(out, fmt.Sprintf("header %s is missing", name))
		}
	}
	ct := h.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt == "application/xml" {
		if status < 300 {
			ct = "application/json"
		} else {
			if v := checkXML(r, status, body); v != "" {
				out = append(out, v)
			}
			return out
		}
	}
	if len(r.Content) == 0 {
		if len(body) > 0 {
			out = append(out, fmt.Sprintf("status %d has no body, got %d bytes", status, len(body)))
		}
		return out
	}
	s, ok := r.mediaType(ct)
	if !ok {
		return append(out, fmt.Sprintf("Content-Type %q, want one of %q", ct, slices.Sorted(maps.Keys(r.Content))))
	}
	v, err := decodeJSON(body)
	if err != nil {
		return append(out, "the body is not JSON: "+err.Error())
	}
	name := "body"
	if s.Ref != "" {
		name = s.Ref
	}
	for _, e := range validate(s, v) {
		out = append(out, name+": "+e)
	}
	return out
}

// joinViolations puts several violations of one exchange on one line.
func joinViolations(vs []string) string { return strings.Join(vs, "; ") }

// Validator returns an observer for fakeserver.WithObserver that checks
// every exchange with a Checker and, when tb's test ends, fails it with
// every violation found (each once, with how often it happened). Register
// it before the fake (as the argument to NewTest is) so that its check
// runs after the fake has closed and every exchange is in.
func Validator(tb testing.TB) func(*http.Request, *http.Response) {
	tb.Helper()
	c, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	col := &collector{c: c, found: map[string]int{}}
	tb.Cleanup(func() {
		if msg := col.report(); msg != "" {
			tb.Error(msg)
		}
	})
	return col.observe
}

// collector gathers the violations of many exchanges.
type collector struct {
	c *Checker

	mu        sync.Mutex
	exchanges int
	bad       int
	found     map[string]int // violation → how many times
}

func (col *collector) observe(req *http.Request, resp *http.Response) {
	vs := col.c.Check(req, resp)
	col.mu.Lock()
	defer col.mu.Unlock()
	col.exchanges++
	if len(vs) > 0 {
		col.bad++
	}
	for _, v := range vs {
		col.found[v]++
	}
}

// report describes the violations found, "" if there are none.
func (col *collector) report() string {
	col.mu.Lock()
	defer col.mu.Unlock()
	if len(col.found) == 0 {
		return ""
	}
	vs := make([]string, 0, len(col.found))
	for v, n := range col.found {
		if n > 1 {
			v += fmt.Sprintf(" (%d times)", n)
		}
		vs = append(vs, v)
	}
	sort.Strings(vs)
	return fmt.Sprintf("spectest: %d of %d exchanges break openapi.yaml:\n  %s", col.bad, col.exchanges, strings.Join(vs, "\n  "))
}

func readAll(rc io.ReadCloser) ([]byte, error) {
	if rc == nil {
		return nil, nil
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
