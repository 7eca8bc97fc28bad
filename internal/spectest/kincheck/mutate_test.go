package kincheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// mutated is a variant of a JSON document and what was changed.
type mutated struct {
	what string
	body []byte
}

// replacements are the values a JSON node is replaced with, one of each
// JSON type (and a number that is not an integer).
var replacements = []struct {
	name string
	v    any
}{
	{"null", nil},
	{"an integer", json.Number("7")},
	{"a fraction", json.Number("1.5")},
	{"a string", "s"},
	{"a boolean", true},
	{"an array", []any{}},
	{"an object", map[string]any{}},
}

// jsonMutations returns body with, for each node, the node removed (an
// object member) or replaced by a value of another JSON type: every way
// a missing key or a wrong type can break a schema. Only the first two
// items of an array are mutated.
func jsonMutations(body []byte) []mutated {
	root, ok := decode(body)
	if !ok {
		return nil
	}
	var out []mutated
	var walk func(path []string, v any)
	walk = func(path []string, v any) {
		at := "/" + strings.Join(path, "/")
		if len(path) > 0 {
			if b, ok := encodeWithout(root, path); ok {
				out = append(out, mutated{"remove " + at, b})
			}
		}
		for _, r := range replacements {
			if sameKind(v, r.v) {
				continue
			}
			out = append(out, mutated{fmt.Sprintf("%s at %s", r.name, at), encodeWith(root, path, r.v)})
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(append(slices.Clip(path), k), x[k])
			}
		case []any:
			// The items of an array share one schema: the first two
			// (the first, and one after it) stand for the rest.
			for i, e := range x[:min(len(x), 2)] {
				walk(append(slices.Clip(path), strconv.Itoa(i)), e)
			}
		}
	}
	walk(nil, root)
	return out
}

func decode(body []byte) (any, bool) {
	if !json.Valid(body) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	return v, dec.Decode(&v) == nil
}

// sameKind reports whether a replacement would not change the JSON type
// (an integer for an integer, a fraction for a fraction).
func sameKind(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		return ok && strings.ContainsAny(string(x), ".eE") == strings.ContainsAny(string(y), ".eE")
	case nil:
		return b == nil
	}
	return fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b)
}

// encodeWith is root with the node at path replaced by v.
func encodeWith(root any, path []string, v any) []byte {
	b, _ := json.Marshal(edit(root, path, func(any) (any, bool) { return v, true }))
	return b
}

// encodeWithout is root without the object member at path; ok is false
// when the node is an array element.
func encodeWithout(root any, path []string) ([]byte, bool) {
	removed := false
	v := edit(root, path, func(any) (any, bool) { removed = true; return nil, false })
	if !removed {
		return nil, false
	}
	b, _ := json.Marshal(v)
	return b, true
}

// edit copies root along path and applies f at its end; f's false removes
// an object member (and leaves an array element as it is).
func edit(v any, path []string, f func(any) (any, bool)) any {
	if len(path) == 0 {
		nv, _ := f(v)
		return nv
	}
	switch x := v.(type) {
	case map[string]any:
		c := maps.Clone(x)
		if len(path) == 1 {
			if nv, keep := f(x[path[0]]); keep {
				c[path[0]] = nv
			} else {
				delete(c, path[0])
			}
			return c
		}
		c[path[0]] = edit(x[path[0]], path[1:], f)
		return c
	case []any:
		c := slices.Clone(x)
		i, _ := strconv.Atoi(path[0])
		if len(path) == 1 {
			if nv, keep := f(x[i]); keep {
				c[i] = nv
			}
			return c
		}
		c[i] = edit(x[i], path[1:], f)
		return c
	}
	return v
}

// bodyMutations are changes to a body as a whole: none at all, one where
// there was none, data after the JSON value, a JSON value cut short, text.
func bodyMutations(body []byte) []mutated {
	out := []mutated{{"not JSON", []byte("not JSON")}}
	if len(body) == 0 {
		return append(out, mutated{"a body where there was none", []byte(`{}`)})
	}
	return append(out,
		mutated{"no body", nil},
		mutated{"data after the JSON value", append(slices.Clip(body), " x"...)},
		mutated{"cut short", body[:len(body)/2]},
	)
}

