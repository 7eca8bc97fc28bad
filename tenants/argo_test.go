package tenants_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// argoAcme is a tenant with a database and two users, one of them without
// an API key.
func argoAcme() tenants.ArgoTenant {
	return tenants.ArgoTenant{
		ID: "ignored-by-the-server",
		Info: tenants.ArgoTenantInfo{
			Name: "acme", Email: "ops@acme.test", Description: "Acme monitoring", Image: "https://acme.test/logo.png",
			Website: "https://acme.test", Created: "1999-12-31 23:59:59", Updated: "1999-12-31 23:59:59",
		},
		DBConf: []tenants.ArgoDBConf{{
			Store: "ar", Server: "db.acme.test", Port: 27017, Database: "acme_ar", Username: "argo", Password: "db-pa55word",
		}},
		Topology: tenants.ArgoTopology{Type: "GOCDB", Feed: "gocdb.acme.test"},
		Users: []users.ArgoUser{
			{ID: "ignored-too", Name: "cap", Email: "cap@acme.test", APIKey: "cap-given-key-0001", Roles: []string{"admin"}},
			{Name: "groot", Email: "groot@acme.test", Roles: []string{"admin", "admin_ui"}},
		},
	}
}

// argoSelf is the self link the fake gives a new tenant.
func argoSelf(e argoEnv, id string) string {
	return "https://" + strings.TrimPrefix(e.URL(), "http://") + "/api/v2/admin/tenants/" + id
}

func TestArgoTenantCreateGetListUpdateDelete(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		ctx := context.Background()

		created, err := e.admin.Create(ctx, argoAcme())
		if err != nil {
			t.Fatal(err)
		}
		if !sdktest.ArgoUUID.MatchString(created.ID) {
			t.Errorf("Create: ID %q is not a UUID", created.ID)
		}
		if want := argoSelf(e, created.ID); created.Links.Self != want {
			t.Errorf("Create: self link %q, want %q", created.Links.Self, want)
		}

		got := e.get(t, created.ID)
		want := argoAcme()
		want.ID = created.ID
		want.Info.Created, want.Info.Updated = sdktest.ArgoStamp, sdktest.ArgoStamp
		if len(got.Users) == 2 {
			// The server assigns user IDs and generates the missing key.
			want.Users[0].ID, want.Users[1].ID = got.Users[0].ID, got.Users[1].ID
			want.Users[1].APIKey = got.Users[1].APIKey
			for _, u := range got.Users {
				if !sdktest.ArgoUUID.MatchString(u.ID) {
					t.Errorf("Get: user ID %q is not a UUID", u.ID)
				}
			}
			if !sdktest.ArgoKey.MatchString(got.Users[1].APIKey) {
				t.Errorf("Get: generated key %q is not 64 hex characters", got.Users[1].APIKey)
			}
		}
		if diff := testkit.Diff(want, got); diff != "" {
			t.Fatalf("Get after Create (-want +got):\n%s", diff)
		}

		list, err := e.admin.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		testkit.WantEqual(t, "List", []tenants.ArgoTenant{got}, list)

		e.Clock.Advance(time.Hour)
		change := got
		change.Info.Description = "Acme, replaced"
		change.DBConf = nil
		updated, err := e.admin.Update(ctx, created.ID, change)
		if err != nil {
			t.Fatal(err)
		}
		want = change
		want.Info.Updated = "2025-03-14 16:09:26"
		testkit.WantEqual(t, "Update result", want, updated)
		testkit.WantEqual(t, "Get after Update differs from Update's result", updated, e.get(t, created.ID))

		if err := e.admin.Delete(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.admin.Get(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get after Delete: %v, want an error matching ErrNotFound", err)
		}
		list, err = e.admin.List(ctx)
		if err != nil || list == nil || len(list) != 0 {
			t.Errorf("List after Delete = %v, %v; want an empty, non-nil slice", list, err)
		}
	})
}

func TestArgoAllStreamsTenantsAndStopsEarly(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	e.Seed(t, `[{"id":"t1","info":{"name":"one"}},{"id":"t2","info":{"name":"two"}},{"id":"t3","info":{"name":"three"}}]`)
	var ids []string
	for _, tn := range testkit.Take(t, e.admin.All(context.Background()), 2) {
		ids = append(ids, tn.ID)
	}
	testkit.WantEqual(t, "All, stopped after two", []string{"t1", "t2"}, ids)
}

