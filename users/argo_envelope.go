package users

// The ARGO envelope and path rules shared by the user calls. (tenants has
// its own copy: the two packages share no unexported code.)

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/tenantkit/tenantkit/client"
)

// argoTenantsPath is the collection every tenant path starts with.
const argoTenantsPath = "/api/v2/admin/tenants"

// argoPathSegment checks an ID for a path: empty IDs, and "." and "..",
// which the server's router cleans away (a redirect would turn a DELETE into
// a GET of another resource), cannot address anything.
func argoPathSegment(op, what, id string) (string, error) {
	switch id {
	case "":
		return "", fmt.Errorf("tenantkit: %s: empty %s ID", op, what)
	case ".", "..":
		return "", fmt.Errorf("tenantkit: %s: %q is not a %s ID", op, id, what)
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

// argoNoData is the error for a 2xx response whose data holds nothing: it
// matches client.ErrNotFound, since the server had nothing to show (it
// answers 404 for unknown IDs, so this only happens behind a proxy or a
// different server version). It is not an *client.APIError: the status was
// a success.
func argoNoData(req client.Request, status int, what string) error {
	return fmt.Errorf("tenantkit: %s %s %s: %d response without %s: %w",
		req.Operation, req.Method, req.Path, status, what, client.ErrNotFound)
}

// argoOneUser sends a read whose data holds one user and returns the user
// with the given ID, or the first one.
func argoOneUser(ctx context.Context, c *client.Client, req client.Request, id string) (ArgoUser, error) {
	var env argoEnvelope[ArgoUser]
	resp, err := c.Do(ctx, req, &env)
	if err != nil {
		return ArgoUser{}, err
	}
	for _, u := range env.Data {
		if u.ID == id {
			return u, nil
		}
	}
	if len(env.Data) > 0 {
		return env.Data[0], nil
	}
	return ArgoUser{}, argoNoData(req, resp.StatusCode, "a user")
}
