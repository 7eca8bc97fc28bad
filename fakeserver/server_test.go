package fakeserver_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
	"golang.org/x/time/rate"
)

func TestCloseCutsOffUnreadInProcessResponsesAndRefusesNewRequests(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, faketest.WithUsers(5000)) // a list that streams in several chunks
	req, _ := http.NewRequest("GET", "http://fake.invalid/v2/organizations/users", nil)
	req.Header.Set("Authorization", "Bearer "+fakeserver.DefaultAstraToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadFull(resp.Body, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a response nobody reads")
	}
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("the cut-off body read to its end")
	}
	if _, err := srv.Client().Get("http://fake.invalid/v2/currentOrg"); err == nil || !strings.Contains(err.Error(), "fakeserver: server closed") {
		t.Errorf("a request after Close: %v, want fakeserver: server closed", err)
	}
}

// The fake's faults and rate limit, driven through the SDK's transport:
// client.Do with its retries and limiter, on one virtual clock shared with
// the fake, so backoff and Retry-After cost no wall time.

// sdkEnv is a fake and a way to build SDK clients against it.
type sdkEnv struct {
	srv   *fakeserver.Server
	clock *client.VirtualClock
	base  string
	hc    *http.Client
}

// sdkEachTransport runs f as a parallel subtest per transport, each with a
// fake of its own on a virtual clock.
func sdkEachTransport(t *testing.T, f func(t *testing.T, e sdkEnv), opts ...fakeserver.Option) {
	t.Helper()
	for _, transport := range []string{"loopback", "in-process"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			clock := client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
			srv := faketest.New(t, append([]fakeserver.Option{fakeserver.WithClock(clock)}, opts...)...)
			e := sdkEnv{srv: srv, clock: clock, base: srv.URL(), hc: &http.Client{Transport: &http.Transport{}}}
			if transport == "in-process" {
				e.base, e.hc = "http://fake.invalid", srv.Client()
			}
			f(t, e)
		})
	}
}

