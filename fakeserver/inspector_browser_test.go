package fakeserver_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/browsertest"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// TestInspectorPageInARealBrowser opens the inspector in headless
// Chromium: the page loads through the inspector URL, shows the requests
// a client just made, and its buttons' events change the fake's state.
// With TENANTKIT_SCREENSHOT=<file.png> it saves a picture of the page
// (README's docs/inspector.png).
func TestInspectorPageInARealBrowser(t *testing.T) {
	b := browsertest.Start(t)
	ctx := context.Background()
	clock := client.NewVirtualClock(time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC))
	fixture, err := fakeserver.LoadFixture(filepath.Join("testdata", "fixture.example.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithControlToken("inspector-browser-test-token"), fakeserver.WithClock(clock),
		fakeserver.WithSeed(7), fakeserver.WithFixture(fixture))

	b.Open(srv.InspectorURL())
	b.WaitFor(`[data-testid="journal"]`, "")
	if u := b.URL(); strings.Contains(u, "token=") {
		t.Errorf("the page's address still holds the token: %s", u)
	}

	// What an app under development does: it lists roles (through a
	// 503), creates a Langflow tenant, invites a user, lists ARGO tenants.
	astra := fakeserver.NewTestClient(t, srv, fakeserver.AsAstra(), client.WithMaxAttempts(2))
	if err := srv.AddFault(fakeserver.Fault{Name: "roles-down", Operation: tenantkit.OpGetOrganizationRoles, Status: 503, Times: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := roles.NewAstra(astra).List(ctx); err != nil {
		t.Fatal(err)
	}
	lf := tenants.NewLangflow(astra)
	tenant, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := users.NewAstra(astra).Invite(ctx, "ada@example.com", "Organization Administrator"); err != nil {
		t.Fatal(err)
	}
	if _, err := tenants.NewArgo(fakeserver.NewTestClient(t, srv, fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))).List(ctx); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddFault(fakeserver.Fault{Name: "slow-users", Operation: tenantkit.OpGetOrganizationUsers, Latency: 2 * time.Second, Probability: 0.2}); err != nil {
		t.Fatal(err)
	}

	// The page shows the requests, by operation, with the fault.
	b.WaitFor(`td[data-testid="operation"]`, string(tenantkit.OpCreateLangflowTenant))
	b.WaitFor(`tr[data-testid="call"]`, "fault roles-down")
	b.WaitFor(`[data-testid="fault"]`, "slow-users")

	// A row opens its bodies.
	b.WaitFor(`tr[data-testid="call"]`, string(tenantkit.OpCreateLangflowTenant)).Click()
	b.WaitFor(`[data-testid="detail"]`, `"cloud_provider": "aws"`)

	// A button's event changes the state: the tenant finishes provisioning.
	b.WaitFor(`button[data-event="finish-provisioning"][data-body*="`+tenant.ID+`"]`, "Finish provisioning").Click()
	b.WaitFor(`tr[data-testid="call"]`, "FinishProvisioning")
	b.WaitFor(`[data-testid="table-Langflow tenants"]`, "active")
	got, err := lf.Get(ctx, tenant.ID)
	if err != nil || got.Status != "active" {
		t.Errorf("after the Finish provisioning button: %q, %v; want active", got.Status, err)
	}
	b.WaitFor(`button[data-event="accept-invitation"]`, "Accept invitation")

	if path := os.Getenv("TENANTKIT_SCREENSHOT"); path != "" {
		b.WaitFor(`tr[data-testid="call"]`, string(tenantkit.OpGetOrganizationUsers)).Click()
		b.WaitFor(`[data-testid="detail"]`, "ada@example.com")
		b.Run("document.querySelector('#detail').scrollTop = 0; window.scrollTo(0, 0)")
		if err := os.WriteFile(path, b.Screenshot(), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Reset from the page: the tenant is gone.
	b.WaitFor(`button[data-testid="reset"]`, "Reset").Click()
	b.WaitFor(`#toast`, "Reset state: done")
	if _, err := lf.Get(ctx, tenant.ID); err == nil {
		t.Error("the tenant is still there after the page's Reset button")
	}
}
