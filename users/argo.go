package users

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/argowire"
)

// Argo manages the users of ARGO tenants (the admin endpoints under
// /api/v2/admin/tenants/{ID}/users and /api/v2/admin/users:byID). Build the
// client with [client.WithBaseURL] pointing at the server and
// [client.WithArgoAPIKey] holding an admin key. Under the server's default
// role table only super_admin keys may use these calls, except
// [Argo.ByID] and [Argo.ByIDFlat], which every admin flavour may use and
// which return the user's API key to all of them.
//
// Tenant users are not admins: their API keys get 401 on the admin API.
// Names and emails need not be unique; API keys are unique across all
// tenants. The server generates every user's ID, and the API key of every
// user it creates.
//
// Every user write (create, update, delete, key renewal) also wipes the
// tenant's argo-engine status, as the server replaces the whole tenant
// document.
//
// # Errors
//
// Every error names the operation (the operationId in openapi.yaml). A
// response other than 2xx is a *[client.APIError]; match it with errors.Is.
// An unknown tenant and an unknown user (or a user of another tenant) both
// match [client.ErrNotFound], although the server words the two 404 bodies
// differently. Bodies are always valid JSON, so [client.ErrBadRequest] is
// not reachable through these methods. API keys never appear in error
// text, not even the one the server echoes in a 409. IDs that cannot
// address anything on the server (empty, holding "/", or "." and "..") are
// refused before anything is sent. An Argo is safe for concurrent use: it
// holds nothing but its client, which is.
type Argo struct {
	c *client.Client
}

// NewArgo returns the ARGO tenant users service using c. It does no I/O.
func NewArgo(c *client.Client) *Argo { return &Argo{c: c} }

// List returns a tenant's users in the server's order, API keys included.
// A tenant without users is an empty, non-nil slice (the server sends
// "data": null or [] for it).
//
//tenantkit:operation argoListTenantUsers
func (s *Argo) List(ctx context.Context, tenantID string) ([]ArgoUser, error) {
	req, err := listRequest(tenantID)
	if err != nil {
		return nil, err
	}
	out, err := client.Collect[ArgoUser](ctx, s.c, req, "data")
	if err == nil && out == nil {
		out = []ArgoUser{}
	}
	return out, err
}

// All is [Argo.List] as a sequence, decoding one user at a time. An error
// is yielded once and ends the sequence.
func (s *Argo) All(ctx context.Context, tenantID string) iter.Seq2[ArgoUser, error] {
	req, err := listRequest(tenantID)
	if err != nil {
		return func(yield func(ArgoUser, error) bool) { yield(ArgoUser{}, err) }
	}
	return client.Items[ArgoUser](ctx, s.c, req, "data")
}

func listRequest(tenantID string) (client.Request, error) {
	const op = tenantkit.OpArgoListTenantUsers
	path, err := argoUsersPath(op, tenantID)
	return client.Request{Operation: op, Method: http.MethodGet, Path: path}, err
}

// Get returns one user of a tenant, API key included. The server sends it
// as a one-element list; a successful response without the user in it (no
// data, or other IDs) is an error matching [client.ErrNotFound], as an
// unknown tenant or user (404) is.
//
//tenantkit:operation argoGetTenantUser
func (s *Argo) Get(ctx context.Context, tenantID, userID string) (ArgoUser, error) {
	const op = tenantkit.OpArgoGetTenantUser
	path, err := argoUserPath(op, tenantID, userID)
	if err != nil {
		return ArgoUser{}, err
	}
	return argoOneUser(ctx, s.c, client.Request{Operation: op, Method: http.MethodGet, Path: path}, userID)
}

// Create adds a user to a tenant and returns it as stored, with the ID and
// API key the server generated. The server does not return the key, so
// Create reads the new user back with [Argo.Get]: two calls.
//
// u.Name, u.Email and u.Roles are sent; u.ID and u.APIKey must be empty,
// since the server would ignore them (set a key of your choosing
// afterwards with [Argo.Update]). If the user was created but could not be
// read back, Create returns a user holding the new ID and the fields sent,
// with an error saying so. Create is not retried after an ambiguous
// failure, since the user may exist by then: such an error matches
// [client.ErrOutcomeUnknown], and [Argo.Matching] finds the user if it was
// created.
//
//tenantkit:operation argoCreateTenantUser
func (s *Argo) Create(ctx context.Context, tenantID string, u ArgoUser) (ArgoUser, error) {
	const op = tenantkit.OpArgoCreateTenantUser
	path, err := argoUsersPath(op, tenantID)
	if err != nil {
		return ArgoUser{}, err
	}
	switch {
	case u.ID != "":
		return ArgoUser{}, fmt.Errorf("tenantkit: %s: user ID %q given; the server assigns IDs, leave it empty", op, u.ID)
	case u.APIKey != "":
		return ArgoUser{}, fmt.Errorf("tenantkit: %s: API key given; the server generates one and ignores it (set it afterwards with Update)", op)
	}
	req := client.Request{
		Operation: op,
		Method:    http.MethodPost,
		Path:      path,
		Body:      argoUserBody{Name: u.Name, Email: u.Email, Roles: u.Roles},
	}
	created, err := argowire.Create(ctx, s.c, req, "user", func(c *argowire.Created) string { return c.ID })
	if err != nil {
		return ArgoUser{}, err
	}
	id := created.ID
	got, err := s.Get(ctx, tenantID, id)
	if err != nil {
		u.ID = id
		return u, fmt.Errorf("tenantkit: %s: user %s was created, but reading it back for its API key failed: %w", op, id, err)
	}
	return got, nil
}

