package contract_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

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