// statuses and contentTypes are what a response's status and Content-Type
// are changed to: declared, undeclared (so the default response), a
// redirect; JSON, XML, text, none.
var (
	statuses     = []int{200, 201, 204, 301, 400, 404, 409, 418, 500}
	contentTypes = []string{"", "text/plain; charset=utf-8", "application/json", "application/json; charset=utf-8", "application/xml; charset=utf-8", "Application/JSON"}
)

// responseMutations are the variants of x with its response changed: its
// status, its Content-Type, its body as a whole and each node of a JSON
// body.
func responseMutations(x exchange) []exchange {
	var out []exchange
	for _, s := range statuses {
		if s != x.status {
			y := x
			y.status, y.what = s, "status "+strconv.Itoa(s)
			out = append(out, y)
		}
	}
	for _, ct := range contentTypes {
		if ct != x.respHeader.Get("Content-Type") {
			y := x
			y.respHeader = x.respHeader.Clone()
			y.respHeader.Set("Content-Type", ct)
			if ct == "" {
				y.respHeader.Del("Content-Type")
			}
			y.what = fmt.Sprintf("Content-Type %q", ct)
			out = append(out, y)
		}
	}
	for _, m := range append(bodyMutations(x.respBody), jsonMutations(x.respBody)...) {
		y := x
		y.respBody, y.what = m.body, "response: "+m.what
		out = append(out, y)
	}
	return out
}

// requestMutations are the variants of x with its request body changed,
// for an exchange the server accepted (whose request must then conform).
func requestMutations(x exchange) []exchange {
	if x.status < 200 || x.status > 299 {
		return nil
	}
	var out []exchange
	for _, m := range append(bodyMutations(x.reqBody), jsonMutations(x.reqBody)...) {
		y := x
		y.reqBody, y.what = m.body, "request: "+m.what
		out = append(out, y)
	}
	if upper, ok := upperKeys(x.reqBody); ok {
		y := x
		y.reqBody, y.what = upper, "request: keys in upper case"
		out = append(out, y)
	}
	return out
}

// upperKeys is body with every object key in upper case, which both
// servers read as the lower-case key (encoding/json's folding).
func upperKeys(body []byte) ([]byte, bool) {
	v, ok := decode(body)
	if !ok {
		return nil, false
	}
	var up func(any) any
	up = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				out[strings.ToUpper(k)] = up(e)
			}
			return out
		case []any:
			for i, e := range x {
				x[i] = up(e)
			}
		}
		return v
	}
	b, err := json.Marshal(up(v))
	return b, err == nil && !bytes.Equal(b, body)
}

// mergedResponses are, for each two recorded exchanges of one method and
// path whose JSON bodies are objects with different keys, the first with
// the members of the second added: a body two schemas of a oneOf may
// both take (users:byID's envelope and its flat user).
func mergedResponses(recorded []exchange) []exchange {
	var out []exchange
	for i, a := range recorded {
		av, ok := decode(a.respBody)
		am, isObject := av.(map[string]any)
		if !ok || !isObject {
			continue
		}
		for _, b := range recorded[i+1:] {
			bv, _ := decode(b.respBody)
			bm, isObject := bv.(map[string]any)
			if !isObject || a.method != b.method || pathOf(a.target) != pathOf(b.target) || a.status != b.status {
				continue
			}
			merged := maps.Clone(bm)
			maps.Copy(merged, am)
			if len(merged) == len(am) {
				continue
			}
			y := a
			y.respBody, _ = json.Marshal(merged)
			y.what = "response: members of " + b.target + " added"
			out = append(out, y)
		}
	}
	return out
}

func pathOf(target string) string {
	p, _, _ := strings.Cut(target, "?")
	return p
}

// shape is a body with every JSON scalar replaced by its type (or, if it
// is not JSON, its sniffed content type): two bodies of one operation with
// the same shape are mutated alike, so only the first is.
func shape(body []byte) string {
	v, ok := decode(body)
	if !ok {
		return http.DetectContentType(body)
	}
	var sh func(any) any
	sh = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				out[k] = sh(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = sh(e)
			}
			return out
		}
		return fmt.Sprintf("%T", v)
	}
	b, _ := json.Marshal(sh(v))
	return string(b)
}
