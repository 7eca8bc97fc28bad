package testkit

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Diff reports how got differs from want, as the lines of both values
// with "-" before a line only want has and "+" before a line only got has
// (go-cmp's "-want +got" form), or "" when they are equal.
//
// Values are equal when they print the same: structs field by field
// (unexported fields included), maps with their keys sorted, pointers by
// what they point to, a nil slice or map apart from an empty one, numbers
// exactly, and values of types with an Equal method (time.Time) by that
// method. It needs nothing but the standard library, so the tests of every
// package a tenantkit user imports can use it without putting a module
// into that user's go.sum (go mod tidy records the imports of those tests).
func Diff(want, got any) string {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	if equalByMethod(w, g) {
		return ""
	}
	wl, gl := render(w), render(g)
	if w.IsValid() && g.IsValid() && w.Type() != g.Type() {
		wl[0] = w.Type().String() + " " + wl[0]
		gl[0] = g.Type().String() + " " + gl[0]
	}
	if slicesEqual(wl, gl) {
		return ""
	}
	return lineDiff(wl, gl)
}

// Equal reports whether Diff(want, got) is "".
func Equal(want, got any) bool { return Diff(want, got) == "" }

// WantEqual fails the test, showing Diff(want, got) under what, unless
// want and got are equal; it reports whether they were.
func WantEqual(tb testing.TB, what string, want, got any) bool {
	tb.Helper()
	if diff := Diff(want, got); diff != "" {
		tb.Errorf("%s (-want +got):\n%s", what, diff)
		return false
	}
	return true
}

// equalByMethod reports whether two values of one type with an
// Equal(T) bool method say they are equal.
func equalByMethod(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() || a.Type() != b.Type() {
		return false
	}
	m, ok := a.Type().MethodByName("Equal")
	if !ok || m.Type.NumIn() != 2 || m.Type.In(1) != a.Type() || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Bool {
		return false
	}
	return m.Func.Call([]reflect.Value{a, b})[0].Bool()
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// render prints v as indented lines of Go-like syntax.
func render(v reflect.Value) []string {
	p := printer{seen: map[uintptr]bool{}}
	p.value(v, 0, "", "", false)
	return p.lines
}

type printer struct {
	lines []string
	seen  map[uintptr]bool // pointers being printed, to stop at cycles
}

func (p *printer) line(depth int, s string) {
	p.lines = append(p.lines, strings.Repeat("\t", depth)+s)
}

// value prints v at depth: prefix before it (a field name or map key),
// suffix after it ("," inside a composite). inInterface is set for a
// value held in an interface, whose dynamic type is then shown.
func (p *printer) value(v reflect.Value, depth int, prefix, suffix string, inInterface bool) {
	if !v.IsValid() {
		p.line(depth, prefix+"nil"+suffix)
		return
	}
	if s, ok := scalar(v, inInterface); ok {
		p.line(depth, prefix+s+suffix)
		return
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			p.line(depth, prefix+"nil"+suffix)
			return
		}
		p.value(v.Elem(), depth, prefix, suffix, true)
	case reflect.Pointer:
		if v.IsNil() {
			p.line(depth, prefix+"nil"+suffix)
			return
		}
		addr := v.Pointer()
		if p.seen[addr] {
			p.line(depth, prefix+"&<cycle>"+suffix)
			return
		}
		p.seen[addr] = true
		p.value(v.Elem(), depth, prefix+"&", suffix, false)
		delete(p.seen, addr)
	case reflect.Struct:
		if s, ok := stringOf(v); ok {
			p.line(depth, prefix+t.String()+"("+strconv.Quote(s)+")"+suffix)
			return
		}
		if t.NumField() == 0 {
			p.line(depth, prefix+t.String()+"{}"+suffix)
			return
		}
		p.line(depth, prefix+t.String()+"{")
		for i := range t.NumField() {
			p.value(v.Field(i), depth+1, t.Field(i).Name+": ", ",", false)
		}
		p.line(depth, "}"+suffix)
	case reflect.Map:
		if v.IsNil() {
			p.line(depth, prefix+t.String()+"(nil)"+suffix)
			return
		}
		if v.Len() == 0 {
			p.line(depth, prefix+t.String()+"{}"+suffix)
			return
		}
		type entry struct {
			key string
			val reflect.Value
		}
		entries := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			entries = append(entries, entry{strings.Join(render(it.Key()), " "), it.Value()})
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
		p.line(depth, prefix+t.String()+"{")
		for _, e := range entries {
			p.value(e.val, depth+1, e.key+": ", ",", false)
		}
		p.line(depth, "}"+suffix)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			p.line(depth, prefix+t.String()+"(nil)"+suffix)
			return
		}
		if t.Elem().Kind() == reflect.Uint8 {
			p.line(depth, prefix+t.String()+"("+bytesLiteral(v)+")"+suffix)
			return
		}
		if v.Len() == 0 {
			p.line(depth, prefix+t.String()+"{}"+suffix)
			return
		}
		p.line(depth, prefix+t.String()+"{")
		for i := range v.Len() {
			p.value(v.Index(i), depth+1, "", ",", false)
		}
		p.line(depth, "}"+suffix)
	default: // func, chan, unsafe pointer: by identity
		if v.IsNil() {
			p.line(depth, prefix+t.String()+"(nil)"+suffix)
			return
		}
		p.line(depth, prefix+t.String()+"("+fmt.Sprintf("%#x", v.Pointer())+")"+suffix)
	}
}

