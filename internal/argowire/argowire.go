// Package argowire holds what the tenants and users packages share about the
// ARGO Web API's wire: its paths, how an ID may appear in them, and its
// response envelope, whose "data" is a one-element array for single reads,
// an object for creates and key renewals, and null or [] for nothing.
package argowire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
)

// TenantsPath is the collection every tenant path starts with.
const TenantsPath = "/api/v2/admin/tenants"

// Segment escapes an ID for a path, or returns an error naming op when the ID
// cannot address anything: empty, holding "/" (the server's router splits
// the decoded path there), or "." and "..", which the router cleans away
// with a redirect that would turn a DELETE into a GET of another resource.
// what names the kind of ID ("tenant", "user") in the error.
func Segment(op tenantkit.Operation, what, id string) (string, error) {
	switch {
	case id == "":
		return "", fmt.Errorf("tenantkit: %s: empty %s ID", op, what)
	case id == ".", id == "..", strings.Contains(id, "/"):
		return "", fmt.Errorf("tenantkit: %s: %q cannot be a %s ID", op, id, what)
	}
	return url.PathEscape(id), nil
}

// TenantPath returns the path of one tenant (see Segment for the errors).
func TenantPath(op tenantkit.Operation, id string) (string, error) {
	seg, err := Segment(op, "tenant", id)
	if err != nil {
		return "", err
	}
	return TenantsPath + "/" + seg, nil
}

// Items is the "data" member of an envelope. Single reads carry a
// one-element array; it also accepts a bare object (a create's or a key
// renewal's data) and null, so no shape the server might send is an error on
// its own.
type Items[T any] []T

// UnmarshalJSON accepts an array, an object (one item) or null.
func (l *Items[T]) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '{' {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = Items[T]{v}
		return nil
	}
	return json.Unmarshal(b, (*[]T)(l))
}

// Envelope is the part of a response body the SDK reads.
type Envelope[T any] struct {
	Data Items[T] `json:"data"`
}

// ListEnvelope is Envelope for a body whose data is a list, as in every
// read. As a client.BodyDecoder it parses such a body in one pass, where
// Items's own UnmarshalJSON would have encoding/json scan the list three
// times. Any other body (a bare object, null, or one the plain form rejects)
// is decoded again into the lenient Envelope, whose result and error count.
type ListEnvelope[T any] Envelope[T]

// DecodeBody decodes body as Envelope would, faster for the common shape.
func (e *ListEnvelope[T]) DecodeBody(body []byte) error {
	var plain struct {
		Data []T `json:"data"`
	}
	err := json.Unmarshal(body, &plain)
	if err == nil {
		e.Data = plain.Data
		return nil
	}
	if !json.Valid(body) {
		return err // malformed: the same syntax error either way
	}
	return json.Unmarshal(body, (*Envelope[T])(e))
}

// ObjectEnvelope is Envelope for a body whose data is one object, as in a
// create's or a key renewal's answer. Like ListEnvelope, as a
// client.BodyDecoder it parses such a body in one pass (Items would scan
// the object twice) and decodes any other body again into the lenient
// Envelope, whose result and error count.
type ObjectEnvelope[T any] Envelope[T]

// DecodeBody decodes body as Envelope would, faster for the common shape.
func (e *ObjectEnvelope[T]) DecodeBody(body []byte) error {
	var plain struct {
		Data *T `json:"data"` // nil for null or absent, as Items has it
	}
	err := json.Unmarshal(body, &plain)
	if err == nil {
		e.Data = nil
		if plain.Data != nil {
			e.Data = Items[T]{*plain.Data}
		}
		return nil
	}
	if !json.Valid(body) {
		return err // malformed: the same syntax error either way
	}
	return json.Unmarshal(body, (*Envelope[T])(e))
}

// Created is the data of a create's answer, as far as the SDK needs it: the
// new ID (tenants.ArgoCreated is the whole object, with its link).
type Created struct {
	ID string `json:"id"`
}

// Create sends a create and returns the one object its answer's data holds.
// An answer without it, or whose object has no ID (idOf reads it), is an
// error matching client.ErrOutcomeUnknown: the server said it succeeded,
// so the item may exist. what names the item ("tenant", "user").
func Create[T any](ctx context.Context, c *client.Client, req client.Request, what string, idOf func(*T) string) (T, error) {
	var env ObjectEnvelope[T]
	resp, err := c.Do(ctx, req, &env)
	if err != nil {
		var zero T
		return zero, err
	}
	if len(env.Data) == 0 || idOf(&env.Data[0]) == "" {
		var zero T
		return zero, fmt.Errorf("tenantkit: %s %s %s: %d response without the new %s's ID (%w)",
			req.Operation, req.Method, req.Path, resp.StatusCode, what, client.ErrOutcomeUnknown)
	}
	return env.Data[0], nil
}

// NoData is the error for a 2xx response without the item asked for (data
// empty, null or absent, or holding other IDs): it matches
// client.ErrNotFound, since the server did not show the item. The server
// itself answers 404 for unknown IDs, so this only happens behind a proxy or
// with a different server version. It is not an *client.APIError: the status
// was a success. what names the item ("tenant t1").
func NoData(req client.Request, status int, what string) error {
	return fmt.Errorf("tenantkit: %s %s %s: %d response without %s: %w",
		req.Operation, req.Method, req.Path, status, what, client.ErrNotFound)
}

// Pick returns the item whose ID, as idOf reads it, is id. Another item is
// never returned in its place: a read-modify-write would write it back under
// id.
func Pick[T any](items []T, id string, idOf func(*T) string) (T, bool) {
	for i := range items {
		if idOf(&items[i]) == id {
			return items[i], true
		}
	}
	var zero T
	return zero, false
}

// One sends a read whose data holds one item and returns the item with ID
// id (see Pick), or NoData naming what.
func One[T any](ctx context.Context, c *client.Client, req client.Request, what, id string, idOf func(*T) string) (T, error) {
	var env ListEnvelope[T]
	resp, err := c.Do(ctx, req, &env)
	if err != nil {
		var zero T
		return zero, err
	}
	if item, ok := Pick(env.Data, id, idOf); ok {
		return item, nil
	}
	var zero T
	return zero, NoData(req, resp.StatusCode, what+" "+id)
}
