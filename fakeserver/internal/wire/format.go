package wire

import (
	"strconv"
	"unicode/utf8"
)

// Format is how a server writes JSON: its layout and its string escaping.
type Format uint8

const (
	// Compact is the Astra servers' JSON: no whitespace, and strings
	// escaped only where JSON requires it (control characters as \n, \r,
	// \t or \u00XX; no HTML escaping).
	Compact Format = iota
	// Indented is encoding/json's json.MarshalIndent(v, "", " "), which the
	// ARGO server writes every body with: one space per level, ": " after
	// keys, and strings escaped as encoding/json escapes them (<, > and &
	// as \u003c, \u003e and \u0026; \b and \f short).
	Indented
)

// Which ASCII bytes stand for themselves inside a JSON string, as bit
// masks: bit b of lo for b < 64, bit b-64 of hi for the rest.
const (
	printableLo = 0xFFFF_FFFF_0000_0000 // 0x20 to 0x3F
	compactLo   = printableLo &^ (1 << '"')
	htmlSafeLo  = compactLo &^ (1<<'&' | 1<<'<' | 1<<'>')
	safeHi      = ^uint64(0) &^ (1 << ('\\' - 64)) // DEL (0x7F) included, as encoding/json has it
)

const hexDigits = "0123456789abcdef"

// safeLo is f's mask of the ASCII bytes below 64 that stand for
// themselves (safeHi covers the rest, alike in both formats).
func (f Format) safeLo() uint64 {
	if f == Indented {
		return htmlSafeLo
	}
	return compactLo
}

// AppendString appends s as a JSON string. Invalid UTF-8 becomes \ufffd and
// U+2028 and U+2029 are escaped, in both formats as encoding/json does, so
// any stored byte string yields valid JSON.
func (f Format) AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	lo := f.safeLo()
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 64 && lo>>b&1 == 1 || b >= 64 && safeHi>>(b-64)&1 == 1 {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch {
			case b == '"' || b == '\\':
				dst = append(dst, '\\', b)
			case b == '\n':
				dst = append(dst, '\\', 'n')
			case b == '\r':
				dst = append(dst, '\\', 'r')
			case b == '\t':
				dst = append(dst, '\\', 't')
			case b == '\b' && f == Indented:
				dst = append(dst, '\\', 'b')
			case b == '\f' && f == Indented:
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but they end lines in JavaScript; encoding/json
			// escapes them too.
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// indent is the new line and spaces newline appends, for the usual
// depths in one copy.
const indent = "\n                "

// newline starts a line indented by depth spaces (Indented only).
func newline(b []byte, depth int) []byte {
	if depth < len(indent) {
		return append(b, indent[:depth+1]...)
	}
	b = append(b, indent...)
	for range depth - (len(indent) - 1) {
		b = append(b, ' ')
	}
	return b
}

// container is what Object and Array share: a format, the depth of the
// closing bracket, and how many members or elements were written.
type container struct {
	f     Format
	depth int
	n     int
}

// next writes the separator and, indented, the new line of the next member
// or element.
func (c *container) next(b []byte) []byte {
	if c.n > 0 {
		b = append(b, ',')
	}
	c.n++
	if c.f == Indented {
		b = newline(b, c.depth+1)
	}
	return b
}

// close writes the closing bracket, on a line of its own when indented and
// not empty.
func (c *container) close(b []byte, bracket byte) []byte {
	if c.n > 0 && c.f == Indented {
		b = newline(b, c.depth)
	}
	return append(b, bracket)
}

// colon ends a key.
func (c *container) colon(b []byte) []byte {
	if c.f == Indented {
		return append(b, ':', ' ')
	}
	return append(b, ':')
}

// Object writes the members of one JSON object. Its closing brace sits at
// the depth it was opened with; members are one level deeper.
type Object struct{ c container }

// OpenObject writes "{" for an object whose closing brace sits at depth
// (Compact ignores depth).
func (f Format) OpenObject(b []byte, depth int) ([]byte, Object) {
	return append(b, '{'), Object{container{f: f, depth: depth}}
}

// Key starts the next member: separator, layout, the quoted key and the
// colon. Keys are constant ASCII names that need no escaping.
func (o *Object) Key(b []byte, k string) []byte {
	b = append(o.c.next(b), '"')
	b = append(b, k...)
	return o.c.colon(append(b, '"'))
}

// MapKey starts the next member of an object that stands for a map: its
// key is data, escaped as a string.
func (o *Object) MapKey(b []byte, k string) []byte {
	return o.c.colon(o.c.f.AppendString(o.c.next(b), k))
}

// Depth is the depth a member's value opens at.
func (o *Object) Depth() int { return o.c.depth + 1 }

// String writes a member whose value is a string.
func (o *Object) String(b []byte, k, v string) []byte { return o.c.f.AppendString(o.Key(b, k), v) }

// Bool writes a member whose value is a boolean.
func (o *Object) Bool(b []byte, k string, v bool) []byte { return strconv.AppendBool(o.Key(b, k), v) }

// Int writes a member whose value is an integer.
func (o *Object) Int(b []byte, k string, v int64) []byte {
	return strconv.AppendInt(o.Key(b, k), v, 10)
}

// Strings writes a member whose value is an array of strings ([] for
// none).
func (o *Object) Strings(b []byte, k string, vs []string) []byte {
	b, a := o.c.f.OpenArray(o.Key(b, k), o.Depth())
	for _, v := range vs {
		b = o.c.f.AppendString(a.Next(b), v)
	}
	return a.Close(b)
}

// Close writes the closing brace ("{}" for an object without members).
func (o *Object) Close(b []byte) []byte { return o.c.close(b, '}') }

// Array writes the elements of one JSON array. Its closing bracket sits at
// the depth it was opened with; elements are one level deeper.
type Array struct{ c container }

// OpenArray writes "[" for an array whose closing bracket sits at depth
// (Compact ignores depth).
func (f Format) OpenArray(b []byte, depth int) ([]byte, Array) {
	return append(b, '['), Array{container{f: f, depth: depth}}
}

// Next starts the next element.
func (a *Array) Next(b []byte) []byte { return a.c.next(b) }

// Depth is the depth an element opens at.
func (a *Array) Depth() int { return a.c.depth + 1 }

// Close writes the closing bracket ("[]" for an empty array).
func (a *Array) Close(b []byte) []byte { return a.c.close(b, ']') }
