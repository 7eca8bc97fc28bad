package tenants_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

func TestArgoModifyKeepsWhatTheCallerDoesNotTouch(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		id := e.Seed(t, argoFixtureData(t, "argo-get-tenant.json"))[0]
		before := e.get(t, id)

		e.Clock.Advance(time.Minute)
		got, err := e.admin.Modify(context.Background(), id, func(t *tenants.ArgoTenant) error {
			t.Info.Description = "changed"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := before
		want.Info.Description = "changed"
		want.Info.Updated = "2025-03-14 15:10:26"
		testkit.WantEqual(t, "Modify", want, got)
		testkit.WantEqual(t, "stored tenant differs from Modify's result", got, e.get(t, id))
	})
}

func TestArgoModifyGivesNewUsersKeysSoTheyDoNotClash(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	id := e.Seed(t, argoFixtureData(t, "argo-get-tenant.json"))[0]
	got, err := e.admin.Modify(context.Background(), id, func(t *tenants.ArgoTenant) error {
		t.Users = append(t.Users, users.ArgoUser{Name: "rocket"}, users.ArgoUser{Name: "drax"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != 4 {
		t.Fatalf("users %v, want 4", got.Users)
	}
	// The users read keep their IDs and keys.
	if got.Users[0].ID != "acb74194-553a-11e9-8647-d663bd873d95" || got.Users[0].APIKey != "GR00TK3Y" ||
		got.Users[1].ID != "acb74194-553a-11e9-8647-d663bd873d97" || got.Users[1].APIKey != "ST4RL0RDK3Y" {
		t.Errorf("existing users changed: %v", got.Users[:2])
	}
	for _, u := range got.Users[2:] {
		if !sdktest.ArgoKey.MatchString(u.APIKey) || !sdktest.ArgoUUID.MatchString(u.ID) {
			t.Errorf("new user %s: key %q and ID %q, want 64 hex characters and a UUID", u.Name, u.APIKey, u.ID)
		}
	}
	if got.Users[2].APIKey == got.Users[3].APIKey {
		t.Error("the two new users got the same key")
	}
}

func TestArgoModifyKeepsAnExistingEmptyKey(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	id := e.Seed(t, `[{"id":"t1","info":{"name":"t"},"users":[{"id":"u1","name":"a","api_key":"key-a"}]}]`)[0]
	// A raw Update stores a keyless user with "".
	if _, err := e.admin.Update(ctx, id, tenants.ArgoTenant{
		Info:  tenants.ArgoTenantInfo{Name: "t"},
		Users: []users.ArgoUser{{Name: "a", APIKey: "key-a"}, {Name: "keyless"}},
	}); err != nil {
		t.Fatal(err)
	}
	before := e.get(t, id)
	got, err := e.admin.Modify(ctx, id, func(t *tenants.ArgoTenant) error {
		t.Info.Email = "t@example.test"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "users after Modify", before.Users, got.Users)
}

func TestArgoModifyWithoutChangesWritesNothing(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	id := e.Seed(t, argoFixtureData(t, "argo-get-tenant.json"))[0]
	if _, err := e.admin.UpdateStatus(ctx, id, tenants.ArgoHealthyStatus(sdktest.ArgoEpoch())); err != nil {
		t.Fatal(err)
	}
	before := e.get(t, id)
	e.Clock.Advance(time.Minute)
	got, err := e.admin.Modify(ctx, id, func(t *tenants.ArgoTenant) error {
		t.Info.Description = t.Info.Description + "" // touched, unchanged
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Modify without changes", before, got)
	// No write: info.updated did not move and the engine status survived.
	testkit.WantEqual(t, "stored tenant changed", before, e.get(t, id))
	st, err := e.admin.Status(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Status.TotalStatus {
		t.Error("the engine status was wiped by a Modify that changed nothing")
	}
}

func TestArgoModifyReturnsMutatesErrorAndWritesNothing(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	id := e.Seed(t, argoFixtureData(t, "argo-get-tenant.json"))[0]
	before := e.get(t, id)
	errStop := errors.New("stop")
	_, err := e.admin.Modify(context.Background(), id, func(t *tenants.ArgoTenant) error {
		t.Users = nil
		t.DBConf[0].Password = "changed"
		return errStop
	})
	if !errors.Is(err, errStop) {
		t.Errorf("Modify: %v, want mutate's error", err)
	}
	testkit.WantEqual(t, "stored tenant changed", before, e.get(t, id))
}

func TestArgoModifyRefusesReducedViews(t *testing.T) {
	t.Parallel()
	// Tables under which UI (or restricted) admins may read and replace
	// single tenants: only there can a reduced view be written back.
	open := func(flavour fakeserver.ArgoAdminFlavour, routes ...string) map[string][]string {
		table := fakeserver.ArgoDefaultRouteRoles()
		for _, r := range routes {
			table[r] = append(table[r], string(flavour))
		}
		return table
	}
	const (
		withDBConf = `{"id":"t1","info":{"name":"one"},
			"db_conf":[{"store":"ar","server":"db","port":27017,"database":"ar","username":"u","password":"pw"}],
			"users":[{"id":"u1","name":"a","api_key":"key-1","roles":["admin"]},{"id":"u2","name":"b","api_key":"key-2","roles":["admin_ui"]}]}`
		uiOnly = `{"id":"t2","info":{"name":"two"},
			"users":[{"id":"u3","name":"c","api_key":"key-3","roles":["admin_ui"]}]}`
		twiceUI = `{"id":"t3","info":{"name":"three"},
			"users":[{"id":"u4","name":"d","api_key":"key-4","roles":["admin_ui","admin_ui"]}]}`
		plain = `{"id":"t4","info":{"name":"four"}}`
	)
	for _, tc := range []struct {
		name    string
		table   map[string][]string
		seed    string
		flavour string // which client modifies: admin, restricted or ui
		tenant  string
		refused bool
		cause   client.Kind // the error the refusal wraps, if any
	}{
		{"UI admin, tenant with hidden users and db_conf", open(fakeserver.ArgoSuperAdminUI, "tenants.get", "tenants.update"),
			"[" + withDBConf + "," + uiOnly + "]", "ui", "t1", true, ""},
		{"UI admin who may not list tenants", func() map[string][]string {
			table := open(fakeserver.ArgoSuperAdminUI, "tenants.get", "tenants.update")
			table["tenants.list"] = []string{string(fakeserver.ArgoSuperAdmin)}
			return table
		}(), "[" + withDBConf + "]", "ui", "t1", true, client.ErrForbidden},
		{"UI admin, user listed twice", open(fakeserver.ArgoSuperAdminUI, "tenants.get", "tenants.update"),
			"[" + twiceUI + "," + plain + "]", "ui", "t3", true, ""},
		{"super admin, UI-looking tenant, another tenant proves the view", fakeserver.ArgoDefaultRouteRoles(),
			"[" + uiOnly + "," + withDBConf + "]", "admin", "t2", false, ""},
		{"super admin, every tenant UI-looking", fakeserver.ArgoDefaultRouteRoles(),
			"[" + uiOnly + "]", "admin", "t2", true, ""},
		{"restricted admin reads whole tenants", open(fakeserver.ArgoSuperAdminRestricted, "tenants.get", "tenants.update"),
			"[" + uiOnly + "]", "restricted", "t2", false, ""},
		{"super admin, ordinary tenant, no listing needed", func() map[string][]string {
			table := fakeserver.ArgoDefaultRouteRoles()
			table["tenants.list"] = nil
			return table
		}(), "[" + withDBConf + "]", "admin", "t1", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newArgoEnv(t, sdktest.InProcess, fakeserver.WithArgoRouteRoles(tc.table))
			e.Seed(t, tc.seed)
			before := e.get(t, tc.tenant)
			a := map[string]*tenants.Argo{"admin": e.admin, "restricted": e.restricted, "ui": e.ui}[tc.flavour]
			called := false
			_, err := a.Modify(context.Background(), tc.tenant, func(t *tenants.ArgoTenant) error {
				called = true
				t.Info.Description = "modified"
				return nil
			})
			after := e.get(t, tc.tenant)
			if !tc.refused {
				if err != nil {
					t.Fatalf("Modify: %v", err)
				}
				if after.Info.Description != "modified" || len(after.Users) != len(before.Users) || len(after.DBConf) != len(before.DBConf) {
					t.Errorf("after Modify: %+v, want the description changed and nothing lost from %+v", after, before)
				}
				return
			}
			var rv *tenants.ArgoReducedViewError
			if !errors.As(err, &rv) {
				t.Fatalf("Modify: %v, want an *ArgoReducedViewError", err)
			}
			if rv.ID != tc.tenant || rv.Reason == "" {
				t.Errorf("error %+v, want the tenant's ID and a reason", rv)
			}
			if tc.cause != "" && !errors.Is(err, tc.cause) {
				t.Errorf("error %v does not wrap %q", err, tc.cause)
			}
			if called {
				t.Error("mutate was called before the refusal")
			}
			testkit.WantEqual(t, "refused Modify changed the tenant", before, after)
		})
	}
}
