package users_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// astraUserCalls are the user service's calls, each with the permission it
// needs. Invite and SetRoles name roles by ID, so the role list (which
// needs org-role-read) is not involved.
func astraUserCalls() []struct {
	name       string
	permission string // "" for any valid token
	call       func(ctx context.Context, svc *users.Astra) error
} {
	return []struct {
		name       string
		permission string
		call       func(ctx context.Context, svc *users.Astra) error
	}{
		{"List", "org-user-read", func(ctx context.Context, svc *users.Astra) error { _, err := svc.List(ctx); return err }},
		{"Get", "org-user-read", func(ctx context.Context, svc *users.Astra) error {
			_, err := svc.Get(ctx, "00000000-0000-4000-8000-000000000000")
			return err
		}},
		{"ByEmail", "org-user-read", func(ctx context.Context, svc *users.Astra) error {
			_, err := svc.ByEmail(ctx, astraDefaultAdmin)
			return err
		}},
		{"Invite", "org-user-write", func(ctx context.Context, svc *users.Astra) error {
			_, err := svc.Invite(ctx, "dev@example.com", astraROUserID)
			return err
		}},
		{"SetRoles", "org-user-write", func(ctx context.Context, svc *users.Astra) error {
			return svc.SetRoles(ctx, "00000000-0000-4000-8000-000000000000", astraROUserID)
		}},
		{"Remove", "org-user-write", func(ctx context.Context, svc *users.Astra) error {
			return svc.Remove(ctx, "00000000-0000-4000-8000-000000000000")
		}},
		{"Organization", "", func(ctx context.Context, svc *users.Astra) error { _, err := svc.Organization(ctx); return err }},
	}
}

func TestEveryUserCallWithAnUnknownTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	bad := env.withToken(t, "AstraCS:unknownUnknownUnknownUnkn:"+strings.Repeat("0", 64))
	for _, tc := range astraUserCalls() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sdktest.WantAPIError(t, tc.call(context.Background(), bad.users), client.ErrUnauthorized, 401, "Invalid token")
		})
	}
}

func TestEveryUserCallWithoutThePermissionIsForbidden(t *testing.T) {
	t.Parallel()
	for _, denied := range []int{http.StatusForbidden, http.StatusUnauthorized} {
		env := newAstraEnv(t, sdktest.InProcess, fakeserver.WithPermissionDeniedStatus(denied))
		token, err := env.AddToken(env.Org, roles.ReadOnlyUser)
		if err != nil {
			t.Fatal(err)
		}
		ro := env.withToken(t, token)
		kind := map[int]client.Kind{403: client.ErrForbidden, 401: client.ErrUnauthorized}[denied]
		for _, tc := range astraUserCalls() {
			t.Run(http.StatusText(denied)+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				err := tc.call(context.Background(), ro.users)
				if tc.permission == "" {
					if err != nil {
						t.Errorf("err = %v, want success for any valid token", err)
					}
					return
				}
				sdktest.WantAPIError(t, err, kind, denied, "the token's roles do not grant the "+tc.permission+" permission")
			})
		}
	}
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