// scalar prints a value that fits on one line: strings, numbers, booleans.
// In an interface, a type other than the literal's default is named, so
// any(1) and any(int64(1)) differ.
func scalar(v reflect.Value, inInterface bool) (string, bool) {
	t := v.Type()
	var s string
	switch v.Kind() {
	case reflect.String:
		s = strconv.Quote(v.String())
	case reflect.Bool:
		s = strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) {
			s = "NaN"
		} else {
			s = strconv.FormatFloat(f, 'g', -1, t.Bits())
		}
	case reflect.Complex64, reflect.Complex128:
		s = strconv.FormatComplex(v.Complex(), 'g', -1, t.Bits())
	default:
		return "", false
	}
	// A named type (a Kind, a Duration, an enum) is shown with its name,
	// and a duration readably too.
	if t.PkgPath() != "" {
		if d, ok := durationOf(v); ok {
			return t.String() + "(" + d + ")", true
		}
		return t.String() + "(" + s + ")", true
	}
	if inInterface && t != defaultType(v.Kind()) {
		return t.String() + "(" + s + ")", true
	}
	return s, true
}

// defaultType is the type an untyped constant of the kind would have.
func defaultType(k reflect.Kind) reflect.Type {
	switch k {
	case reflect.String:
		return reflect.TypeFor[string]()
	case reflect.Bool:
		return reflect.TypeFor[bool]()
	case reflect.Int:
		return reflect.TypeFor[int]()
	case reflect.Float64:
		return reflect.TypeFor[float64]()
	}
	return nil
}

// durationOf prints a time.Duration as time prints it.
func durationOf(v reflect.Value) (string, bool) {
	if v.Type().String() != "time.Duration" || !v.CanInterface() {
		return "", false
	}
	s, ok := v.Interface().(fmt.Stringer)
	if !ok {
		return "", false
	}
	return s.String(), true
}

// stringOf prints structs that only make sense through their String
// method, such as time.Time (whose fields are a wall clock, a monotonic
// reading and a location pointer).
func stringOf(v reflect.Value) (string, bool) {
	if v.Type().String() != "time.Time" || !v.CanInterface() {
		return "", false
	}
	return v.Interface().(fmt.Stringer).String(), true
}

// bytesLiteral prints bytes as a string when they are text, else as hex.
func bytesLiteral(v reflect.Value) string {
	b := make([]byte, v.Len())
	for i := range b {
		b[i] = byte(v.Index(i).Uint())
	}
	if utf8.Valid(b) {
		return strconv.Quote(string(b))
	}
	return fmt.Sprintf("0x%x", b)
}
