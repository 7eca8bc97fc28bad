package roles_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// The client ID part of fakeserver.DefaultAstraToken, which the API
// reports as LastUpdateUserID.
const astraDefaultClientID = "tenantkitFakeOrgAdmin000"

func TestRoleLifecycleThroughTheSDK(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newAstraEnv(t, transport)
		ctx := context.Background()

		def := roles.Definition{
			Name: "Langflow builders",
			Policy: roles.Policy{
				Description: "build and run Langflow IDEs",
				Effect:      roles.EffectAllow,
				Actions:     []roles.Action{roles.ActionLangflowIDEBuild, roles.ActionLangflowIDERun},
				Resources:   []string{roles.OrgResource(env.Org)},
			},
		}
		created, err := env.roles.Create(ctx, def)
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		want := roles.Role{
			ID:                 created.ID,
			Name:               def.Name,
			Policy:             def.Policy,
			OrgID:              env.Org,
			LastUpdateDateTime: "2025-06-01T12:00:00Z",
			LastUpdateUserID:   astraDefaultClientID,
		}
		if diff := testkit.Diff(want, created); diff != "" || created.ID == "" {
			t.Errorf("Create returned (-want +got):\n%s", diff)
		}

		got, err := env.roles.Get(ctx, created.ID)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		testkit.WantEqual(t, "Get", want, got)

		byName, err := env.roles.ByName(ctx, def.Name)
		if err != nil {
			t.Fatalf("ByName: %v", err)
		}
		testkit.WantEqual(t, "ByName", want, byName)

		list, err := env.roles.List(ctx)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		if n := len(roles.BuiltinNames()) + 1; len(list) != n || list[len(list)-1].ID != created.ID {
			t.Errorf("List returned %d roles ending with %q, want %d ending with the new role %q",
				len(list), list[len(list)-1].Name, n, created.ID)
		}

		env.Clock.Advance(90 * time.Second) // so the update stamps a later time
		upd := roles.Definition{
			Name:   "Langflow runners",
			Policy: roles.Allow([]roles.Action{roles.ActionLangflowFlowRun}, roles.OrgResource(env.Org)),
		}
		updated, err := env.roles.Update(ctx, created.ID, upd)
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		want.Name, want.Policy, want.LastUpdateDateTime = upd.Name, upd.Policy, "2025-06-01T12:01:30Z"
		testkit.WantEqual(t, "Update returned", want, updated)
		if got, err := env.roles.Get(ctx, created.ID); err != nil || !testkit.Equal(want, got) {
			t.Errorf("Get after Update = %+v, %v; want %+v", got, err, want)
		}

		if err := env.roles.Delete(ctx, created.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		_, err = env.roles.Get(ctx, created.ID)
		sdktest.WantAPIError(t, err, client.ErrNotFound, 404, "role not found")
	})
}

func TestListHoldsEveryBuiltinRoleWithThePlaceholderOrg(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	list, err := env.roles.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range list {
		names = append(names, r.Name)
		if r.OrgID != env.Org || r.LastUpdateDateTime != "" || r.Policy.Effect != roles.EffectAllow {
			t.Errorf("built-in %q: OrgID %q, LastUpdateDateTime %q, effect %q; want %q, \"\", allow",
				r.Name, r.OrgID, r.LastUpdateDateTime, r.Policy.Effect, env.Org)
		}
		for _, res := range r.Policy.Resources {
			if !strings.HasPrefix(res, roles.OrgResource(roles.OrgPlaceholder)) {
				t.Errorf("built-in %q: resource %q does not use the %s placeholder", r.Name, res, roles.OrgPlaceholder)
			}
		}
	}
	testkit.WantEqual(t, "role names", roles.BuiltinNames(), names)
}

func TestAllStopsAfterTheCallerBreaks(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.Loopback)
	var seen []string
	for _, r := range testkit.Take(t, env.roles.All(context.Background()), 2) {
		seen = append(seen, r.Name)
	}
	testkit.WantEqual(t, "roles seen", roles.BuiltinNames()[:2], seen)
	// The connection is reusable: the next call works.
	if _, err := env.roles.ByName(context.Background(), roles.LangflowRunFlow); err != nil {
		t.Errorf("ByName after an early break: %v", err)
	}
}

