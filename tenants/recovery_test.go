package tenants_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

func TestByNameFindsTheTenantWithExactlyThatName(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		ids := e.Seed(t, `[{"id": "t1", "info": {"name": "acme"}}, {"id": "t2", "info": {"name": "ACME"}},
			{"id": "t3", "info": {"name": "acme-2"}}, {"id": "t4", "info": {"name": ""}}]`)
		ctx := context.Background()
		got := map[string]string{}
		for _, name := range []string{"acme", "ACME", "acme-2", ""} {
			tn, err := e.admin.ByName(ctx, name)
			if err != nil {
				t.Fatalf("ByName(%q): %v", name, err)
			}
			got[name] = tn.ID
		}
		want := map[string]string{"acme": ids[0], "ACME": ids[1], "acme-2": ids[2], "": ids[3]}
		testkit.WantEqual(t, "IDs by name", want, got)
		_, err := e.admin.ByName(ctx, "Acme")
		if !errors.Is(err, client.ErrNotFound) || err.Error() != `tenantkit: tenants.Argo.ByName: no tenant named "Acme": not found` {
			t.Errorf("ByName(\"Acme\") = %v; want a not-found error naming it", err)
		}
		if n := len(e.Journal().CallsTo(tenantkit.OpArgoListTenants)); n != 5 {
			t.Errorf("%d list requests for 5 lookups; want one each", n)
		}
	})
}

func TestByNameSeesWhatTheKeyFlavourLists(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	e.Seed(t, `[{"id": "t1", "info": {"name": "plain"}, "users": [{"id": "u1", "name": "a", "api_key": "k1", "roles": ["admin"]}]},
		{"id": "t2", "info": {"name": "with-ui"}, "users": [{"id": "u2", "name": "b", "api_key": "k2", "roles": ["admin_ui"]}]}]`)
	ctx := context.Background()
	r, err := e.restricted.ByName(ctx, "plain")
	if err != nil || r.ID != "t1" || r.Users != nil {
		t.Errorf("restricted ByName(plain) = %+v, %v; want t1 without users", r, err)
	}
	if _, err := e.ui.ByName(ctx, "plain"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("UI ByName(plain) err = %v; want not found (a UI key lists only tenants with admin_ui users)", err)
	}
	if u, err := e.ui.ByName(ctx, "with-ui"); err != nil || u.ID != "t2" {
		t.Errorf("UI ByName(with-ui) = %+v, %v; want t2", u, err)
	}
}

// TestCreateWhoseOutcomeIsUnknownIsRecoveredByName drops the connection of
// a tenant create before or after the fake served it, and recovers as the
// docs say: ByName, then Create again only if the tenant is not there. The
// journal proves one create per served request and the list one tenant.
func TestCreateWhoseOutcomeIsUnknownIsRecoveredByName(t *testing.T) {
	t.Parallel()
	for _, tr := range sdktest.Transports() {
		for _, drop := range []fakeserver.Drop{fakeserver.DropBeforeServing, fakeserver.DropAfterServing, fakeserver.DropMidResponse} {
			t.Run(fmt.Sprintf("%s/%s", tr, drop), func(t *testing.T) {
				t.Parallel()
				e := newArgoEnv(t, tr)
				ctx := context.Background()
				if err := e.AddFault(fakeserver.Fault{Operation: tenantkit.OpArgoCreateTenant, Drop: drop, Times: 1}); err != nil {
					t.Fatal(err)
				}
				want := tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "acme"}}
				_, err := e.admin.Create(ctx, want)
				if !errors.Is(err, client.ErrOutcomeUnknown) {
					t.Fatalf("Create through a dropped connection: err = %v; want ErrOutcomeUnknown", err)
				}
				found, err := e.admin.ByName(ctx, "acme")
				switch {
				case errors.Is(err, client.ErrNotFound):
					if drop != fakeserver.DropBeforeServing {
						t.Fatalf("ByName found nothing after %s", drop)
					}
					if _, err := e.admin.Create(ctx, want); err != nil {
						t.Fatal(err)
					}
				case err != nil:
					t.Fatal(err)
				case drop == fakeserver.DropBeforeServing:
					t.Fatalf("ByName found %s, which the fake never created", found.ID)
				}
				list, err := e.admin.List(ctx)
				if err != nil || len(list) != 1 {
					t.Errorf("after recovery the server holds %d tenants (err %v); want 1", len(list), err)
				}
				served := 0
				for _, c := range e.Journal().CallsTo(tenantkit.OpArgoCreateTenant) {
					if c.Status != 0 {
						served++
					}
				}
				if served != 1 {
					t.Errorf("%d creates served; want 1:\n%v", served, e.Journal().Summary())
				}
			})
		}
	}
}

