package tenants

import (
	"context"
	"fmt"
	"iter"
	"net/http"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/argowire"
)

// Argo manages the tenants of an ARGO Web API server (the admin endpoints
// under /api/v2/admin/tenants) and their argo-engine status. Build the
// client with [client.WithBaseURL] pointing at the server and
// [client.WithArgoAPIKey] holding an admin key.
//
// # Admin views
//
// What the server returns depends on the flavour of the admin key:
//
//   - super_admin sees every tenant in full, db_conf passwords and users'
//     API keys included, and may use every call.
//   - super_admin_restricted lists every tenant without db_conf and users;
//     it may also read engine status, but (under the server's default role
//     table) neither read single tenants nor write.
//   - super_admin_ui lists only the tenants having a user with role
//     admin_ui, each without db_conf and with only those users.
//
// The server omits db_conf and users from a tenant when they are empty as
// well as when the view hides them, so ArgoTenant.DBConf and
// ArgoTenant.Users are nil in both cases. What a caller can conclude:
//
//   - a non-nil slice was in the response: it is the tenant's whole list,
//     except that a super_admin_ui view keeps only the admin_ui users (the
//     server never sends an empty list, it leaves the key out);
//   - nil from a super_admin key, or from [Argo.Get] with any key but a
//     super_admin_ui one, means the tenant has none;
//   - nil from a restricted or UI key's [Argo.List] says nothing about the
//     tenant.
//
// Which flavour a key has cannot be asked of the server. Never write back a
// tenant read through a reduced view: [Argo.Update] replaces the whole
// tenant and would delete what the view hid. [Argo.Modify] checks for that.
//
// # Errors
//
// Every error names the operation (the operationId in openapi.yaml). A
// response other than 2xx is a *[client.APIError]; match it with errors.Is
// against [client.ErrNotFound], [client.ErrConflict],
// [client.ErrUnauthorized] (a wrong key, or a tenant user's key, which the
// admin API does not accept), [client.ErrForbidden] (a key whose flavour may
// not use the call), and so on. Bodies are always valid JSON, so
// [client.ErrBadRequest] is not reachable through these methods. API keys
// and database passwords in requests never appear in error text. IDs that
// cannot address a tenant on the server (empty, holding "/", or "." and
// "..") are refused before anything is sent. An Argo is safe for
// concurrent use: it holds nothing but its client, which is.
type Argo struct {
	c *client.Client
}

// NewArgo returns the ARGO tenants service using c. It does no I/O.
func NewArgo(c *client.Client) *Argo { return &Argo{c: c} }

// List returns every tenant the key may see, in the server's storage order
// (see the type's documentation for what each admin flavour sees). No
// tenants is an empty, non-nil slice.
//
//tenantkit:operation argoListTenants
func (s *Argo) List(ctx context.Context) ([]ArgoTenant, error) {
	out, err := client.Collect[ArgoTenant](ctx, s.c, argoListRequest(), "data")
	if err == nil && out == nil {
		out = []ArgoTenant{}
	}
	return out, err
}

// All is [Argo.List] as a sequence, decoding one tenant at a time so memory
// stays flat however many tenants there are. An error is yielded once and
// ends the sequence.
func (s *Argo) All(ctx context.Context) iter.Seq2[ArgoTenant, error] {
	return client.Items[ArgoTenant](ctx, s.c, argoListRequest(), "data")
}

func argoListRequest() client.Request {
	return client.Request{
		Operation: tenantkit.OpArgoListTenants,
		Method:    http.MethodGet,
		Path:      argowire.TenantsPath,
	}
}

