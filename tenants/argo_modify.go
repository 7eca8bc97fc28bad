package tenants

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/users"
)

// argoUIRole is the user role that makes a tenant, and the user, visible
// to super_admin_ui keys.
const argoUIRole = "admin_ui"

// Modify changes a tenant by read-modify-write: it reads the tenant with
// [Argo.Get], lets mutate change a copy, and writes the result back with
// [Argo.Update], returning the tenant as the server then holds it. Whatever
// mutate leaves alone is written back as it was read, users' API keys
// included, so they keep their keys and IDs.
//
// Beyond that, Modify:
//
//   - returns mutate's error, wrapped, and writes nothing when mutate fails;
//   - writes nothing, and returns the tenant as read, when mutate changed
//     nothing (a write would wipe the engine status for no reason);
//   - gives every user that has no api_key a new one ([users.NewArgoAPIKey],
//     the server's own format), as adding the user with users.Argo.Create
//     would, since the server stores such users with "" and two of them
//     clash. A user that already had "" when read keeps it;
//   - refuses, with an *[ArgoReducedViewError] and before calling mutate, to
//     write back a tenant it may have read through a reduced view (see
//     below), since the write would delete what the view hid.
//
// Reduced views: the server's GET /tenants/{ID} shows a super_admin_ui key
// the tenant without db_conf and with only its admin_ui users (each listed
// once per admin_ui role it holds); it shows every other key the whole
// tenant. So a tenant read with users, all of them holding admin_ui, and no
// db_conf may be a UI view. Modify then lists the tenants (stopping at the
// first that settles it): any tenant with db_conf, without users, or with a
// user lacking admin_ui cannot be in a UI key's list, which proves the key
// sees whole tenants. If no tenant proves it, or the key may not list
// tenants, Modify refuses. In the rare case of a super_admin key on a server
// where every tenant has only admin_ui users and no db_conf, use Get and
// Update directly.
//
// Modify does not lock anything: a change another client makes between the
// read and the write is overwritten. Like every tenant update it wipes the
// engine status.
func (s *Argo) Modify(ctx context.Context, id string, mutate func(*ArgoTenant) error) (ArgoTenant, error) {
	const op = "Modify"
	if mutate == nil {
		return ArgoTenant{}, fmt.Errorf("tenantkit: %s: nil mutate function", op)
	}
	read, err := s.Get(ctx, id)
	if err != nil {
		return ArgoTenant{}, err
	}
	if err := s.checkWholeView(ctx, &read); err != nil {
		return ArgoTenant{}, err
	}
	before, err := json.Marshal(read)
	if err != nil {
		return ArgoTenant{}, fmt.Errorf("tenantkit: %s: encoding tenant %s: %w", op, id, err)
	}
	t := cloneArgoTenant(read)
	if err := mutate(&t); err != nil {
		return ArgoTenant{}, fmt.Errorf("tenantkit: %s: tenant %s: %w", op, id, err)
	}
	after, err := json.Marshal(t)
	if err != nil {
		return ArgoTenant{}, fmt.Errorf("tenantkit: %s: encoding tenant %s: %w", op, id, err)
	}
	if bytes.Equal(before, after) {
		return read, nil
	}
	keyless := map[string]bool{} // IDs of users read without a key
	for _, u := range read.Users {
		if u.APIKey == "" {
			keyless[u.ID] = true
		}
	}
	for i := range t.Users {
		u := &t.Users[i]
		if u.APIKey != "" || (u.ID != "" && keyless[u.ID]) {
			continue
		}
		if u.APIKey, err = users.NewArgoAPIKey(); err != nil {
			return ArgoTenant{}, fmt.Errorf("tenantkit: %s: tenant %s: %w", op, id, err)
		}
	}
	return s.Update(ctx, id, t)
}

// ArgoReducedViewError is the error of [Argo.Modify] when the tenant it read
// may be a reduced admin view, whose write-back would delete the db_conf
// and users the view hid. Nothing was written.
type ArgoReducedViewError struct {
	// ID is the tenant's ID.
	ID string
	// Reason says why the view counts as reduced.
	Reason string
	// Err is the error of the call that could have settled it (such as a
	// 403 listing tenants), or nil.
	Err error
}

// Error returns a one-line description.
func (e *ArgoReducedViewError) Error() string {
	msg := fmt.Sprintf("tenantkit: Modify: tenant %s may be a reduced admin view; refusing to write it back: %s", e.ID, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Err.
func (e *ArgoReducedViewError) Unwrap() error { return e.Err }

// checkWholeView returns an *ArgoReducedViewError unless t, as read by Get,
// is certainly the whole tenant (see Modify).
func (s *Argo) checkWholeView(ctx context.Context, t *ArgoTenant) error {
	seen := make(map[string]bool, len(t.Users))
	for _, u := range t.Users {
		if seen[u.ID] {
			// Only the UI view repeats a user (once per admin_ui role).
			return &ArgoReducedViewError{ID: t.ID, Reason: fmt.Sprintf("user %s is listed twice, as only a super_admin_ui view does", u.ID)}
		}
		seen[u.ID] = true
	}
	if !argoCouldBeUIView(t) {
		return nil
	}
	whole := false
	err := client.Scan(ctx, s.c, argoListRequest(), func(lt ArgoTenant) bool {
		whole = !argoCouldBeUIView(&lt)
		return !whole
	}, "data")
	switch {
	case err != nil:
		return &ArgoReducedViewError{ID: t.ID, Reason: "it has only admin_ui users and no db_conf, and listing tenants to learn the key's view failed", Err: err}
	case whole:
		return nil
	}
	return &ArgoReducedViewError{ID: t.ID, Reason: "it has only admin_ui users and no db_conf, and every tenant the key lists looks the same, as in a super_admin_ui view"}
}

// argoCouldBeUIView reports whether t could be a tenant as a super_admin_ui
// key sees it: users, all holding admin_ui, and no db_conf.
func argoCouldBeUIView(t *ArgoTenant) bool {
	if len(t.DBConf) > 0 || len(t.Users) == 0 {
		return false
	}
	for _, u := range t.Users {
		if !slices.Contains(u.Roles, argoUIRole) {
			return false
		}
	}
	return true
}

// cloneArgoTenant returns a deep copy of t, so mutate cannot change the
// tenant as read.
func cloneArgoTenant(t ArgoTenant) ArgoTenant {
	t.DBConf = slices.Clone(t.DBConf)
	if t.Users != nil {
		us := make([]users.ArgoUser, len(t.Users))
		for i, u := range t.Users {
			u.Roles = slices.Clone(u.Roles)
			us[i] = u
		}
		t.Users = us
	}
	return t
}
