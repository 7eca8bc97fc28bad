package users

// The ARGO envelope and path rules shared by the user calls. (tenants has
// its own copy: the two packages share no unexported code.)

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/tenantkit/tenantkit/client"
)

// argoTenantsPath is the collection every tenant path starts with.
const argoTenantsPath = "/api/v2/admin/tenants"

// argoPathSegment escapes an ID for a path, or returns an error naming op
// when the ID cannot address anything: empty, holding "/" (the server's
// router splits the decoded path there), or "." and "..", which the router
// cleans away with a redirect that would turn a DELETE into a GET of
// another resource.
func argoPathSegment(op, what, id string) (string, error) {
	switch {
	case id == "":
		return "", fmt.Errorf("tenantkit: %s: empty %s ID", op, what)
	case id == ".", id == "..", strings.Contains(id, "/"):
		return "", fmt.Errorf("tenantkit: %s: %q cannot be a %s ID", op, id, what)
	}
	return url.PathEscape(id), nil
}

// argoUsersPath returns the path of a tenant's users.
func argoUsersPath(op, tenantID string) (string, error) {
	t, err := argoPathSegment(op, "tenant", tenantID)
	if err != nil {
		return "", err
	}
	return argoTenantsPath + "/" + t + "/users", nil
}

// argoUserPath returns the path of one user of a tenant.
func argoUserPath(op, tenantID, userID string) (string, error) {
	p, err := argoUsersPath(op, tenantID)
	if err != nil {
		return "", err
	}
	u, err := argoPathSegment(op, "user", userID)
	if err != nil {
		return "", err
	}
	return p + "/" + u, nil
}

// argoItems is the "data" member of an ARGO envelope. Single reads carry a
// one-element array; it also accepts a bare object (a create's or a key
// renewal's data) and null, so no shape the server might send is an error
// on its own.
type argoItems[T any] []T

func (l *argoItems[T]) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '{' {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = argoItems[T]{v}
		return nil
	}
	return json.Unmarshal(b, (*[]T)(l))
}

// argoEnvelope is the part of an ARGO response body the SDK reads.
type argoEnvelope[T any] struct {
	Data argoItems[T] `json:"data"`
}

// argoListEnvelope is argoEnvelope for a body whose data is a list, as in
// every read. As a client.BodyDecoder it parses such a body once, where
// argoItems's own UnmarshalJSON would have json scan the list three times.
// Any other body (a bare object, or one the plain form rejects) is decoded
// again into the lenient argoEnvelope, whose result and error count.
type argoListEnvelope[T any] argoEnvelope[T]

func (e *argoListEnvelope[T]) DecodeBody(body []byte) error {
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
	return json.Unmarshal(body, (*argoEnvelope[T])(e))
}

// argoNoData is the error for a 2xx response without the user asked for
// (data empty, null or absent, or holding other IDs): it matches
// client.ErrNotFound, since the server did not show the user. The server
// itself answers 404 for unknown IDs, so this only happens behind a proxy
// or with a different server version. It is not an *client.APIError: the
// status was a success.
func argoNoData(req client.Request, status int, id string) error {
	return fmt.Errorf("tenantkit: %s %s %s: %d response without user %s: %w",
		req.Operation, req.Method, req.Path, status, id, client.ErrNotFound)
}

// argoPick returns the user with the given ID. Another user is never
// returned in its place.
func argoPick(us []ArgoUser, id string) (ArgoUser, bool) {
	for _, u := range us {
		if u.ID == id {
			return u, true
		}
	}
	return ArgoUser{}, false
}

// argoOneUser sends a read whose data holds one user (in a one-element
// array) and returns the user with the given ID.
func argoOneUser(ctx context.Context, c *client.Client, req client.Request, id string) (ArgoUser, error) {
	var env argoListEnvelope[ArgoUser]
	resp, err := c.Do(ctx, req, &env)
	if err != nil {
		return ArgoUser{}, err
	}
	if u, ok := argoPick(env.Data, id); ok {
		return u, nil
	}
	return ArgoUser{}, argoNoData(req, resp.StatusCode, id)
}