func TestArgoUpdateReplacesTheWholeTenant(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	id := e.Seed(t, argoFixtureData(t, "argo-get-tenant.json"))[0]

	// Only a name: everything else is emptied, as the server replaces the
	// stored document.
	got, err := e.admin.Update(ctx, id, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "renamed"}})
	if err != nil {
		t.Fatal(err)
	}
	want := tenants.ArgoTenant{ID: id, Info: tenants.ArgoTenantInfo{Name: "renamed", Created: "2015-10-20 02:08:04", Updated: sdktest.ArgoStamp}}
	testkit.WantEqual(t, "Update with only a name", want, got)
}

func TestArgoUpdateKeepsUserIDsByAPIKeyAndStoresMissingKeysEmpty(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	id := e.Seed(t, `[{"id":"t1","info":{"name":"t"},"users":[{"id":"u1","name":"a","api_key":"key-a"}]}]`)[0]

	got, err := e.admin.Update(ctx, id, tenants.ArgoTenant{
		Info:  tenants.ArgoTenantInfo{Name: "t"},
		Users: []users.ArgoUser{{Name: "a, renamed", APIKey: "key-a"}, {Name: "new, keyless"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Users) != 2 {
		t.Fatalf("Update: users %v, want 2", got.Users)
	}
	if got.Users[0].ID != "u1" || got.Users[0].Name != "a, renamed" {
		t.Errorf("user with the stored key = %v, want ID u1 kept and the new name", got.Users[0])
	}
	if got.Users[1].ID == "u1" || got.Users[1].APIKey != "" {
		t.Errorf("keyless user = %v, want a new ID and an empty key (no generation on update)", got.Users[1])
	}

	// Two keyless users share the key "" and clash.
	_, err = e.admin.Update(ctx, id, tenants.ArgoTenant{
		Info:  tenants.ArgoTenantInfo{Name: "t"},
		Users: []users.ArgoUser{{Name: "x"}, {Name: "y"}},
	})
	if !errors.Is(err, client.ErrConflict) {
		t.Errorf("Update with two keyless users: %v, want a conflict", err)
	}
}

func TestArgoListShowsEachAdminFlavourItsView(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.Loopback)
	e.Seed(t, argoFixtureData(t, "argo-list-tenants-super-admin.json"))
	for _, tc := range []struct {
		name    string
		argo    *tenants.Argo
		fixture string
	}{
		{"super_admin", e.admin, "argo-list-tenants-super-admin.json"},
		{"super_admin_restricted", e.restricted, "argo-list-tenants-restricted.json"},
		{"super_admin_ui", e.ui, "argo-list-tenants-ui.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.argo.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var want []tenants.ArgoTenant
			testkit.Unmarshal(t, []byte(argoFixtureData(t, tc.fixture)), &want)
			// nil and empty are compared apart: an absent section is nil.
			if diff := testkit.Diff(want, got); diff != "" {
				t.Errorf("List (-the document's example +got):\n%s", diff)
			}
		})
	}
}

func TestArgoGetShowsUIAdminsTheirReducedViewAndRestrictedAdminsAll(t *testing.T) {
	t.Parallel()
	// The table of the server's own tests opens tenants.get to UI admins;
	// restricted admins get it here too.
	table := fakeserver.ArgoUnitTestRouteRoles()
	table["tenants.get"] = append(table["tenants.get"], string(fakeserver.ArgoSuperAdminRestricted))
	e := newArgoEnv(t, sdktest.InProcess, fakeserver.WithArgoRouteRoles(table))
	ids := e.Seed(t, argoFixtureData(t, "argo-list-tenants-super-admin.json"))
	ctx := context.Background()

	var full, reduced []tenants.ArgoTenant
	testkit.Unmarshal(t, []byte(argoFixtureData(t, "argo-get-tenant.json")), &full)
	testkit.Unmarshal(t, []byte(argoFixtureData(t, "argo-get-tenant-ui.json")), &reduced)
	// The get examples show tenant2 with feed gocdb1 (full) and gocdb2
	// (UI); the list example, seeded here, says gocdb2.
	full[0].Topology.Feed = "gocdb2.example.foo"

	got, err := e.ui.Get(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "UI admin's Get", reduced[0], got)
	got, err = e.restricted.Get(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "restricted admin's Get", full[0], got)
	// Tenant1 has no admin_ui user: the UI admin gets 404.
	if _, err := e.ui.Get(ctx, ids[0]); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("UI admin's Get of a tenant without admin_ui users: %v, want ErrNotFound", err)
	}
}

