package spectest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// schema is the part of an OpenAPI 3.0 schema object that openapi.yaml
// uses, as tools/genspec writes it (which refuses any other keyword).
// Validation follows OpenAPI 3.0 as kin-openapi implements it (the kincheck
// tests hold the two to the same verdicts): no type means any type but
// null; null is valid only where nullable is true, or where the oneOf and
// allOf schemas take it; oneOf needs exactly one match; properties not
// listed are allowed unless additionalProperties is false.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Nullable             bool               `json:"nullable"`
	Enum                 []string           `json:"enum"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties additional         `json:"additionalProperties"`
	Items                *schema            `json:"items"`
	OneOf                []*schema          `json:"oneOf"`
	AllOf                []*schema          `json:"allOf"`

	target *schema // the component a $ref names (parseSpec)
}

// additional is additionalProperties: absent or true (anything), false
// (nothing), or a schema.
type additional struct {
	forbidden bool
	schema    *schema
}

func (a *additional) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true":
		*a = additional{}
		return nil
	case "false":
		*a = additional{forbidden: true}
		return nil
	}
	a.schema = new(schema)
	return json.Unmarshal(b, a.schema)
}

// resolved is s with its $ref followed.
func (s *schema) resolved() *schema {
	if s.target != nil {
		return s.target
	}
	return s
}

// name says which schema s is in a message: its component's name, or its
// type.
func (s *schema) name() string {
	switch {
	case s.Ref != "":
		return s.Ref
	case s.Type != "":
		return s.Type
	}
	return "schema"
}

// decodeJSON reads one JSON value as json.Unmarshal would (nothing may
// follow it but white space), numbers kept as text so that one beyond
// float64 is reported where it is rather than as a decoding error.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	for _, c := range data[dec.InputOffset():] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return nil, fmt.Errorf("invalid character %q after top-level value", c)
		}
	}
	return v, nil
}

// validate returns the ways v (as decodeJSON returns it) breaks s, each
// prefixed with where in v it is (a JSON pointer).
func validate(s *schema, v any) []string {
	var out []string
	check(s, v, "", &out)
	return out
}

func check(s *schema, v any, at string, out *[]string) {
	s = s.resolved()
	fail := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if at != "" {
			msg = fmt.Sprintf("at %q: %s", at, msg)
		}
		*out = append(*out, msg)
	}
	if v == nil && s.Nullable {
		return
	}

	if len(s.OneOf) > 0 {
		var matched []string
		var why []string
		for _, o := range s.OneOf {
			var errs []string
			check(o, v, at, &errs)
			if len(errs) == 0 {
				matched = append(matched, o.name())
			} else {
				why = append(why, o.name()+": "+strings.Join(errs, ", "))
			}
		}
		switch {
		case len(matched) > 1:
			fail("value matches more than one schema of oneOf (%s)", strings.Join(matched, ", "))
			return
		case len(matched) == 0:
			fail("value matches no schema of oneOf (%s)", strings.Join(why, " | "))
			return
		}
	}
	if len(s.AllOf) > 0 {
		n := len(*out)
		for _, a := range s.AllOf {
			check(a, v, at, out)
		}
		if len(*out) > n {
			return
		}
	}
	if v == nil && (len(s.OneOf) > 0 || len(s.AllOf) > 0) {
		return // null taken by the schemas above
	}

	if len(s.Enum) > 0 {
		if str, ok := v.(string); !ok || !slices.Contains(s.Enum, str) {
			if ok {
				fail("value %q is not one of %q", str, s.Enum)
			} else {
				fail("value must be one of %q, got %s", s.Enum, kind(v))
			}
			return
		}
	}

	switch x := v.(type) {
	case nil:
		fail("value is null, and the schema is not nullable")
	case bool:
		if !s.permits("boolean") {
			fail("value must be %s, got %s", article(s.Type), kind(v))
		}
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		switch {
		case err != nil:
			fail("number %s is out of range", x)
		case s.Type == "integer" && f != math.Trunc(f):
			fail("value must be an integer, got %s", x)
		case s.Type != "" && s.Type != "integer" && s.Type != "number":
			fail("value must be %s, got %s", article(s.Type), kind(v))
		}
	case string:
		if !s.permits("string") {
			fail("value must be %s, got %s", article(s.Type), kind(v))
		}
	case []any:
		if !s.permits("array") {
			fail("value must be %s, got %s", article(s.Type), kind(v))
			return
		}
		if s.Items != nil {
			for i, e := range x {
				check(s.Items, e, at+"/"+strconv.Itoa(i), out)
			}
		}
	case map[string]any:
		if !s.permits("object") {
			fail("value must be %s, got %s", article(s.Type), kind(v))
			return
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			switch p, ok := s.Properties[k]; {
			case ok:
				check(p, x[k], at+"/"+k, out)
			case s.AdditionalProperties.forbidden:
				fail("property %q is not allowed", k)
			case s.AdditionalProperties.schema != nil:
				check(s.AdditionalProperties.schema, x[k], at+"/"+k, out)
			}
		}
		for _, k := range s.Required {
			if _, ok := x[k]; !ok {
				fail("property %q is missing", k)
			}
		}
	}
}

// permits reports whether a value of JSON type t may have s's type.
func (s *schema) permits(t string) bool { return s.Type == "" || s.Type == t }

// article is a type name with its article: "an object", "a string".
func article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	}
	return "a " + t
}

// kind names v's JSON type. Messages name the type of a wrong value, not
// the value, which may be a secret (an API key, a password).
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	}
	return "an object"
}

// foldKeys reads a JSON request body as both servers' encoding/json does:
// an object key that matches a property of the schema only
// case-insensitively takes the property's spelling, and a null body for an
// object is {} (decoding null into a struct does nothing). Keys of a map
// (additionalProperties) are kept; the objects inside it are folded.
func foldKeys(v any, s *schema) any {
	s = s.resolved()
	if v == nil && s.Type == "object" {
		return map[string]any{}
	}
	return fold(v, s)
}

func fold(v any, s *schema) any {
	s = s.resolved()
	switch x := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 {
			if ap := s.AdditionalProperties.schema; ap != nil {
				for k, e := range x {
					x[k] = fold(e, ap)
				}
			}
			return x
		}
		out := make(map[string]any, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			name := k
			if _, ok := s.Properties[k]; !ok {
				for _, p := range slices.Sorted(maps.Keys(s.Properties)) {
					if strings.EqualFold(p, k) {
						name = p
						break
					}
				}
			}
			if p, ok := s.Properties[name]; ok {
				out[name] = fold(x[k], p)
			} else {
				out[name] = x[k]
			}
		}
		return out
	case []any:
		if s.Items != nil {
			for i, e := range x {
				x[i] = fold(e, s.Items)
			}
		}
		return x
	}
	return v
}
