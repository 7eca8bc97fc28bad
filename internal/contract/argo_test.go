package contract_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

var hexKey = regexp.MustCompile(`^[0-9a-f]{64}$`)

// argoTenantWithUser creates a tenant (deleted when the test ends) with a
// database and one user, and returns it as stored and its user, key
// included.
func argoTenantWithUser(t *testing.T, env environment) (tenants.ArgoTenant, users.ArgoUser) {
	t.Helper()
	got := argoTenantWith(t, env, users.ArgoUser{Name: "contract", Email: "contract@example.com", Roles: []string{"admin"}})
	return got, got.Users[0]
}

// argoTenantWith creates a tenant (deleted when the test ends) with a
// database and the given users, with a super_admin key, and returns it as
// stored: IDs and keys included.
func argoTenantWith(t *testing.T, env environment, members ...users.ArgoUser) tenants.ArgoTenant {
	t.Helper()
	a := tenants.NewArgo(env.argo(t))
	ctx := ctx(t)
	name := unique(t, "tenant")
	created, err := a.Create(ctx, tenants.ArgoTenant{
		Info:     tenants.ArgoTenantInfo{Name: name, Email: "contract@example.com", Description: "tenantkit contract test"},
		DBConf:   []tenants.ArgoDBConf{{Store: "main", Server: "mongo.example.com", Port: 27017, Database: "argo_" + strings.ReplaceAll(name, "-", "_"), Username: "argo", Password: "contract-password-" + name[len(name)-12:]}},
		Topology: tenants.ArgoTopology{Type: "GOCDB", Feed: "gocdb.example.com"},
		Users:    members,
	})
	if err != nil {
		t.Fatal(err)
	}
	cleanup(t, "ARGO tenant "+name, func(ctx context.Context) error { return a.Delete(ctx, created.ID) })
	got, err := a.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != len(members) {
		t.Fatalf("the new tenant has %d users; want %d", len(got.Users), len(members))
	}
	return got
}

func TestArgoTenantLifecycle(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		a := tenants.NewArgo(env.argo(t))
		ctx := ctx(t)
		tenant, user := argoTenantWithUser(t, env)
		if tenant.ID == "" || tenant.Info.Created == "" || len(tenant.DBConf) != 1 {
			t.Errorf("stored tenant %+v", tenant)
		}
		if user.ID == "" || !hexKey.MatchString(user.APIKey) {
			t.Errorf("the server gave the user ID %q and a key of %d characters; want a 64-hex key", user.ID, len(user.APIKey))
		}

		list, err := a.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(list, func(x tenants.ArgoTenant) bool { return x.ID == tenant.ID && x.Info.Name == tenant.Info.Name }) {
			t.Errorf("List does not hold %s", tenant.ID)
		}
		if _, err := a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: tenant.Info.Name}}); !errors.Is(err, client.ErrConflict) {
			t.Errorf("a second tenant named %q: %v; want a conflict", tenant.Info.Name, err)
		}

		modified, err := a.Modify(ctx, tenant.ID, func(x *tenants.ArgoTenant) error {
			x.Info.Website = "https://contract.example.com"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if modified.Info.Website != "https://contract.example.com" || modified.Info.Name != tenant.Info.Name || len(modified.DBConf) != 1 {
			t.Errorf("after Modify: %+v", modified)
		}
		if len(modified.Users) != 1 || modified.Users[0].ID != user.ID || modified.Users[0].APIKey != user.APIKey {
			t.Errorf("Modify did not keep the user and its key: %+v", modified.Users)
		}

		st := tenants.ArgoHealthyStatus(time.Now(), "Critical")
		got, err := a.UpdateStatus(ctx, tenant.ID, st)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Status.TotalStatus || got.ID != tenant.ID {
			t.Errorf("a healthy status reads back with total_status %v", got.Status.TotalStatus)
		}
		st.AMS.SyncData.Publishing = false
		if got, err = a.UpdateStatus(ctx, tenant.ID, st); err != nil || got.Status.TotalStatus {
			t.Errorf("a status with a failed check reads back as %v, %v; want total_status false", got.Status.TotalStatus, err)
		}

		if err := a.Delete(ctx, tenant.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Get(ctx, tenant.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get after Delete: %v; want not found", err)
		}
	})
}

