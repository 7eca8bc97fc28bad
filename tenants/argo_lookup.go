package tenants

import (
	"context"
	"fmt"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// ByName returns the tenant whose info.name is name, compared as the server
// compares names: exactly, case included ("acme" and "ACME" are two
// tenants). Names are unique, so there is at most one.
//
// The API cannot look tenants up by name, so ByName lists them: one
// request, read one tenant at a time (memory stays flat however many there
// are), stopping at the match. No such tenant is an error matching
// [client.ErrNotFound].
//
// It is how a caller recovers from a [Argo.Create] whose outcome is unknown
// ([client.ErrOutcomeUnknown]): the tenant was created if and only if
// ByName finds it, since the name could not have been taken before (Create
// would have failed with [client.ErrConflict]).
//
// The tenant is as the key's flavour lists it (see [Argo]): a
// super_admin_restricted key sees it without db_conf and users, and a
// super_admin_ui key finds only tenants that have admin_ui users.
func (s *Argo) ByName(ctx context.Context, name string) (ArgoTenant, error) {
	const op = "tenants.Argo.ByName"
	var found *ArgoTenant
	err := client.Scan(ctx, s.c, argoListRequest(), func(t ArgoTenant) bool {
		if t.Info.Name == name {
			found = &t
		}
		return found == nil
	}, "data")
	switch {
	case err != nil:
		return ArgoTenant{}, sdkerr.Op(op, err)
	case found == nil:
		return ArgoTenant{}, sdkerr.Op(op, fmt.Errorf("no tenant named %q: %w", name, client.ErrNotFound))
	}
	return *found, nil
}
