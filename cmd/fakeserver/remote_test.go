package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
)

// TestOneScenarioRunsInProcessAndAgainstTheBinary runs the same test
// code — fault rules, the journal, a server-side event, reset — against
// the in-process fake and against the binary through its control API:
// the only difference is the line that makes the fake.
func TestOneScenarioRunsInProcessAndAgainstTheBinary(t *testing.T) {
	t.Parallel()
	t.Run("in-process", func(t *testing.T) {
		t.Parallel()
		scenario(t, fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t))))
	})
	t.Run("binary", func(t *testing.T) {
		t.Parallel()
		p := start(t, "-addr", "127.0.0.1:0")
		scenario(t, fakeserver.DialTest(t, p.vars["URL"], p.vars["CONTROL_TOKEN"]))
	})
}

func scenario(t *testing.T, fake fakeserver.Instrument) {
	ctx := context.Background()
	c, err := fake.SDKClient(fakeserver.AsAstra(), client.WithMaxAttempts(3))
	if err != nil {
		t.Fatal(err)
	}
	// A fault: the first list of roles fails with 503 and the SDK retries.
	if err := fake.AddFault(fakeserver.Fault{Name: "roles-down", Operation: tenantkit.OpGetOrganizationRoles, Status: 503, Times: 1}); err != nil {
		t.Fatalf("AddFault: %v", err)
	}
	if _, err := roles.NewAstra(c).List(ctx); err != nil {
		t.Fatalf("List roles through one 503: %v", err)
	}
	if got := fake.Faults(); len(got) != 0 {
		t.Errorf("Faults after the rule's one time: %v, want none", got)
	}
	var roleCalls []string
	for _, call := range fake.Journal().CallsTo(tenantkit.OpGetOrganizationRoles) {
		roleCalls = append(roleCalls, call.String())
	}
	if diff := cmp.Diff([]string{"GET /v2/organizations/roles 503 fault=roles-down", "GET /v2/organizations/roles 200"}, roleCalls); diff != "" {
		t.Errorf("journal of the role list (-want +got):\n%s", diff)
	}

	// An event: a new Langflow tenant finishes provisioning at once.
	lf := tenants.NewLangflow(c)
	created, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := fake.FinishProvisioning(created.ID); err != nil {
		t.Fatalf("FinishProvisioning: %v", err)
	}
	got, err := lf.Get(ctx, created.ID)
	if err != nil || got.Status != "active" {
		t.Errorf("Get after FinishProvisioning: status %q, %v; want active", got.Status, err)
	}
	// The journal, in a form with no generated IDs: the same whichever
	// fake ran it.
	want := []string{
		"getOrganizationRoles GET /v2/organizations/roles 503 fault=roles-down",
		"getOrganizationRoles GET /v2/organizations/roles 200",
		"createLangflowTenant POST /v1/tenant 201",
		"event FinishProvisioning {id-1}",
		"getLangflowTenant GET /v1/orgs/{id-2}/tenant/{id-1} 200",
	}
	if diff := cmp.Diff(want, fake.Journal().Outline()); diff != "" {
		t.Errorf("journal outline (-want +got):\n%s", diff)
	}

	// Reset: the tenant is gone, the API answers 404 for it.
	fake.Reset()
	if _, err := lf.Get(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Get after Reset: %v, want ErrNotFound", err)
	}
}

func TestBinaryControlAPINeedsItsTokenAndOpensNoAPI(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0", "-control-token", "a-control-token-for-tests")
	control := func(token string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + token}
	}
	for _, x := range []struct {
		name   string
		method string
		path   string
		header map[string]string
		want   int
	}{
		{"no token", "GET", "/__tenantkit/api/clock", nil, 401},
		{"wrong token", "GET", "/__tenantkit/api/clock", control("not-the-control-token"), 401},
		{"the Astra token", "GET", "/__tenantkit/api/clock", p.astra(), 401},
		{"the ARGO admin key", "GET", "/__tenantkit/api/clock", argo(p.vars["ARGO_ADMIN_KEY"]), 401},
		{"the control token", "GET", "/__tenantkit/api/clock", control("a-control-token-for-tests"), 200},
		{"control token on the Astra API", "GET", "/v2/currentOrg", control("a-control-token-for-tests"), 401},
		{"control token on the ARGO API", "GET", "/api/v2/admin/tenants", argo("a-control-token-for-tests"), 401},
	} {
		if got := p.send(t, x.method, x.path, x.header, ""); got.status != x.want {
			t.Errorf("%s: %s %s answered %d %s, want %d", x.name, x.method, x.path, got.status, got.body, x.want)
		}
	}
	if got := p.vars["CONTROL_TOKEN"]; got != "a-control-token-for-tests" {
		t.Errorf("CONTROL_TOKEN printed %q, want the one given", got)
	}
}

func TestBinaryVirtualClockMovesOnlyThroughTheControlAPI(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0", "-virtual-clock-start", "2026-01-02T15:04:05Z")
	fake := fakeserver.DialTest(t, p.vars["URL"], p.vars["CONTROL_TOKEN"])
	begin := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	first := fake.Now()
	time.Sleep(20 * time.Millisecond)
	if err := fake.AdvanceClock(90 * time.Minute); err != nil {
		t.Fatalf("AdvanceClock: %v", err)
	}
	advanced := fake.Now()
	if err := fake.SetClock(begin.Add(-24 * time.Hour)); err != nil {
		t.Fatalf("SetClock: %v", err)
	}
	got := []time.Time{first.UTC(), advanced.UTC(), fake.Now().UTC()}
	want := []time.Time{begin, begin.Add(90 * time.Minute), begin.Add(-24 * time.Hour)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("clock readings: start, after AdvanceClock(90m), after SetClock (-want +got):\n%s", diff)
	}

	wall := start(t, "-addr", "127.0.0.1:0")
	err := fakeserver.DialTest(t, wall.vars["URL"], wall.vars["CONTROL_TOKEN"]).AdvanceClock(time.Minute)
	if err == nil || !strings.Contains(err.Error(), "409") || !strings.Contains(err.Error(), "-virtual-clock") {
		t.Errorf("AdvanceClock on the wall clock: %v; want a 409 that names -virtual-clock", err)
	}
}