func TestArgoTenantUserLifecycle(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		u := users.NewArgo(env.argo(t))
		ctx := ctx(t)
		tenant, first := argoTenantWithUser(t, env)

		created, err := u.Create(ctx, tenant.ID, users.ArgoUser{Name: "second", Email: "second@example.com", Roles: []string{"viewer"}})
		if err != nil {
			t.Fatal(err)
		}
		if !hexKey.MatchString(created.APIKey) || created.APIKey == first.APIKey {
			t.Errorf("the new user's key has %d characters (the first user's: %v)", len(created.APIKey), created.APIKey == first.APIKey)
		}
		list, err := u.List(ctx, tenant.ID)
		if err != nil || len(list) != 2 {
			t.Errorf("List = %d users, %v; want 2", len(list), err)
		}

		updated, err := u.Update(ctx, tenant.ID, created.ID, users.ArgoUser{Email: "changed@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		if updated.Email != "changed@example.com" || updated.Name != "second" || updated.APIKey != created.APIKey {
			t.Errorf("Update patched into %+v", updated)
		}

		key, err := u.RenewAPIKey(ctx, tenant.ID, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !hexKey.MatchString(key) || key == created.APIKey {
			t.Errorf("RenewAPIKey gave a key of %d characters (the old one: %v)", len(key), key == created.APIKey)
		}
		for name, get := range map[string]func() (users.ArgoUser, error){
			"Get":      func() (users.ArgoUser, error) { return u.Get(ctx, tenant.ID, created.ID) },
			"ByID":     func() (users.ArgoUser, error) { return u.ByID(ctx, created.ID) },
			"ByIDFlat": func() (users.ArgoUser, error) { return u.ByIDFlat(ctx, created.ID) },
		} {
			got, err := get()
			if err != nil || got.ID != created.ID || got.APIKey != key {
				t.Errorf("%s after the renewal: %v (same key: %v)", name, err, got.APIKey == key)
			}
		}

		// A key used anywhere conflicts, and the error does not show it.
		_, err = u.Update(ctx, tenant.ID, created.ID, users.ArgoUser{APIKey: first.APIKey})
		if !errors.Is(err, client.ErrConflict) {
			t.Errorf("taking another user's key: %v; want a conflict", err)
		}
		if err != nil && strings.Contains(err.Error(), first.APIKey) {
			t.Errorf("the conflict shows the key: %v", err)
		}

		if err := u.Delete(ctx, tenant.ID, created.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := u.Get(ctx, tenant.ID, created.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get after Delete: %v; want not found", err)
		}
		if _, err := u.ByID(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("ByID after Delete: %v; want not found", err)
		}
	})
}

func TestArgoUnknownTenantIsNotFound(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		ctx := ctx(t)
		const id = "00000000-0000-4000-8000-00000000c0de"
		if _, err := tenants.NewArgo(env.argo(t)).Get(ctx, id); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get of an unknown tenant: %v; want not found", err)
		}
		if _, err := users.NewArgo(env.argo(t)).List(ctx, id); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("users of an unknown tenant: %v; want not found", err)
		}
	})
}

// What the reduced ARGO admin flavours see and are refused, under the real
// server's default role table (scripts/mongodb/populate_default_roles.js):
// super_admin_restricted and super_admin_ui keys may list tenants, read an
// engine status and look a user up by ID; every other route answers them
// 403. A live server whose roles collection differs fails these tests, as
// it should: they pin the default.

// findTenant returns the tenant with the given ID from a list.
func findTenant(t *testing.T, list []tenants.ArgoTenant, id string) (tenants.ArgoTenant, bool) {
	t.Helper()
	i := slices.IndexFunc(list, func(x tenants.ArgoTenant) bool { return x.ID == id })
	if i < 0 {
		return tenants.ArgoTenant{}, false
	}
	return list[i], true
}

func TestArgoRestrictedAdminSeesTenantsWithoutDatabasesOrUsers(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		restricted := env.argoAs(t, restrictedAdmin) // before creating anything: it may skip
		ctx := ctx(t)
		tenant, user := argoTenantWithUser(t, env)
		if _, err := tenants.NewArgo(env.argo(t)).UpdateStatus(ctx, tenant.ID, tenants.ArgoHealthyStatus(time.Now())); err != nil {
			t.Fatal(err)
		}

		list, err := tenants.NewArgo(restricted).List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := findTenant(t, list, tenant.ID)
		if !ok {
			t.Fatalf("the restricted list (%d tenants) does not hold %s", len(list), tenant.ID)
		}
		want := tenants.ArgoTenant{ID: tenant.ID, Info: tenant.Info, Topology: tenant.Topology} // no db_conf, no users
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the restricted view of the tenant (-want +got):\n%s", diff)
		}

		st, err := tenants.NewArgo(restricted).Status(ctx, tenant.ID)
		if err != nil || st.ID != tenant.ID || !st.Status.TotalStatus {
			t.Errorf("Status with a restricted key: %+v, %v; want the healthy status", st, err)
		}
		byID, err := users.NewArgo(restricted).ByID(ctx, user.ID)
		if err != nil || byID.ID != user.ID || byID.APIKey != user.APIKey {
			t.Errorf("ByID with a restricted key: %v (its key: %v); want the whole user, key included", err, byID.APIKey == user.APIKey)
		}
	})
}