// client builds an SDK client with the default fixture's credentials.
func (e sdkEnv) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	creds := e.srv.Credentials()
	c, err := client.New(append([]client.Option{
		client.WithBaseURL(e.base),
		client.WithHTTPClient(e.hc),
		client.WithBearerToken(creds.AstraToken),
		client.WithArgoAPIKey(creds.ArgoAdminKey),
		client.WithOrgID(creds.OrgID),
		client.WithClock(e.clock),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	currentOrg  = client.Request{Operation: "getCurrentOrganization", Method: "GET", Path: "/v2/currentOrg"}
	argoTenants = client.Request{Operation: "argoListTenants", Method: "GET", Path: "/api/v2/admin/tenants"}
)

func createTenantRequest() client.Request {
	return client.Request{
		Operation: "createLangflowTenant", Method: "POST", Path: "/v1/tenant",
		Body: map[string]string{"cloud_provider": "aws", "org_id": fakeserver.DefaultOrgID, "region": "us-east-1"},
	}
}

func TestSDKRetriesAfterTheFakesRateLimitAsRetryAfterSays(t *testing.T) {
	t.Parallel()
	sdkEachTransport(t, func(t *testing.T, e sdkEnv) {
		c := e.client(t, client.WithRateLimit(rate.Inf, 1))
		for _, req := range []client.Request{currentOrg, currentOrg, argoTenants, argoTenants} {
			resp, err := c.Do(context.Background(), req, nil)
			if err != nil {
				t.Fatalf("%s: %v", req.Operation, err)
			}
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", req.Operation, resp.StatusCode)
			}
		}
		faketest.WantJournal(t, e.srv,
			"GET /v2/currentOrg 200",
			"GET /v2/currentOrg 429 rate-limited",
			"GET /v2/currentOrg 200",
			"GET /api/v2/admin/tenants 200",
			"GET /api/v2/admin/tenants 429 rate-limited",
			"GET /api/v2/admin/tenants 200",
		)
		calls := e.srv.Journal().Calls()
		for _, i := range []int{2, 5} {
			if wait := calls[i].Time.Sub(calls[i-1].Time); wait < 2*time.Second {
				t.Errorf("retry %d came %v after the 429; Retry-After said 2s", i, wait)
			}
		}
	}, fakeserver.WithRateLimit(0.5, 1))
}

func TestSDKLimiterKeepsUnderTheFakesRateLimit(t *testing.T) {
	t.Parallel()
	sdkEachTransport(t, func(t *testing.T, e sdkEnv) {
		c := e.client(t, client.WithRateLimit(2, 1))
		for range 6 {
			if _, err := c.Do(context.Background(), currentOrg, nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, call := range e.srv.Journal().Calls() {
			if call.RateLimited {
				t.Errorf("%s: the client's limiter let a request over the limit", call)
			}
		}
		if e.clock.Slept() < 2*time.Second {
			t.Errorf("the limiter waited %v for 6 calls at 2/s, want ≥ 2.5s", e.clock.Slept())
		}
	}, fakeserver.WithRateLimit(2, 1))
}

func TestSDKRetriesInjectedFailuresOfIdempotentCalls(t *testing.T) {
	t.Parallel()
	sdkEachTransport(t, func(t *testing.T, e sdkEnv) {
		if err := e.srv.AddFault(
			fakeserver.Fault{Operation: "getCurrentOrganization", Status: 503, Times: 1},
			fakeserver.Fault{Operation: "getCurrentOrganization", Status: 502, Times: 1},
			fakeserver.Fault{Operation: "getCurrentOrganization", Drop: fakeserver.DropMidResponse, Times: 1},
		); err != nil {
			t.Fatal(err)
		}
		var org struct{ ID string }
		resp, err := e.client(t).Do(context.Background(), currentOrg, &org)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Attempts != 4 || org.ID != fakeserver.DefaultOrgID {
			t.Errorf("attempts %d, org %q; want 4 and the org", resp.Attempts, org.ID)
		}
		faketest.WantJournal(t, e.srv,
			"GET /v2/currentOrg 503 fault=fault-1",
			"GET /v2/currentOrg 502 fault=fault-2",
			"GET /v2/currentOrg 200 fault=fault-3 dropped=mid-response",
			"GET /v2/currentOrg 200",
		)
	})
}

func TestSDKNeverReplaysAPostAfterAnAmbiguousFailure(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		fault   fakeserver.Fault
		applied bool // the create took effect although the client saw a failure
	}{
		{"dropped before serving", fakeserver.Fault{Drop: fakeserver.DropBeforeServing}, false},
		{"dropped after serving", fakeserver.Fault{Drop: fakeserver.DropAfterServing}, true},
		{"dropped mid-response", fakeserver.Fault{Drop: fakeserver.DropMidResponse}, true},
		{"500", fakeserver.Fault{Status: 500}, false},
		{"502", fakeserver.Fault{Status: 502}, false},
		{"503 without Retry-After", fakeserver.Fault{Status: 503}, false},
		{"504", fakeserver.Fault{Status: 504}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sdkEachTransport(t, func(t *testing.T, e sdkEnv) {
				f := tc.fault
				rule := f // each transport's subtest runs in parallel: no shared writes
				rule.Operation, rule.Times = "createLangflowTenant", 1
				if err := e.srv.AddFault(rule); err != nil {
					t.Fatal(err)
				}
				var created struct{ ID string }
				resp, err := e.client(t).Do(context.Background(), createTenantRequest(), &created)
				if err == nil {
					t.Fatalf("the call succeeded (%d); the fault should have failed it", resp.StatusCode)
				}
				if calls := e.srv.Journal().CallsTo("createLangflowTenant"); len(calls) != 1 {
					t.Errorf("the fake received the POST %d times: %v; the client must not replay it", len(calls), e.srv.Journal().Summary())
				}
				var tenants []struct{ ID string }
				if _, err := e.client(t).Do(context.Background(), client.Request{
					Operation: "listLangflowTenants", Method: "GET", Path: "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenants",
				}, &tenants); err != nil {
					t.Fatal(err)
				}
				if got := len(tenants) == 1; got != tc.applied {
					t.Errorf("%d tenants; the create took effect: %v, want %v", len(tenants), got, tc.applied)
				}
			})
		})
	}
}

func TestSDKReplaysAPostTheFakeProvesUnprocessed(t *testing.T) {
	t.Parallel()
	for _, f := range []fakeserver.Fault{
		{Status: 429, RetryAfter: time.Second},
		{Status: 503, RetryAfter: time.Second, RetryAfterDate: true},
	} {
		t.Run(http.StatusText(f.Status), func(t *testing.T) {
			t.Parallel()
			sdkEachTransport(t, func(t *testing.T, e sdkEnv) {
				rule := f // each transport's subtest runs in parallel: no shared writes
				rule.Operation, rule.Times = "createLangflowTenant", 1
				if err := e.srv.AddFault(rule); err != nil {
					t.Fatal(err)
				}
				resp, err := e.client(t).Do(context.Background(), createTenantRequest(), nil)
				if err != nil {
					t.Fatal(err)
				}
				statuses := []int{}
				for _, call := range e.srv.Journal().CallsTo("createLangflowTenant") {
					statuses = append(statuses, call.Status)
				}
				if diff := testkit.Diff([]int{f.Status, 201}, statuses); diff != "" || resp.Attempts != 2 {
					t.Errorf("attempts %d; POST statuses (-want +got):\n%s", resp.Attempts, diff)
				}
				if e.clock.Slept() < time.Second {
					t.Errorf("the client waited %v, less than Retry-After", e.clock.Slept())
				}
			})
		})
	}
}

func TestSDKSharedLimiterHoldsEveryClientUntilRetryAfter(t *testing.T) {
	t.Parallel()
	sdkEachTransport(t, func(t *testing.T, e sdkEnv) {
		if err := e.srv.AddFault(fakeserver.Fault{Operation: "getOrganizationUsers", Status: 429, RetryAfter: 5 * time.Second, Times: 1}); err != nil {
			t.Fatal(err)
		}
		lim := client.NewRateLimiter(rate.Inf, 1)
		a := e.client(t, client.WithRateLimiter(lim), client.WithMaxAttempts(1))
		b := e.client(t, client.WithRateLimiter(lim))
		start := e.clock.Now()
		_, err := a.Do(context.Background(), client.Request{Operation: "getOrganizationUsers", Method: "GET", Path: "/v2/organizations/users"}, nil)
		if !errors.Is(err, client.ErrRateLimited) {
			t.Fatalf("client a: %v, want a rate-limit error", err)
		}
		if _, err := b.Do(context.Background(), currentOrg, nil); err != nil {
			t.Fatal(err)
		}
		last, _ := e.srv.Journal().Last()
		if last.Operation != "getCurrentOrganization" || last.Time.Sub(start) < 5*time.Second {
			t.Errorf("client b's call reached the fake %v after the 429 (%s); the shared limiter must hold it 5s", last.Time.Sub(start), last)
		}
	})
}

// Each identity sends its own credential, and the fake answers it as the
// real servers would.
func TestSDKClientSendsEachIdentitysCredential(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := faketest.New(t, fakeserver.WithSeed(1))
	super := tenants.NewArgo(fakeserver.NewTestClient(t, srv, fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin)))
	if _, err := super.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "ui"}, Users: []users.ArgoUser{{Name: "u", Roles: []string{"admin_ui"}}}}); err != nil {
		t.Fatal(err)
	}
	created, err := super.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "plain"}, Users: []users.ArgoUser{{Name: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := super.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	noRoles, err := srv.AddToken(fakeserver.DefaultOrgID)
	if err != nil {
		t.Fatal(err)
	}

	names := func(id fakeserver.Identity) (out []string, err error) {
		for tn, err := range tenants.NewArgo(fakeserver.NewTestClient(t, srv, id)).All(ctx) {
			if err != nil {
				return out, err
			}
			out = append(out, tn.Info.Name)
		}
		return out, nil
	}
	ui, uiErr := names(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI))
	restricted, restrictedErr := names(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminRestricted))
	_, userKeyErr := names(fakeserver.AsArgoKey(plain.Users[0].APIKey))
	org, orgErr := users.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstraToken(noRoles, ""))).Organization(ctx)
	_, listErr := users.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstraToken(noRoles, ""))).List(ctx)
	members, membersErr := users.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())).List(ctx)

	testkit.WantEqual(t, "what each identity got", []any{
		[]string{"ui"}, nil,
		[]string{"ui", "plain"}, nil,
		true,
		fakeserver.DefaultOrgID, nil,
		true,
		1, nil,
	}, []any{
		ui, uiErr,
		restricted, restrictedErr,
		errors.Is(userKeyErr, client.ErrUnauthorized), // a tenant user's key is no admin key
		org.ID, orgErr,
		errors.Is(listErr, client.ErrForbidden), // a token without roles
		len(members), membersErr,
	})
}