func TestByNameOfAnUnknownRoleIsNotFound(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	_, err := env.roles.ByName(context.Background(), "ro user") // names are case-sensitive
	if !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("err = %v, want one matching client.ErrNotFound", err)
	}
	want := `tenantkit: roles.Astra.ByName: no role named "ro user": not found`
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestMethodsRejectAnEmptyIDBeforeSending(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	def := roles.Definition{Name: "x", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(env.Org))}
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"Get", func() error { _, err := env.roles.Get(ctx, ""); return err }, "tenantkit: roles.Astra.Get: empty role ID"},
		{"Update", func() error { _, err := env.roles.Update(ctx, "", def); return err }, "tenantkit: roles.Astra.Update: empty role ID"},
		{"Delete", func() error { return env.roles.Delete(ctx, "") }, "tenantkit: roles.Astra.Delete: empty role ID"},
		{"ResolveIDs", func() error { _, err := env.roles.ResolveIDs(ctx, "RO User", ""); return err }, "tenantkit: roles.Astra.ResolveIDs: empty role name or ID"},
	}
	for _, tc := range cases {
		err := tc.call()
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	if ops := env.Attempts.TakeOps(); len(ops) != 0 {
		t.Errorf("requests sent: %v, want none", ops)
	}
}

func TestAServiceWithoutAClientFailsInsteadOfPanicking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, svc := range []*roles.Astra{nil, roles.NewAstra(nil)} {
		_, err := svc.List(ctx)
		if err == nil || !strings.Contains(err.Error(), "no client") {
			t.Errorf("List on %v: err = %v, want a 'no client' error", svc, err)
		}
		if _, err := svc.Create(ctx, roles.Definition{}); err == nil {
			t.Error("Create: err = nil")
		}
		if _, err := svc.ResolveIDs(ctx, "RO User"); err == nil {
			t.Error("ResolveIDs: err = nil")
		}
	}
}

func TestAllowCopiesItsArguments(t *testing.T) {
	t.Parallel()
	actions := []roles.Action{roles.ActionOrgRead}
	resources := []string{"drn:astra:org:o1"}
	p := roles.Allow(actions, resources...)
	actions[0], resources[0] = roles.ActionOrgWrite, "changed"
	want := roles.Policy{Effect: roles.EffectAllow, Actions: []roles.Action{roles.ActionOrgRead}, Resources: []string{"drn:astra:org:o1"}}
	testkit.WantEqual(t, "Allow", want, p)
}

// Policies sent as a JSON string holding the policy (old docs) decode like
// objects, in every role response.
func TestPolicyAsStringDecodesInEveryResponse(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess, fakeserver.WithPolicyAsString())
	env.OffSpec() // openapi.yaml says object; a string is what some servers send
	ctx := context.Background()
	policy := roles.Policy{
		Description: "read the org",
		Effect:      roles.EffectAllow,
		Actions:     []roles.Action{roles.ActionOrgRead},
		Resources:   []string{roles.OrgResource(env.Org)},
	}
	created, err := env.roles.Create(ctx, roles.Definition{Name: "readers", Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]roles.Policy{"Create": created.Policy}
	if r, err := env.roles.Get(ctx, created.ID); err == nil {
		got["Get"] = r.Policy
	} else {
		t.Error(err)
	}
	if r, err := env.roles.Update(ctx, created.ID, roles.Definition{Name: "readers", Policy: policy}); err == nil {
		got["Update"] = r.Policy
	} else {
		t.Error(err)
	}
	list, err := env.roles.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got["List"] = list[len(list)-1].Policy
	want := map[string]roles.Policy{"Create": policy, "Get": policy, "Update": policy, "List": policy}
	testkit.WantEqual(t, "policies", want, got)
	if i := slices.IndexFunc(list, func(r roles.Role) bool { return r.Name == roles.OrganizationAdministrator }); i < 0 || len(list[i].Policy.Actions) == 0 {
		t.Errorf("built-in Organization Administrator policy not decoded: %+v", list)
	}
}