func TestArgoListWithoutTenantsIsEmptyNotNil(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	got, err := e.admin.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || len(got) != 0 {
		t.Errorf("List = %#v, want an empty, non-nil slice", got)
	}
}

func TestArgoTenantErrors(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.Loopback)
	ids := e.Seed(t, argoFixtureData(t, "argo-list-tenants-super-admin.json"))
	tenantUser := tenants.NewArgo(e.KeyClient(t, "C4PK3Y")) // cap's key: a tenant user, not an admin
	ctx := context.Background()
	const missing = "00000000-0000-4000-8000-000000000000"
	const notFound = "item with the specific ID was not found on the server"

	for _, tc := range []struct {
		name    string
		call    func() error
		op      tenantkit.Operation
		kind    client.Kind
		status  int
		title   string // the envelope's status.message
		message string // the most specific text: status or errors[].details
	}{
		{"get an unknown tenant", func() error { _, err := e.admin.Get(ctx, missing); return err },
			"argoGetTenant", client.ErrNotFound, 404, "Not Found", notFound},
		{"update an unknown tenant", func() error { _, err := e.admin.Update(ctx, missing, tenants.ArgoTenant{}); return err },
			"argoUpdateTenant", client.ErrNotFound, 404, "Not Found", notFound},
		{"delete an unknown tenant", func() error { return e.admin.Delete(ctx, missing) },
			"argoDeleteTenant", client.ErrNotFound, 404, "Not Found", notFound},
		{"status of an unknown tenant", func() error { _, err := e.admin.Status(ctx, missing); return err },
			"argoGetTenantStatus", client.ErrNotFound, 404, "Not Found", notFound},
		{"update the status of an unknown tenant", func() error {
			_, err := e.admin.UpdateStatus(ctx, missing, tenants.ArgoEngineStatus{})
			return err
		}, "argoUpdateTenantStatus", client.ErrNotFound, 404, "Not Found", notFound},
		{"create with a taken name", func() error {
			_, err := e.admin.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "Tenant1"}})
			return err
		}, "argoCreateTenant", client.ErrConflict, 409, "Conflict", "Tenant with same name already exists"},
		{"rename to a taken name", func() error {
			_, err := e.admin.Update(ctx, ids[1], tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "Tenant1"}})
			return err
		}, "argoUpdateTenant", client.ErrConflict, 409, "Conflict", "Tenant with same name already exists"},
		{"create with another tenant's user key", func() error {
			_, err := e.admin.Create(ctx, tenants.ArgoTenant{
				Info:  tenants.ArgoTenantInfo{Name: "new"},
				Users: []users.ArgoUser{{Name: "copycat", APIKey: "C4PK3Y"}},
			})
			return err
		}, "argoCreateTenant", client.ErrConflict, 409, "Conflict", "More than one users found using the key: [REDACTED]"},
		{"a tenant user's key on the admin API", func() error { _, err := tenantUser.List(ctx); return err },
			"argoListTenants", client.ErrUnauthorized, 401,
			"Unauthorized", "You need to provide a correct authentication token using the header 'x-api-key'"},
		{"restricted admin creates", func() error {
			_, err := e.restricted.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "new"}})
			return err
		}, "argoCreateTenant", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"restricted admin updates", func() error { _, err := e.restricted.Update(ctx, ids[0], tenants.ArgoTenant{}); return err },
			"argoUpdateTenant", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"restricted admin deletes", func() error { return e.restricted.Delete(ctx, ids[0]) },
			"argoDeleteTenant", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"restricted admin updates the status", func() error {
			_, err := e.restricted.UpdateStatus(ctx, ids[0], tenants.ArgoHealthyStatus(time.Time{}))
			return err
		}, "argoUpdateTenantStatus", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"restricted admin reads one tenant", func() error { _, err := e.restricted.Get(ctx, ids[0]); return err },
			"argoGetTenant", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"restricted admin modifies", func() error {
			_, err := e.restricted.Modify(ctx, ids[0], func(*tenants.ArgoTenant) error { return nil })
			return err
		}, "argoGetTenant", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sdktest.WantArgoError(t, tc.call(), tc.op, tc.kind, tc.status, tc.title, tc.message)
		})
	}

	// None of the failed writes changed anything.
	got, err := e.admin.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []tenants.ArgoTenant
	testkit.Unmarshal(t, []byte(argoFixtureData(t, "argo-list-tenants-super-admin.json")), &want)
	testkit.WantEqual(t, "tenants after the failed calls", want, got)
}

