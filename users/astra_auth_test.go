package users_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// astraUserCalls are the user service's calls on a's client, each with the
// permission it needs. Invite and SetRoles name roles by ID, so the role
// list (which needs org-role-read) is not involved.
func astraUserCalls(a sdktest.Astra) []testkit.Call {
	const someID = "00000000-0000-4000-8000-000000000000"
	svc := users.NewAstra(a.Client)
	return []testkit.Call{
		{Name: "List", Permission: "org-user-read", Do: func(ctx context.Context) error { _, err := svc.List(ctx); return err }},
		{Name: "Get", Permission: "org-user-read", Do: func(ctx context.Context) error { _, err := svc.Get(ctx, someID); return err }},
		{Name: "ByEmail", Permission: "org-user-read", Do: func(ctx context.Context) error { _, err := svc.ByEmail(ctx, astraDefaultAdmin); return err }},
		{Name: "Invite", Permission: "org-user-write", Do: func(ctx context.Context) error {
			_, err := svc.Invite(ctx, "dev@example.com", astraROUserID)
			return err
		}},
		{Name: "SetRoles", Permission: "org-user-write", Do: func(ctx context.Context) error { return svc.SetRoles(ctx, someID, astraROUserID) }},
		{Name: "Remove", Permission: "org-user-write", Do: func(ctx context.Context) error { return svc.Remove(ctx, someID) }},
		{Name: "Organization", Do: func(ctx context.Context) error { _, err := svc.Organization(ctx); return err }},
	}
}

func TestEveryUserCallWithAnUnknownTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	sdktest.WantUnknownTokenRefused(t, astraUserCalls)
}

func TestEveryUserCallWithoutThePermissionIsForbidden(t *testing.T) {
	t.Parallel()
	sdktest.WantPermissionsEnforced(t, roles.ReadOnlyUser, astraUserCalls)
}

// Inviting by role name also needs the right to read roles: a token that
// may write users but not read roles fails on the role list, before the
// invitation.
func TestInviteByNameNeedsRoleReadToo(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	inviter, err := env.roles.Create(context.Background(), roles.Definition{
		Name:   "inviter",
		Policy: roles.Allow([]roles.Action{roles.ActionOrgUserWrite, roles.ActionOrgUserRead}, roles.OrgResource(env.Org)),
	})
	if err != nil {
		t.Fatal(err)
	}
	token, err := env.AddToken(env.Org, inviter.ID)
	if err != nil {
		t.Fatal(err)
	}
	limited := env.withToken(t, token)
	_, err = limited.users.Invite(context.Background(), "dev@example.com", roles.ReadOnlyUser)
	sdktest.WantAPIError(t, err, client.ErrForbidden, 403, "the token's roles do not grant the org-role-read permission")
	if !strings.HasPrefix(err.Error(), "tenantkit: users.Astra.Invite: roles.Astra.ResolveIDs: getOrganizationRoles GET") {
		t.Errorf("err = %q, want it to name Invite, ResolveIDs and the role list", err)
	}
	// By ID it works: no role list.
	if _, err := limited.users.Invite(context.Background(), "dev@example.com", astraROUserID); err != nil {
		t.Errorf("Invite by ID: %v", err)
	}
}
