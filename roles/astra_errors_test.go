package roles_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// builtinID returns the ID of a built-in role in env's organization.
func builtinID(t *testing.T, env astraEnv, name string) string {
	t.Helper()
	r, err := env.roles.ByName(context.Background(), name)
	if err != nil {
		t.Fatalf("ByName(%q): %v", name, err)
	}
	return r.ID
}

func TestRoleErrorsAreAPIErrorsWithStatusAndMessage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	valid := func(env astraEnv, name string) roles.Definition {
		return roles.Definition{Name: name, Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(env.Org))}
	}
	cases := []struct {
		name    string
		call    func(t *testing.T, env astraEnv) error
		kind    client.Kind
		status  int
		message string
	}{
		{"get of an unknown ID is not found", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Get(ctx, "00000000-0000-4000-8000-000000000000")
			return err
		}, client.ErrNotFound, 404, "role not found"},
		{"update of an unknown ID is not found", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Update(ctx, "00000000-0000-4000-8000-000000000000", valid(env, "x"))
			return err
		}, client.ErrNotFound, 404, "role not found"},
		{"delete of an unknown ID is not found", func(t *testing.T, env astraEnv) error {
			return env.roles.Delete(ctx, "00000000-0000-4000-8000-000000000000")
		}, client.ErrNotFound, 404, "role not found"},
		{"create of a taken custom name conflicts", func(t *testing.T, env astraEnv) error {
			if _, err := env.roles.Create(ctx, valid(env, "dup")); err != nil {
				t.Fatal(err)
			}
			_, err := env.roles.Create(ctx, valid(env, "dup"))
			return err
		}, client.ErrConflict, 409, "role with name dup already exists"},
		{"create of a built-in name conflicts", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Create(ctx, valid(env, roles.ReadOnlyUser))
			return err
		}, client.ErrConflict, 409, "role with name RO User already exists"},
		{"rename onto a taken name conflicts", func(t *testing.T, env astraEnv) error {
			r, err := env.roles.Create(ctx, valid(env, "mine"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = env.roles.Update(ctx, r.ID, valid(env, roles.BillingAdmin))
			return err
		}, client.ErrConflict, 409, "role with name Billing Admin already exists"},
		{"update of a built-in role is forbidden", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Update(ctx, builtinID(t, env, roles.ReadOnlyUser), valid(env, "mine"))
			return err
		}, client.ErrForbidden, 403, "cannot modify a built-in role"},
		{"delete of a built-in role is forbidden", func(t *testing.T, env astraEnv) error {
			return env.roles.Delete(ctx, builtinID(t, env, roles.LangflowAdministrator))
		}, client.ErrForbidden, 403, "cannot delete a built-in role"},
		{"delete of an assigned role conflicts", func(t *testing.T, env astraEnv) error {
			r, err := env.roles.Create(ctx, valid(env, "assigned"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := users.NewAstra(env.Client).Invite(ctx, "dev@example.com", r.ID); err != nil {
				t.Fatal(err)
			}
			return env.roles.Delete(ctx, r.ID)
		}, client.ErrConflict, 409, "role is assigned to users"},
		{"an empty name is a bad request", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Create(ctx, valid(env, "  "))
			return err
		}, client.ErrBadRequest, 400, "name is required"},
		{"an effect other than allow is a bad request", func(t *testing.T, env astraEnv) error {
			def := valid(env, "deny")
			def.Policy.Effect = "deny"
			_, err := env.roles.Create(ctx, def)
			return err
		}, client.ErrBadRequest, 400, `policy.effect must be "allow"`},
		{"no actions is a bad request", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Create(ctx, roles.Definition{Name: "empty", Policy: roles.Allow(nil, roles.OrgResource(env.Org))})
			return err
		}, client.ErrBadRequest, 400, "policy.actions must not be empty"},
		{"a resource that is not a DRN is a bad request", func(t *testing.T, env astraEnv) error {
			_, err := env.roles.Create(ctx, roles.Definition{Name: "bad", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, "org:1")})
			return err
		}, client.ErrBadRequest, 400, `invalid resource "org:1": must start with "drn:astra:org:"`},
		{"an invalid update changes nothing and is a bad request", func(t *testing.T, env astraEnv) error {
			r, err := env.roles.Create(ctx, valid(env, "kept"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = env.roles.Update(ctx, r.ID, roles.Definition{Name: "kept"})
			if got, gerr := env.roles.Get(ctx, r.ID); gerr != nil || got.Name != "kept" || len(got.Policy.Actions) != 1 {
				t.Errorf("after a rejected update: %+v, %v", got, gerr)
			}
			return err
		}, client.ErrBadRequest, 400, `policy.effect must be "allow"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newAstraEnv(t, sdktest.InProcess)
			sdktest.WantAPIError(t, tc.call(t, env), tc.kind, tc.status, tc.message)
		})
	}
}

// astraRoleCalls are the role service's calls on a's client, each needing
// one permission.
func astraRoleCalls(a sdktest.Astra) []testkit.Call {
	const someID = "ad0566b5-2a67-49de-89e8-92258c2f2c98" // Organization Administrator
	def := roles.Definition{Name: "n", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(a.Org))}
	svc := roles.NewAstra(a.Client)
	return []testkit.Call{
		{Name: "List", Permission: "org-role-read", Do: func(ctx context.Context) error { _, err := svc.List(ctx); return err }},
		{Name: "Get", Permission: "org-role-read", Do: func(ctx context.Context) error { _, err := svc.Get(ctx, someID); return err }},
		{Name: "ByName", Permission: "org-role-read", Do: func(ctx context.Context) error { _, err := svc.ByName(ctx, roles.ReadOnlyUser); return err }},
		{Name: "ResolveIDs", Permission: "org-role-read", Do: func(ctx context.Context) error {
			_, err := svc.ResolveIDs(ctx, roles.ReadOnlyUser)
			return err
		}},
		{Name: "Create", Permission: "org-role-write", Do: func(ctx context.Context) error { _, err := svc.Create(ctx, def); return err }},
		{Name: "Update", Permission: "org-role-write", Do: func(ctx context.Context) error { _, err := svc.Update(ctx, someID, def); return err }},
		{Name: "Delete", Permission: "org-role-delete", Do: func(ctx context.Context) error { return svc.Delete(ctx, someID) }},
	}
}

func TestEveryRoleCallWithAnUnknownTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	sdktest.WantUnknownTokenRefused(t, astraRoleCalls)
}

func TestEveryRoleCallWithoutThePermissionIsForbidden(t *testing.T) {
	t.Parallel()
	sdktest.WantPermissionsEnforced(t, roles.ReadOnlyUser, astraRoleCalls)
}

// Whatever shape the error body has, the status survives and the message
// is the best the body offers.
func TestRoleErrorBodiesDecodeInEveryStyle(t *testing.T) {
	t.Parallel()
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		sdktest.WantErrorInEveryStyle(t, fakeserver.WithRoleErrorStyle, client.ErrNotFound, 404, "role not found", func(t *testing.T, a sdktest.Astra) error {
			_, err := roles.NewAstra(a.Client).Get(context.Background(), "00000000-0000-4000-8000-000000000000")
			return err
		})
	})
	// ByName wraps the list's error; the status survives that too.
	t.Run("ByName", func(t *testing.T) {
		t.Parallel()
		sdktest.WantErrorInEveryStyle(t, fakeserver.WithRoleErrorStyle, client.ErrUnauthorized, 401, "Invalid token", func(t *testing.T, a sdktest.Astra) error {
			_, err := roles.NewAstra(a.WithToken(t, "AstraCS:nope").Client).ByName(context.Background(), "x")
			return err
		})
	})
}