func TestCreatedSinceKeepsTheTenantsOfThatPlaceAndTime(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	ctx := context.Background()
	create := func(provider, region string) string {
		t.Helper()
		tn, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: provider, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(time.Minute)
		return tn.ID
	}
	early := create("aws", "us-west-2")
	mid := env.Clock.Now()
	late := create("aws", "us-west-2")
	create("gcp", "us-west-2")
	create("aws", "eu-west-1")

	want := tenants.LangflowCreateRequest{CloudProvider: "AWS", Region: "us-west-2"}
	for _, tc := range []struct {
		name  string
		since time.Time
		want  []string
	}{
		{"before both", sdktest.AstraEpoch(), []string{early, late}},
		{"at the second", mid, []string{late}},
		{"after both", env.Clock.Now(), []string{}},
	} {
		found, err := env.lf.CreatedSince(ctx, want, tc.since)
		if err != nil {
			t.Fatal(err)
		}
		ids := []string{}
		for _, tn := range found {
			ids = append(ids, tn.ID)
		}
		if diff := testkit.Diff(tc.want, ids); diff != "" {
			t.Errorf("%s: IDs (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestCreatedSinceKeepsTenantsWithoutAReadableTime: a tenant whose
// created_at cannot be read cannot be ruled out.
func TestCreatedSinceKeepsTenantsWithoutAReadableTime(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubList: {Status: 200, Body: `[
		{"id": "old", "org_id": "o", "cloud_provider": "aws", "region": "us-west-2", "status": "active", "created_at": "2020-01-01T00:00:00Z"},
		{"id": "odd", "org_id": "o", "cloud_provider": "aws", "region": "us-west-2", "status": "active", "created_at": "last week"},
		{"id": "none", "org_id": "o", "cloud_provider": "aws", "region": "us-west-2", "status": "active"}]`}})
	found, err := langflowStubService(t, stub).CreatedSince(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"},
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(found) != 2 || found[0].ID != "odd" || found[1].ID != "none" {
		t.Errorf("CreatedSince = %v, %v; want odd and none", found, err)
	}
}

func TestLangflowCreateWhoseOutcomeIsUnknownIsRecoveredWithCreatedSince(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newLangflowEnv(t, transport)
		ctx := context.Background()
		if err := env.AddFault(fakeserver.Fault{Operation: tenantkit.OpCreateLangflowTenant, Drop: fakeserver.DropAfterServing, Times: 1}); err != nil {
			t.Fatal(err)
		}
		req := tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"}
		start := env.Clock.Now()
		_, err := env.lf.Create(ctx, req)
		if !errors.Is(err, client.ErrOutcomeUnknown) {
			t.Fatalf("Create: err = %v; want ErrOutcomeUnknown", err)
		}
		found, err := env.lf.CreatedSince(ctx, req, start)
		if err != nil || len(found) != 1 {
			t.Fatalf("CreatedSince = %v, %v; want the one tenant created", found, err)
		}
		if n := len(env.Journal().CallsTo(tenantkit.OpCreateLangflowTenant)); n != 1 {
			t.Errorf("%d creates sent; want 1", n)
		}
	})
}

// TestCreateAnswerWithoutATenantIsAnUnknownOutcome: a 2xx answer that names
// no tenant leaves the caller where a dropped connection does.
func TestCreateAnswerWithoutATenantIsAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubCreate: {Status: 202, Body: `{"status":"created"}`}})
	_, err := langflowStubService(t, stub).Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if !errors.Is(err, client.ErrOutcomeUnknown) {
		t.Errorf("err = %v; want it to match ErrOutcomeUnknown", err)
	}
}