func TestArgoUIAdminSeesOnlyTenantsWithAdminUIUsersAndOnlyThoseUsers(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		ui := env.argoAs(t, uiAdmin)
		ctx := ctx(t)
		withUI := argoTenantWith(t, env,
			users.ArgoUser{Name: "console", Email: "console@example.com", Roles: []string{"admin_ui"}},
			users.ArgoUser{Name: "operator", Email: "operator@example.com", Roles: []string{"admin"}})
		withoutUI, plain := argoTenantWithUser(t, env)
		if _, err := tenants.NewArgo(env.argo(t)).UpdateStatus(ctx, withoutUI.ID, tenants.ArgoHealthyStatus(time.Now())); err != nil {
			t.Fatal(err)
		}

		list, err := tenants.NewArgo(ui).List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := findTenant(t, list, withUI.ID)
		if !ok {
			t.Fatalf("the UI list (%d tenants) does not hold %s, which has an admin_ui user", len(list), withUI.ID)
		}
		console := withUI.Users[slices.IndexFunc(withUI.Users, func(u users.ArgoUser) bool { return u.Name == "console" })]
		want := tenants.ArgoTenant{ID: withUI.ID, Info: withUI.Info, Topology: withUI.Topology, Users: []users.ArgoUser{console}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the UI view of a tenant with an admin_ui user (-want +got):\n%s", diff)
		}
		if _, ok := findTenant(t, list, withoutUI.ID); ok {
			t.Errorf("the UI list holds %s, which has no admin_ui user", withoutUI.ID)
		}

		// The calls open to every flavour see every tenant and user.
		if st, err := tenants.NewArgo(ui).Status(ctx, withoutUI.ID); err != nil || st.ID != withoutUI.ID {
			t.Errorf("Status with a UI key, of a tenant it does not list: %+v, %v", st, err)
		}
		byID, err := users.NewArgo(ui).ByID(ctx, plain.ID)
		if err != nil || byID.APIKey != plain.APIKey {
			t.Errorf("ByID with a UI key, of a user without admin_ui: %v (its key: %v); want the whole user", err, byID.APIKey == plain.APIKey)
		}
	})
}

func TestArgoReducedAdminsAreRefusedEveryOtherCall(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		for _, flavour := range []argoFlavour{restrictedAdmin, uiAdmin} {
			t.Run(string(flavour), func(t *testing.T) {
				t.Parallel()
				c := env.argoAs(t, flavour)
				ctx := ctx(t)
				tenant := argoTenantWith(t, env, users.ArgoUser{Name: "console", Email: "console@example.com", Roles: []string{"admin_ui"}})
				user := tenant.Users[0]
				a, u := tenants.NewArgo(c), users.NewArgo(c)
				calls := []struct {
					name string
					call func(context.Context) error
				}{
					{"tenants Get", func(ctx context.Context) error { _, err := a.Get(ctx, tenant.ID); return err }},
					{"tenants Create", func(ctx context.Context) error {
						created, err := a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: unique(t, "refused")}})
						if err == nil {
							cleanup(t, "ARGO tenant "+created.ID, func(ctx context.Context) error { return tenants.NewArgo(env.argo(t)).Delete(ctx, created.ID) })
						}
						return err
					}},
					{"tenants Update", func(ctx context.Context) error { _, err := a.Update(ctx, tenant.ID, tenant); return err }},
					{"tenants UpdateStatus", func(ctx context.Context) error {
						_, err := a.UpdateStatus(ctx, tenant.ID, tenants.ArgoHealthyStatus(time.Now()))
						return err
					}},
					{"tenants Delete", func(ctx context.Context) error { return a.Delete(ctx, tenant.ID) }},
					{"users List", func(ctx context.Context) error { _, err := u.List(ctx, tenant.ID); return err }},
					{"users Create", func(ctx context.Context) error {
						_, err := u.Create(ctx, tenant.ID, users.ArgoUser{Name: "refused"})
						return err
					}},
					{"users Get", func(ctx context.Context) error { _, err := u.Get(ctx, tenant.ID, user.ID); return err }},
					{"users Update", func(ctx context.Context) error {
						_, err := u.Update(ctx, tenant.ID, user.ID, users.ArgoUser{Email: "refused@example.com"})
						return err
					}},
					{"users RenewAPIKey", func(ctx context.Context) error { _, err := u.RenewAPIKey(ctx, tenant.ID, user.ID); return err }},
					{"users Delete", func(ctx context.Context) error { return u.Delete(ctx, tenant.ID, user.ID) }},
				}
				for _, call := range calls {
					if err := call.call(ctx); !errors.Is(err, client.ErrForbidden) {
						t.Errorf("%s with a %s key: %v; want forbidden", call.name, flavour, err)
					}
				}
				after, err := tenants.NewArgo(env.argo(t)).Get(ctx, tenant.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tenant, after); diff != "" {
					t.Errorf("the refused calls changed the tenant (-before +after):\n%s", diff)
				}
			})
		}
	})
}
