package roles_test

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

// astraRoleCalls are the role service's calls, each needing one permission.
func astraRoleCalls() []struct {
	name       string
	permission string
	call       func(ctx context.Context, svc *roles.Astra, org string) error
} {
	const someID = "ad0566b5-2a67-49de-89e8-92258c2f2c98" // Organization Administrator
	def := func(org string) roles.Definition {
		return roles.Definition{Name: "n", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(org))}
	}
	return []struct {
		name       string
		permission string
		call       func(ctx context.Context, svc *roles.Astra, org string) error
	}{
		{"List", "org-role-read", func(ctx context.Context, svc *roles.Astra, _ string) error { _, err := svc.List(ctx); return err }},
		{"Get", "org-role-read", func(ctx context.Context, svc *roles.Astra, _ string) error {
			_, err := svc.Get(ctx, someID)
			return err
		}},
		{"ByName", "org-role-read", func(ctx context.Context, svc *roles.Astra, _ string) error {
			_, err := svc.ByName(ctx, roles.ReadOnlyUser)
			return err
		}},
		{"ResolveIDs", "org-role-read", func(ctx context.Context, svc *roles.Astra, _ string) error {
			_, err := svc.ResolveIDs(ctx, roles.ReadOnlyUser)
			return err
		}},
		{"Create", "org-role-write", func(ctx context.Context, svc *roles.Astra, org string) error {
			_, err := svc.Create(ctx, def(org))
			return err
		}},
		{"Update", "org-role-write", func(ctx context.Context, svc *roles.Astra, org string) error {
			_, err := svc.Update(ctx, someID, def(org))
			return err
		}},
		{"Delete", "org-role-delete", func(ctx context.Context, svc *roles.Astra, _ string) error { return svc.Delete(ctx, someID) }},
	}
}

func TestEveryRoleCallWithAnUnknownTokenIsUnauthorized(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	bad := env.withToken(t, "AstraCS:unknownUnknownUnknownUnkn:"+strings.Repeat("0", 64))
	for _, tc := range astraRoleCalls() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sdktest.WantAPIError(t, tc.call(context.Background(), bad.roles, env.Org), client.ErrUnauthorized, 401, "Invalid token")
		})
	}
}

func TestEveryRoleCallWithoutThePermissionIsForbidden(t *testing.T) {
	t.Parallel()
	for _, denied := range []int{http.StatusForbidden, http.StatusUnauthorized} {
		env := newAstraEnv(t, sdktest.InProcess, fakeserver.WithPermissionDeniedStatus(denied))
		token, err := env.AddToken(env.Org, roles.ReadOnlyUser)
		if err != nil {
			t.Fatal(err)
		}
		ro := env.withToken(t, token)
		kind := map[int]client.Kind{403: client.ErrForbidden, 401: client.ErrUnauthorized}[denied]
		for _, tc := range astraRoleCalls() {
			t.Run(http.StatusText(denied)+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				err := tc.call(context.Background(), ro.roles, env.Org)
				sdktest.WantAPIError(t, err, kind, denied, "the token's roles do not grant the "+tc.permission+" permission")
			})
		}
	}
}

// Whatever shape the error body has, the status survives and the message
// is the best the body offers.
func TestRoleErrorBodiesDecodeInEveryStyle(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		style   fakeserver.AstraErrorStyle
		message string
	}{
		{"documented object", fakeserver.AstraErrorsObject, "role not found"},
		{"bare JSON string", fakeserver.AstraErrorsString, "role not found"},
		{"plain text", fakeserver.AstraErrorsPlainText, "role not found"},
		{"empty body", fakeserver.AstraErrorsEmpty, "Not Found"},
		{"null message", fakeserver.AstraErrorsNullMessage, "Not Found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newAstraEnv(t, sdktest.InProcess, fakeserver.WithRoleErrorStyle(tc.style))
			_, err := env.roles.Get(context.Background(), "00000000-0000-4000-8000-000000000000")
			sdktest.WantAPIError(t, err, client.ErrNotFound, 404, tc.message)
			// ByName wraps the list's error; the status survives that too.
			bad := env.withToken(t, "AstraCS:nope")
			_, err = bad.roles.ByName(context.Background(), "x")
			msg := map[bool]string{true: "Unauthorized", false: "Invalid token"}[tc.style == fakeserver.AstraErrorsEmpty || tc.style == fakeserver.AstraErrorsNullMessage]
			sdktest.WantAPIError(t, err, client.ErrUnauthorized, 401, msg)
		})
	}
}
