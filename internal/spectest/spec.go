package spectest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

//go:generate go -C ../../tools run ./genspec -spec ../openapi.yaml -out ../internal/spectest/openapi.gen.json

// specJSON is openapi.yaml in the form this package reads: what the checks
// need of each operation, and the component schemas (tools/genspec).
//
//go:embed openapi.gen.json
var specJSON []byte

// spec is the document tools/genspec writes.
type spec struct {
	Generated  string             `json:"generated"`
	Operations []*operation       `json:"operations"`
	Schemas    map[string]*schema `json:"schemas"`
}

// operation is what the checks need of one operation.
type operation struct {
	ID     string `json:"id"`
	Method string `json:"method"`
	// Path is the template, such as /v2/organizations/users/{userID}.
	Path  string `json:"path"`
	Query []struct {
		Name     string `json:"name"`
		Required bool   `json:"required"`
	} `json:"query"`
	RequestBody *struct {
		Required bool    `json:"required"`
		Schema   *schema `json:"schema"`
	} `json:"requestBody"`
	// Responses are keyed by status ("200") or "default".
	Responses map[string]*response `json:"responses"`

	segments []string // Path split at "/"
}

// response is one declared response.
type response struct {
	// Headers maps each declared header to whether it is required.
	Headers map[string]bool `json:"headers"`
	// Content maps each media type to its schema; empty when the response
	// has no body.
	Content map[string]*schema `json:"content"`
}

// parseSpec reads a document written by tools/genspec, refusing a key it
// does not know (a keyword the generator learnt and this package did not),
// and links every $ref to its component.
func parseSpec(data []byte) (*spec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sp spec
	if err := dec.Decode(&sp); err != nil {
		return nil, fmt.Errorf("spectest: reading openapi.gen.json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("spectest: reading openapi.gen.json: data after the document")
	}
	for name, s := range sp.Schemas {
		if err := sp.link(s, "components.schemas."+name); err != nil {
			return nil, err
		}
	}
	for _, op := range sp.Operations {
		op.segments = strings.Split(op.Path, "/")
		where := op.ID
		if rb := op.RequestBody; rb != nil {
			if err := sp.link(rb.Schema, where+" requestBody"); err != nil {
				return nil, err
			}
		}
		for status, r := range op.Responses {
			for mt, s := range r.Content {
				if err := sp.link(s, where+" "+status+" "+mt); err != nil {
					return nil, err
				}
			}
		}
	}
	return &sp, nil
}

// link points each $ref in s (and below) at its component.
func (sp *spec) link(s *schema, where string) error {
	if s == nil {
		return fmt.Errorf("spectest: %s: missing schema", where)
	}
	if s.Ref != "" {
		if s.target = sp.Schemas[s.Ref]; s.target == nil {
			return fmt.Errorf("spectest: %s: $ref to unknown schema %s", where, s.Ref)
		}
		return nil
	}
	var subs []*schema
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		subs = append(subs, s.Properties[name])
	}
	if s.AdditionalProperties.schema != nil {
		subs = append(subs, s.AdditionalProperties.schema)
	}
	if s.Items != nil {
		subs = append(subs, s.Items)
	}
	subs = append(append(subs, s.OneOf...), s.AllOf...)
	for _, sub := range subs {
		if err := sp.link(sub, where); err != nil {
			return err
		}
	}
	return nil
}

// route finds the operation that answers method on p (a decoded path): the
// one whose template has p's segments, each parameter non-empty, as the
// servers' routers match (no forgiven empty segments or trailing slashes).
func (sp *spec) route(method, p string) *operation {
	segs := strings.Split(p, "/")
	for _, op := range sp.Operations {
		if op.Method == method && matches(op.segments, segs) {
			return op
		}
	}
	return nil
}

func matches(template, segs []string) bool {
	if len(template) != len(segs) {
		return false
	}
	for i, t := range template {
		if strings.HasPrefix(t, "{") {
			if segs[i] == "" {
				return false
			}
		} else if t != segs[i] {
			return false
		}
	}
	return true
}

// mediaType finds the schema a response with Content-Type ct has: the
// media type as written, else without its parameters (charset); media
// types are case-insensitive.
func (r *response) mediaType(ct string) (*schema, bool) {
	ct = strings.ToLower(strings.TrimSpace(ct))
	if s, ok := r.Content[ct]; ok {
		return s, true
	}
	base, _, _ := strings.Cut(ct, ";")
	s, ok := r.Content[strings.TrimSpace(base)]
	return s, ok
}