// Update changes a user of a tenant and returns it as stored, read back
// with [Argo.Get] (one more call).
//
// The server patches: a non-empty Name, Email or APIKey and a non-empty
// Roles replace the stored value; empty ones leave it alone, so Update
// cannot clear a field (to clear a user's roles, rewrite the tenant with
// tenants.Argo.Modify). u.ID, if set, must be userID. An APIKey already
// used by any user of any tenant is an error matching
// [client.ErrConflict].
//
// If the update succeeded but the read-back failed, Update returns the
// zero ArgoUser and an error saying so.
//
//tenantkit:operation argoUpdateTenantUser
func (s *Argo) Update(ctx context.Context, tenantID, userID string, u ArgoUser) (ArgoUser, error) {
	const op = tenantkit.OpArgoUpdateTenantUser
	path, err := argoUserPath(op, tenantID, userID)
	if err != nil {
		return ArgoUser{}, err
	}
	if u.ID != "" && u.ID != userID {
		return ArgoUser{}, fmt.Errorf("tenantkit: %s: user ID %q in the body differs from %q in the path", op, u.ID, userID)
	}
	req := client.Request{
		Operation: op,
		Method:    http.MethodPut,
		Path:      path,
		Body:      argoUserBody{Name: u.Name, Email: u.Email, APIKey: u.APIKey, Roles: u.Roles},
	}
	if u.APIKey != "" {
		req.Secrets = []string{u.APIKey}
	}
	if _, err := s.c.Do(ctx, req, nil); err != nil {
		return ArgoUser{}, err
	}
	got, err := s.Get(ctx, tenantID, userID)
	if err != nil {
		return ArgoUser{}, fmt.Errorf("tenantkit: %s: user %s was updated, but reading it back failed: %w", op, userID, err)
	}
	return got, nil
}

// Delete removes a user from a tenant. An unknown tenant or user is an
// error matching [client.ErrNotFound].
//
//tenantkit:operation argoDeleteTenantUser
func (s *Argo) Delete(ctx context.Context, tenantID, userID string) error {
	const op = tenantkit.OpArgoDeleteTenantUser
	path, err := argoUserPath(op, tenantID, userID)
	if err != nil {
		return err
	}
	_, err = s.c.Do(ctx, client.Request{Operation: op, Method: http.MethodDelete, Path: path}, nil)
	return err
}

// RenewAPIKey gives a user a new API key (64 lowercase hex characters,
// generated by the server) and returns it; the old key stops working.
//
// It is retried like an idempotent call (openapi.yaml marks it
// x-tenantkit-idempotent, and says why): if a response is lost and the
// renewal is sent again, the key returned is the one stored last, which is
// the user's key.
//
//tenantkit:operation argoRenewTenantUserAPIKey
func (s *Argo) RenewAPIKey(ctx context.Context, tenantID, userID string) (string, error) {
	const op = tenantkit.OpArgoRenewTenantUserAPIKey
	path, err := argoUserPath(op, tenantID, userID)
	if err != nil {
		return "", err
	}
	req := client.Request{Operation: op, Method: http.MethodPost, Path: path + "/renew_api_key"}
	var env argowire.ObjectEnvelope[argoRenewedKey]
	resp, err := s.c.Do(ctx, req, &env)
	if err != nil {
		return "", err
	}
	if len(env.Data) == 0 || env.Data[0].APIKey == "" {
		return "", fmt.Errorf("tenantkit: %s %s %s: %d response without the new API key (the old one may no longer work)",
			req.Operation, req.Method, req.Path, resp.StatusCode)
	}
	return env.Data[0].APIKey, nil
}

// argoUserBody is the body of user create and update: empty fields are
// left out, which the server treats as absent.
type argoUserBody struct {
	Name   string   `json:"name,omitempty"`
	Email  string   `json:"email,omitempty"`
	APIKey string   `json:"api_key,omitempty"`
	Roles  []string `json:"roles,omitempty"`
}
