package tenants

// The ARGO envelope and path rules shared by the tenant calls. (users has
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

// argoTenantPath returns the path of one tenant, or an error naming op when
// id cannot address one: empty, holding "/" (the server's router splits the
// decoded path there), or "." and "..", which the router cleans away with a
// redirect that would turn DELETE /tenants/x%2F..%2Fy into GET /tenants/y.
func argoTenantPath(op, id string) (string, error) {
	switch {
	case id == "":
		return "", fmt.Errorf("tenantkit: %s: empty tenant ID", op)
	case id == ".", id == "..", strings.Contains(id, "/"):
		return "", fmt.Errorf("tenantkit: %s: %q cannot be a tenant ID", op, id)
	}
	return argoTenantsPath + "/" + url.PathEscape(id), nil
}

// argoItems is the "data" member of an ARGO envelope. Single reads carry a
// one-element array; it also accepts a bare object (a create's data) and
// null, so no shape the server might send is an error on its own.
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

// argoNoData is the error for a 2xx response without the item asked for
// (data empty, null or absent, or holding other IDs): it matches
// client.ErrNotFound, since the server did not show the item. The server
// itself answers 404 for unknown IDs, so this only happens behind a proxy
// or with a different server version. It is not an *client.APIError: the
// status was a success.
func argoNoData(req client.Request, status int, what string) error {
	return fmt.Errorf("tenantkit: %s %s %s: %d response without %s: %w",
		req.Operation, req.Method, req.Path, status, what, client.ErrNotFound)
}

// argoOne sends a read whose data holds one item (in a one-element array)
// and returns the item whose ID, as idOf reads it, is id. An item with
// another ID is never returned in its place: Modify would write it back
// under id.
func argoOne[T any](ctx context.Context, c *client.Client, req client.Request, what, id string, idOf func(*T) string) (T, error) {
	var env argoListEnvelope[T]
	resp, err := c.Do(ctx, req, &env)
	if err != nil {
		var zero T
		return zero, err
	}
	for i := range env.Data {
		if idOf(&env.Data[i]) == id {
			return env.Data[i], nil
		}
	}
	var zero T
	return zero, argoNoData(req, resp.StatusCode, what+" "+id)
}

// argoTenantSecrets lists the secrets in a tenant body: its users' API keys
// and its databases' passwords, for redaction from errors and logs.
func argoTenantSecrets(t *ArgoTenant) []string {
	var s []string
	for _, u := range t.Users {
		if u.APIKey != "" {
			s = append(s, u.APIKey)
		}
	}
	for _, d := range t.DBConf {
		if d.Password != "" {
			s = append(s, d.Password)
		}
	}
	return s
}