// The client runs on the fake's clock: a virtual clock given to the fake
// drives the client's backoff too, so a Retry-After costs no wall time.
func TestSDKClientSharesTheFakesClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := client.NewVirtualClock(start)
	srv := faketest.New(t, fakeserver.WithClock(clock))
	if err := srv.AddFault(fakeserver.Fault{Operation: tenantkit.OpGetOrganizationUsers, Status: 503, RetryAfter: time.Hour, Times: 1}); err != nil {
		t.Fatal(err)
	}
	c := fakeserver.NewTestClient(t, srv, fakeserver.AsAstra(), client.WithRetryPolicy(client.RetryPolicy{MaxRetryAfter: 2 * time.Hour}))
	began := time.Now()
	if _, err := users.NewAstra(c).List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(began); waited > 10*time.Second {
		t.Errorf("an hour's Retry-After took %s of wall time", waited)
	}
	if got := clock.Now().Sub(start); got < time.Hour {
		t.Errorf("the shared clock moved %s, want the hour the client waited", got)
	}
}

// A credential the fixture lacks, or no credential at all, is an error
// that names the identity and no secret.
func TestSDKClientRefusesAMissingCredential(t *testing.T) {
	t.Parallel()
	empty := faketest.New(t, fakeserver.WithFixture(fakeserver.Fixture{}))
	for _, tc := range []struct {
		id   fakeserver.Identity
		want string
	}{
		{fakeserver.AsAstra(), "SDKClient(AsAstra()): the fixture has no Astra token"},
		{fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI), "SDKClient(AsArgoAdmin(super_admin_ui)): the fixture has no super_admin_ui key"},
		{fakeserver.Identity{}, "no credential"},
	} {
		c, err := empty.SDKClient(tc.id)
		if c != nil || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SDKClient(%s) = %v, %v; want an error containing %q", tc.want, c, err, tc.want)
		}
	}
}

// Every operation of the registry has exactly one handler in its API, and
// every handler is for an operation of the registry.
func TestOperationsAreTheRegistrysSorted(t *testing.T) {
	t.Parallel()
	var want []tenantkit.Operation
	for _, info := range tenantkit.Operations() {
		want = append(want, info.ID)
	}
	slices.Sort(want)
	if diff := testkit.Diff(want, fakeserver.Operations()); diff != "" {
		t.Errorf("Operations() (-registry +fake):\n%s", diff)
	}
}

// mustAddFault adds fault rules or fails the test.
func mustAddFault(t testing.TB, srv *fakeserver.Server, rules ...fakeserver.Fault) {
	t.Helper()
	if err := srv.AddFault(rules...); err != nil {
		t.Fatal(err)
	}
}

// statuses lists the statuses of calls; 0 for none.
func statuses(calls []fakeserver.Call) []int {
	out := make([]int, len(calls))
	for i, c := range calls {
		out[i] = c.Status
	}
	return out
}
