package fakeserver

// The ARGO server renders every body with json.MarshalIndent(v, "", " ").
// The fake writes the same bytes by hand, straight into one buffer, because
// reflection-driven marshalling of large tenant lists dominated the cost of
// a request. argo_json_test.go checks these writers against encoding/json.

import (
	"encoding/json"
	"strconv"
)

// argoNewline starts a line indented by depth spaces.
func argoNewline(b []byte, depth int) []byte {
	b = append(b, '\n')
	for range depth {
		b = append(b, ' ')
	}
	return b
}

// argoObject writes the members of one JSON object at a given depth.
type argoObject struct {
	depth int
	n     int
}

// argoOpenObject writes "{" for an object whose closing brace sits at depth.
func argoOpenObject(b []byte, depth int) ([]byte, argoObject) {
	return append(b, '{'), argoObject{depth: depth}
}

// key starts the next member: separator, newline, indent, quoted key and
// ": ". Keys are constant ASCII names that need no escaping.
func (o *argoObject) key(b []byte, k string) []byte {
	if o.n > 0 {
		b = append(b, ',')
	}
	o.n++
	b = argoNewline(b, o.depth+1)
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':', ' ')
}

// close writes the closing brace ("{}" for an object without members).
func (o *argoObject) close(b []byte) []byte {
	if o.n > 0 {
		b = argoNewline(b, o.depth)
	}
	return append(b, '}')
}

func (o *argoObject) str(b []byte, k, v string) []byte {
	return argoString(o.key(b, k), v)
}

func (o *argoObject) boolean(b []byte, k string, v bool) []byte {
	return strconv.AppendBool(o.key(b, k), v)
}

func (o *argoObject) integer(b []byte, k string, v int64) []byte {
	return strconv.AppendInt(o.key(b, k), v, 10)
}

// argoArray writes the elements of one JSON array at a given depth.
type argoArray struct {
	depth int
	n     int
}

func argoOpenArray(b []byte, depth int) ([]byte, argoArray) {
	return append(b, '['), argoArray{depth: depth}
}

// next starts the next element.
func (a *argoArray) next(b []byte) []byte {
	if a.n > 0 {
		b = append(b, ',')
	}
	a.n++
	return argoNewline(b, a.depth+1)
}

// close writes the closing bracket ("[]" for an empty array).
func (a *argoArray) close(b []byte) []byte {
	if a.n > 0 {
		b = argoNewline(b, a.depth)
	}
	return append(b, ']')
}

// argoPlainJSON reports whether c stands for itself inside a JSON string as
// encoding/json writes it: printable ASCII except '"', '\\' and the HTML
// characters '<', '>', '&', which encoding/json escapes.
func argoPlainJSON(c byte) bool {
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
}

// argoString appends s as a JSON string exactly as encoding/json does (HTML
// escaping, \ufffd for invalid UTF-8, escaped U+2028/U+2029). Plain strings
// take a fast path; anything else goes through encoding/json itself.
func argoString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !argoPlainJSON(s[i]) {
			q, err := json.Marshal(s)
			if err != nil { // cannot happen for a string; stay valid anyway
				return append(b, `""`...)
			}
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
