package contract_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

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