// Parallel creates through one client keep the store consistent: every
// distinct name is created once, and of many creates of one name exactly
// one wins while the others conflict.
func TestParallelCreatesKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newAstraEnv(t, transport)
		ctx := context.Background()
		policy := roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(env.Org))
		const distinct, contenders = 24, 16
		var (
			mu              sync.Mutex
			created         = []string{"contended"}
			wins, conflicts int
		)
		testkit.Concurrently(distinct+contenders, func(i int) {
			name := "contended"
			if i < distinct {
				name = fmt.Sprintf("role-%02d", i)
			}
			r, err := env.roles.Create(ctx, roles.Definition{Name: name, Policy: policy})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case i < distinct && err == nil:
				created = append(created, r.Name)
			case err == nil:
				wins++
			case i >= distinct && errors.Is(err, client.ErrConflict):
				conflicts++
			default:
				t.Error(err)
			}
		})
		if wins != 1 || conflicts != contenders-1 {
			t.Errorf("contended creates: %d won, %d conflicted; want 1 and %d", wins, conflicts, contenders-1)
		}

		list, err := env.roles.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids, custom []string
		for _, r := range list {
			ids = append(ids, r.ID)
			if !roles.IsBuiltin(r.Name) {
				custom = append(custom, r.Name)
			}
		}
		testkit.WantUnique(t, "role ID", ids)
		testkit.WantSameElements(t, "custom roles", created, custom)
	})
}

// astraEnv is a fake and the role service of an SDK client on it.
type astraEnv struct {
	sdktest.Astra
	roles *roles.Astra
}

// newAstraEnv starts a fake with opts and builds a client on it over tr
// with the default fixture's token and organization (sdktest.NewAstra).
func newAstraEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) astraEnv {
	t.Helper()
	return astraEnv{Astra: sdktest.NewAstra(t, tr, opts...)}.with()
}

func (env astraEnv) with() astraEnv {
	env.roles = roles.NewAstra(env.Client)
	return env
}

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

// An unknown token is refused every call; so is a token holding only RO
// User, which grants none of their permissions.
func TestEveryRoleCallRefusesUnknownTokensAndMissingPermissions(t *testing.T) {
	t.Parallel()
	sdktest.WantAuthEnforced(t, roles.ReadOnlyUser, astraRoleCalls)
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

// TestLastUpdateTimeReadsWhenTheRoleWasWritten creates and then updates a
// role on a fake whose clock is known, and reads LastUpdateDateTime back as
// those instants.
func TestLastUpdateTimeReadsWhenTheRoleWasWritten(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	def := roles.Definition{Name: "auditors", Policy: roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(env.Org))}
	r, err := env.roles.Create(ctx, def)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.LastUpdateTime(); !got.Equal(sdktest.AstraEpoch()) || got.Location() != time.UTC {
		t.Errorf("after Create: LastUpdateTime = %v (%q), want %v", got, r.LastUpdateDateTime, sdktest.AstraEpoch())
	}
	env.Clock.Advance(90 * time.Minute)
	def.Policy.Description = "read the audit log"
	if r, err = env.roles.Update(ctx, r.ID, def); err != nil {
		t.Fatal(err)
	}
	if got, want := r.LastUpdateTime(), sdktest.AstraEpoch().Add(90*time.Minute); !got.Equal(want) {
		t.Errorf("after Update: LastUpdateTime = %v (%q), want %v", got, r.LastUpdateDateTime, want)
	}
}

func TestLastUpdateTimeIsZeroForEmptyOrForeignText(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "2021-04-01", "1617235200", "not a time"} {
		r := roles.Role{LastUpdateDateTime: raw}
		if got := r.LastUpdateTime(); !got.IsZero() {
			t.Errorf("LastUpdateTime of %q = %v, want the zero time", raw, got)
		}
		if r.LastUpdateDateTime != raw {
			t.Errorf("the field lost its text %q", raw)
		}
	}
}