func TestArgoModifyWithoutMutateIsRefused(t *testing.T) {
	t.Parallel()
	sdktest.WantRefusedBeforeSending(t, "tenantkit: ", func(c *client.Client) []testkit.Call {
		return []testkit.Call{{Name: "Modify(nil)", Do: func(ctx context.Context) error {
			_, err := tenants.NewArgo(c).Modify(ctx, "t1", nil)
			return err
		}}}
	})
}

// argoTenantCalls are every method of the tenants service of c, on tenant
// t1.
func argoTenantCalls(c *client.Client) []testkit.Call { return argoTenantCallsOn(c, "t1") }

// argoTenantCallsOn are every method of the tenants service of c, on
// tenant id where they address one.
func argoTenantCallsOn(c *client.Client, id string) []testkit.Call {
	s := tenants.NewArgo(c)
	return []testkit.Call{
		{Name: "List", Do: func(ctx context.Context) error { _, err := s.List(ctx); return err }},
		{Name: "All", Do: func(ctx context.Context) error { return testkit.FirstErr(s.All(ctx)) }},
		{Name: "Get", Do: func(ctx context.Context) error { _, err := s.Get(ctx, id); return err }},
		{Name: "Create", Do: func(ctx context.Context) error { _, err := s.Create(ctx, tenants.ArgoTenant{}); return err }},
		{Name: "Update", Do: func(ctx context.Context) error { _, err := s.Update(ctx, id, tenants.ArgoTenant{}); return err }},
		{Name: "Modify", Do: func(ctx context.Context) error {
			_, err := s.Modify(ctx, id, func(*tenants.ArgoTenant) error { return nil })
			return err
		}},
		{Name: "Delete", Do: func(ctx context.Context) error { return s.Delete(ctx, id) }},
		{Name: "Status", Do: func(ctx context.Context) error { _, err := s.Status(ctx, id); return err }},
		{Name: "UpdateStatus", Do: func(ctx context.Context) error {
			_, err := s.UpdateStatus(ctx, id, tenants.ArgoEngineStatus{})
			return err
		}},
	}
}

// TestArgoOnANilClientReturnsErrors: every method reports the missing
// client instead of panicking.
func TestArgoOnANilClientReturnsErrors(t *testing.T) {
	t.Parallel()
	sdktest.WantNilClientRefused(t, argoTenantCalls)
}

// TestArgoOddSuccessBodiesAreErrorsNotPanics: 200 bodies no ARGO server
// sends for these calls make the reads and writes fail, except a create
// answered with ID t2, and a status read that ignores the users a
// tenant-shaped body carries. Lists and deletes may succeed on some of
// them; nothing may panic.
func TestArgoOddSuccessBodiesAreErrorsNotPanics(t *testing.T) {
	t.Parallel()
	sdktest.WantOddAnswersRefused(t, argoTenantCalls, func(call, body string) bool {
		switch {
		case call == "List" || call == "All" || call == "Delete":
			return true
		case body == `{"data":[{"id":"t2"}]}`:
			return call == "Create"
		case body == `{"data":[{"id":"t1","users":[{"roles":"admin"}]}]}`:
			return call == "Create" || call == "Status" || call == "UpdateStatus"
		}
		return false
	}, `{"data":[{"id":"t2"}]}`, `{"data":[{"id":"t1"`, `{"data":{"links":{"self":7}}}`, `{"data":[{"id":"t1","users":[{"roles":"admin"}]}]}`)
}

func TestArgoUnaddressableTenantIDsAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	sdktest.WantRefusedBeforeSending(t, "tenantkit: argo", func(c *client.Client) []testkit.Call {
		var calls []testkit.Call
		for _, id := range []string{"", ".", "..", "x/../t1", "t1/"} {
			for _, call := range argoTenantCallsOn(c, id) {
				if call.Name != "List" && call.Name != "All" && call.Name != "Create" { // they address no tenant
					call.Name = fmt.Sprintf("%s(%q)", call.Name, id)
					calls = append(calls, call)
				}
			}
		}
		return calls
	})
}
