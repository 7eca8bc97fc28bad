package tenants

// The ARGO envelope and path rules shared by the tenant calls. (users has
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

// argoTenantPath returns the path of one tenant, or an error naming op when
// id cannot address one: empty, or "." and "..", which the server's router
// cleans away (a redirect would turn DELETE /tenants/. into GET /tenants).
func argoTenantPath(op, id string) (string, error) {
	switch id {
	case "":
		return "", fmt.Errorf("tenantkit: %s: empty tenant ID", op)
	case ".", "..":
		return "", fmt.Errorf("tenantkit: %s: %q is not a tenant ID", op, id)
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

// argoNoData is the error for a 2xx response whose data holds nothing: it
// matches client.ErrNotFound, since the server had nothing to show (it
// answers 404 for unknown IDs, so this only happens behind a proxy or a
// different server version). It is not an *client.APIError: the status was
// a success.
func argoNoData(req client.Request, status int, what string) error {
	return fmt.Errorf("tenantkit: %s %s %s: %d response without %s: %w",
		req.Operation, req.Method, req.Path, status, what, client.ErrNotFound)
}

// argoOne sends a read whose data holds one item and returns the item for
// which pick is true, or the first one.
func argoOne[T any](ctx context.Context, c *client.Client, req client.Request, what string, pick func(T) bool) (T, error) {
	var env argoEnvelope[T]
	resp, err := c.Do(ctx, req, &env)
	if err != nil {
		var zero T
		return zero, err
	}
	for _, v := range env.Data {
		if pick(v) {
			return v, nil
		}
	}
	if len(env.Data) > 0 {
		return env.Data[0], nil
	}
	var zero T
	return zero, argoNoData(req, resp.StatusCode, what)
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