// Get returns one tenant. The server sends it as a one-element list; a
// successful response without the tenant in it (no data, or other IDs) is
// an error matching [client.ErrNotFound], as an unknown ID (404) is.
//
// Under the server's default role table only super_admin keys may call it.
// Where a super_admin_ui key may, it sees the tenant reduced to its
// admin_ui users, without db_conf (and gets 404 for a tenant without
// admin_ui users); a restricted key sees the whole tenant.
//
//tenantkit:operation argoGetTenant
func (s *Argo) Get(ctx context.Context, id string) (ArgoTenant, error) {
	const op = tenantkit.OpArgoGetTenant
	path, err := argowire.TenantPath(op, id)
	if err != nil {
		return ArgoTenant{}, err
	}
	return argowire.One(ctx, s.c, client.Request{Operation: op, Method: http.MethodGet, Path: path},
		"tenant", id, func(t *ArgoTenant) string { return t.ID })
}

// Create creates a tenant and returns its new ID and self link. The server
// ignores t.ID, the users' IDs and info.created and info.updated; it keeps
// the users' API keys given and generates the missing ones, which it does
// not return: [Argo.Get] the tenant to learn them. No field is required.
//
// Tenant names are unique (exact, case-sensitive match) and users' API keys
// unique across all tenants: either clash is an error matching
// [client.ErrConflict], the name checked first. Create is not retried after
// an ambiguous failure, since the tenant may exist by then: such an error
// matches [client.ErrOutcomeUnknown], and [Argo.ByName] tells whether the
// tenant was created.
//
//tenantkit:operation argoCreateTenant
func (s *Argo) Create(ctx context.Context, t ArgoTenant) (ArgoCreated, error) {
	req := client.Request{
		Operation: tenantkit.OpArgoCreateTenant,
		Method:    http.MethodPost,
		Path:      argowire.TenantsPath,
		Body:      t,
		Secrets:   argoTenantSecrets(&t),
	}
	return argowire.Create(ctx, s.c, req, "tenant", func(c *ArgoCreated) string { return c.ID })
}

// Update replaces tenant id with t and returns the tenant as the server then
// holds it, read back with [Argo.Get] (one more call).
//
// The server replaces the whole tenant: db_conf, users, info fields and
// topology left empty in t become empty on the server (info.created is
// kept, info.updated set to now), and the tenant's engine status is wiped.
// t.ID is ignored. A user whose api_key equals one of the tenant's stored
// users' keeps that user's ID; every other user gets a new ID. No keys are
// generated: a user without api_key is stored with "", and two such users
// clash ([client.ErrConflict]) — give new users keys with
// users.NewArgoAPIKey, or add them with users.Argo.Create. A name used by
// another tenant, or an API key used elsewhere, is a conflict too.
//
// Prefer [Argo.Modify], which starts from the stored tenant, keeps what the
// caller does not touch and refuses to write back a reduced view. Never
// pass Update a tenant read with a restricted or UI admin key.
//
// If the replacement succeeded but the read-back failed, Update returns the
// zero ArgoTenant and an error saying so.
//
//tenantkit:operation argoUpdateTenant
func (s *Argo) Update(ctx context.Context, id string, t ArgoTenant) (ArgoTenant, error) {
	const op = tenantkit.OpArgoUpdateTenant
	path, err := argowire.TenantPath(op, id)
	if err != nil {
		return ArgoTenant{}, err
	}
	_, err = s.c.Do(ctx, client.Request{
		Operation: op,
		Method:    http.MethodPut,
		Path:      path,
		Body:      t,
		Secrets:   argoTenantSecrets(&t),
	}, nil)
	if err != nil {
		return ArgoTenant{}, err
	}
	got, err := s.Get(ctx, id)
	if err != nil {
		return ArgoTenant{}, fmt.Errorf("tenantkit: %s: tenant %s was updated, but reading it back failed: %w", op, id, err)
	}
	return got, nil
}

// Delete deletes a tenant with its users and engine status. An unknown ID
// is an error matching [client.ErrNotFound].
//
//tenantkit:operation argoDeleteTenant
func (s *Argo) Delete(ctx context.Context, id string) error {
	const op = tenantkit.OpArgoDeleteTenant
	path, err := argowire.TenantPath(op, id)
	if err != nil {
		return err
	}
	_, err = s.c.Do(ctx, client.Request{Operation: op, Method: http.MethodDelete, Path: path}, nil)
	return err
}
