package fakeserver_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestFaultAnswersItsStatusWithTheAstraErrorBodyThenServes(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Name: "busy", Operation: "getCurrentOrganization", Status: 503, RetryAfter: 1500 * time.Millisecond, Times: 2})
		for range 2 {
			r := c.Do("GET", "/v2/currentOrg", nil)
			faketest.WantError(t, r, 503, "Service Unavailable")
			if got := r.Header.Get("Retry-After"); got != "2" {
				t.Errorf("Retry-After %q, want 2 (1.5s rounded up)", got)
			}
		}
		c.Must(200, "GET", "/v2/currentOrg", nil)
		faketest.WantJournal(t, srv, "GET /v2/currentOrg 503 fault=busy", "GET /v2/currentOrg 503 fault=busy", "GET /v2/currentOrg 200")
		if got := srv.Faults(); len(got) != 0 {
			t.Errorf("Faults() = %+v after the rule ran out, want none", got)
		}
	})
}

func TestFault429SaysOverRateLimitAndMessageOverridesIt(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv,
			fakeserver.Fault{Operation: "getOrganizationUsers", Status: 429, Times: 1},
			fakeserver.Fault{Operation: "getOrganizationUsers", Status: 500, Message: "database on fire", Times: 1},
		)
		faketest.WantError(t, c.Do("GET", "/v2/organizations/users", nil), 429, "over rate limit")
		faketest.WantError(t, c.Do("GET", "/v2/organizations/users", nil), 500, "database on fire")
	})
}

func TestFaultOnRoleEndpointsUsesTheRoleErrorStyle(t *testing.T) {
	t.Parallel()
	faketest.EachTargetOffSpec(t, []fakeserver.Option{fakeserver.WithRoleErrorStyle(fakeserver.AstraErrorsString)}, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Status: 502})
		r := c.Do("GET", "/v2/organizations/roles", nil)
		if r.Status != 502 || string(r.Body) != `"Bad Gateway"` {
			t.Errorf("role endpoint: %d %s; want 502 and the bare JSON string", r.Status, r.Body)
		}
		faketest.WantError(t, c.Do("GET", "/v2/organizations/users", nil), 502, "Bad Gateway")
	})
}

func TestFaultRetryAfterDateIsComputedFromTheServerClock(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		clock := e.Clock
		clock.Advance(250 * time.Millisecond) // an HTTP-date has whole seconds: the fake rounds up
		mustAddFault(t, srv, fakeserver.Fault{Status: 503, RetryAfter: 30 * time.Second, RetryAfterDate: true, Times: 1})
		r := c.Do("GET", "/v2/currentOrg", nil)
		want := clock.Now().Add(30 * time.Second).Truncate(time.Second).Add(time.Second).Format(http.TimeFormat)
		if got := r.Header.Get("Retry-After"); r.Status != 503 || got != want {
			t.Errorf("status %d, Retry-After %q; want 503, %q", r.Status, got, want)
		}
	})
}

func TestFaultOnArgoAnswersTheEnvelopeAlwaysInJSON(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Operation: "argoListTenants", Status: 500, Message: "database unreachable"})
		hdr := faketest.ArgoHeader(fakeserver.DefaultArgoAdminKey)
		hdr.Set("Accept", "application/xml")
		r := c.With("", "").DoHeaders("GET", "/api/v2/admin/tenants", nil, hdr)
		want := "{\n \"status\": {\n  \"message\": \"Internal Server Error\",\n  \"code\": \"500\"\n },\n" +
			" \"errors\": [\n  {\n   \"message\": \"Internal Server Error\",\n   \"code\": \"500\",\n" +
			"   \"details\": \"database unreachable\"\n  }\n ]\n}"
		got := []string{strconv.Itoa(r.Status), r.Header.Get("Content-Type"), string(r.Body)}
		if diff := testkit.Diff([]string{"500", "application/json; charset=utf-8", want}, got); diff != "" {
			t.Errorf("ARGO fault (-want +got):\n%s", diff)
		}
	})
}

func TestFaultMatchesMethodAndPathPattern(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv,
			fakeserver.Fault{Method: "GET", Path: "/v1/orgs/{org_id}/tenant/{tenant_id}", Status: 504},
			fakeserver.Fault{Path: "/v2/organizations/*", Status: 502},
		)
		tn := faketest.CreateLangflowTenant(t, c, "") // POST /v1/tenant: neither
		faketest.WantError(t, c.Do("GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tn.ID, nil), 504, "Gateway Timeout")
		c.Must(200, "GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenants", nil)
		c.Must(200, "PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tn.ID+"/reactivate", nil)
		faketest.WantError(t, c.Do("GET", "/v2/organizations/users", nil), 502, "Bad Gateway")
		faketest.WantError(t, c.Do("GET", "/v2/organizations/roles", nil), 502, "Bad Gateway")
		c.Must(200, "GET", "/v2/organizations/users/"+faketest.AdminUserID(), nil) // "*" stays within a segment
		c.Must(200, "GET", "/v2/currentOrg", nil)
	})
}

func TestFaultWithoutMatchersAppliesToEveryRequestIncludingUnrouted(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Status: 503})
		faketest.WantError(t, c.Do("GET", "/v2/no/such/path", nil), 503, "Service Unavailable")
		if r := c.Argo("GET", "/api/v2/admin/nope", nil); r.Status != 503 {
			t.Errorf("unrouted ARGO request: %d, want 503", r.Status)
		}
		srv.ClearFaults()
		c.Must(200, "GET", "/v2/currentOrg", nil)
	})
}

func TestFaultAfterLetsTheFirstMatchingCallsThrough(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Operation: "getCurrentOrganization", After: 2, Times: 1, Status: 503})
		for range 4 {
			_ = c.Do("GET", "/v2/currentOrg", nil)
			_ = c.Do("GET", "/v2/organizations/roles", nil) // does not match: does not count
		}
		if diff := testkit.Diff([]int{200, 200, 503, 200}, statuses(srv.Journal().CallsTo("getCurrentOrganization"))); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
	})
}

func TestFaultRulesApplyInOrderFirstMatchWins(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	mustAddFault(t, srv,
		fakeserver.Fault{Name: "first", Operation: "getCurrentOrganization", Status: 502, Times: 1},
		fakeserver.Fault{Name: "second", Status: 503, Times: 2},
	)
	_ = c.Do("GET", "/v2/currentOrg", nil)
	_ = c.Do("GET", "/v2/currentOrg", nil)
	_ = c.Do("GET", "/v2/currentOrg", nil)
	_ = c.Do("GET", "/v2/currentOrg", nil)
	faketest.WantJournal(t, srv,
		"GET /v2/currentOrg 502 fault=first",
		"GET /v2/currentOrg 503 fault=second",
		"GET /v2/currentOrg 503 fault=second",
		"GET /v2/currentOrg 200",
	)
}

func TestFaultProbabilityIsRepeatableUnderASeed(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) []int {
		srv := faketest.New(t, fakeserver.WithSeed(seed), fakeserver.WithFaults(fakeserver.Fault{Operation: "getCurrentOrganization", Probability: 0.5, Status: 503}))
		c := faketest.InProcess(t, srv)
		for range 40 {
			_ = c.Do("GET", "/v2/currentOrg", nil)
		}
		return statuses(srv.Journal().Calls())
	}
	a, b := run(9), run(9)
	if diff := testkit.Diff(a, b); diff != "" {
		t.Errorf("same seed, different faults (-first +second):\n%s", diff)
	}
	count := map[int]int{}
	for _, s := range a {
		count[s]++
	}
	if count[503] < 5 || count[200] < 5 {
		t.Errorf("40 calls at probability 0.5 gave %v; want both outcomes", count)
	}
	if testkit.Equal(a, run(10)) {
		t.Errorf("seeds 9 and 10 faulted the same calls %v", a)
	}
}

func TestFaultDrawsDoNotChangeGeneratedIDs(t *testing.T) {
	t.Parallel()
	ids := func(opts ...fakeserver.Option) string {
		srv := faketest.New(t, append(opts, fakeserver.WithSeed(4))...)
		c := faketest.InProcess(t, srv)
		for range 10 {
			_ = c.Do("GET", "/v2/currentOrg", nil)
		}
		return faketest.CreateLangflowTenant(t, c, "").ID
	}
	if a, b := ids(), ids(fakeserver.WithFaults(fakeserver.Fault{Operation: "getCurrentOrganization", Probability: 0.3, Status: 503})); a != b {
		t.Errorf("tenant ID %s without faults, %s with probabilistic faults; want the same", a, b)
	}
}

func TestFaultLatencyWaitsOnTheServerClockThenServes(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		clock := e.Clock
		mustAddFault(t, srv, fakeserver.Fault{Operation: "getCurrentOrganization", Latency: 3 * time.Second, Times: 1})
		start := clock.Now()
		c.Must(200, "GET", "/v2/currentOrg", nil)
		if got := clock.Now().Sub(start); got != 3*time.Second {
			t.Errorf("the server clock advanced %v, want 3s", got)
		}
	})
}

func TestFaultLatencyEndsWhenTheClientGivesUp(t *testing.T) {
	t.Parallel()
	for i, transport := range []string{"loopback", "in-process"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			srv := faketest.New(t) // the wall clock: a real wait
			tg := faketest.Targets(t, srv)[i]
			mustAddFault(t, srv, fakeserver.Fault{Latency: time.Hour})
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", tg.Base+"/v2/currentOrg", nil)
			start := time.Now()
			if _, err := tg.HTTP.Do(req); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v, want the deadline", err)
			}
			srv.Close() // waits for the handler: it must have stopped waiting
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Fatalf("the fake kept waiting %v after the client left", elapsed)
			}
			call, ok := srv.Journal().Last()
			if !ok || call.Status != 0 || call.Fault != "fault-1" {
				t.Errorf("journal: %+v; want the call with no status and the fault", call)
			}
		})
	}
}

func TestDropBeforeServingLeavesTheStoreUntouched(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		unchanged := faketest.AstraUnchanged(t, c)
		mustAddFault(t, srv, fakeserver.Fault{Name: "crash", Operation: "addOrganizationRole", Drop: fakeserver.DropBeforeServing, Times: 1})
		if _, err := c.Try("POST", "/v2/organizations/roles", faketest.CustomRole("never"), nil); err == nil {
			t.Fatal("the dropped request succeeded")
		}
		unchanged("the requests")
		calls := srv.Journal().CallsTo("addOrganizationRole")
		if len(calls) != 1 || calls[0].Status != 0 || calls[0].Dropped != fakeserver.DropBeforeServing || string(calls[0].Body) == "" {
			t.Errorf("journal: %+v; want one call, no status, dropped before serving, with its body", calls)
		}
	})
}

func TestDropAfterServingAppliesTheRequestButAnswersNothing(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Name: "lost", Operation: "createLangflowTenant", Drop: fakeserver.DropAfterServing})
		if r, err := c.Try("POST", "/v1/tenant", faketest.LangflowCreateBody(fakeserver.DefaultOrgID), nil); err == nil {
			t.Fatalf("the dropped request answered %d", r.Status)
		}
		var list []faketest.LangflowTenant
		faketest.MustUnmarshal(t, c.Must(200, "GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenants", nil).Body, &list)
		if len(list) != 1 {
			t.Fatalf("%d tenants after the dropped create, want 1: it took effect", len(list))
		}
		call := srv.Journal().CallsTo("createLangflowTenant")[0]
		got := []string{call.String(), string(call.ResponseBody)}
		if diff := testkit.Diff([]string{"POST /v1/tenant 201 fault=lost dropped=after-serving", ""}, got); diff != "" {
			t.Errorf("journal (-want +got):\n%s", diff)
		}
	})
}

func TestDropMidResponseSendsHalfTheBody(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		full := c.Must(200, "GET", "/v2/organizations/roles", nil)
		mustAddFault(t, srv, fakeserver.Fault{Operation: "getOrganizationRoles", Drop: fakeserver.DropMidResponse, Times: 1})
		r, err := c.Try("GET", "/v2/organizations/roles", nil, nil)
		if err == nil {
			t.Fatalf("the cut response read without error: %d, %d bytes", r.Status, len(r.Body))
		}
		half := len(full.Body) / 2
		if r.Status != 200 || string(r.Body) != string(full.Body[:half]) {
			t.Errorf("got %d with %d bytes; want 200 with the first %d bytes of the body", r.Status, len(r.Body), half)
		}
		if cl := r.Header.Get("Content-Length"); cl != strconv.Itoa(len(full.Body)) {
			t.Errorf("Content-Length %q, want the full length %d", cl, len(full.Body))
		}
		call, _ := srv.Journal().Last()
		if call.Dropped != fakeserver.DropMidResponse || len(call.ResponseBody) != half || call.Status != 200 {
			t.Errorf("journal: dropped %v, %d body bytes, status %d; want mid-response, %d, 200", call.Dropped, len(call.ResponseBody), call.Status, half)
		}
	})
}

func TestDropMidResponseOfAnInjectedErrorCutsTheErrorBody(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mustAddFault(t, srv, fakeserver.Fault{Status: 503, Drop: fakeserver.DropMidResponse, Times: 1})
		r, err := c.Try("GET", "/v2/currentOrg", nil, nil)
		if err == nil || r.Status != 503 || !strings.HasPrefix(`{"errors":[{"ID":1503,"message":"Service Unavailable"}]}`, string(r.Body)) || len(r.Body) == 0 {
			t.Errorf("got %d %q, %v; want 503, the start of the error body and a read error", r.Status, r.Body, err)
		}
	})
}

func TestDropMidResponseOfAnEmptyBodyDropsBeforeTheStatus(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		id := c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("doomed")).Body
		var role struct{ ID string }
		faketest.MustUnmarshal(t, id, &role)
		mustAddFault(t, srv, fakeserver.Fault{Operation: "deleteOrganizationRole", Drop: fakeserver.DropMidResponse})
		if _, err := c.Try("DELETE", "/v2/organizations/roles/"+role.ID, nil, nil); err == nil {
			t.Fatal("the dropped delete succeeded")
		}
		call, _ := srv.Journal().Last()
		if call.Status != 204 || call.Dropped != fakeserver.DropAfterServing {
			t.Errorf("journal: %s; want 204 dropped after serving", call)
		}
	})
}

func TestAddFaultRejectsRulesThatCannotWork(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	mustAddFault(t, srv, fakeserver.Fault{Name: "taken", Status: 503, Times: 1})
	cases := []struct {
		name string
		f    fakeserver.Fault
		want string
	}{
		{"does nothing", fakeserver.Fault{Operation: "getCurrentOrganization"}, "does nothing"},
		{"unknown operation", fakeserver.Fault{Operation: "getCurrentOrganisation", Status: 503}, "unknown operation"},
		{"operation and path", fakeserver.Fault{Operation: "getCurrentOrganization", Path: "/v2/*", Status: 503}, "not both"},
		{"relative path", fakeserver.Fault{Path: "v2/currentOrg", Status: 503}, "must start with /"},
		{"bad pattern", fakeserver.Fault{Path: "/v2/[", Status: 503}, "bad Path pattern"},
		{"lower-case method", fakeserver.Fault{Method: "get", Status: 503}, "upper case"},
		{"success status", fakeserver.Fault{Status: 200}, "not 0 or an HTTP error status"},
		{"status 600", fakeserver.Fault{Status: 600}, "not 0 or an HTTP error status"},
		{"negative times", fakeserver.Fault{Status: 503, Times: -1}, "must not be negative"},
		{"negative after", fakeserver.Fault{Status: 503, After: -1}, "must not be negative"},
		{"probability above 1", fakeserver.Fault{Status: 503, Probability: 1.5}, "not between 0 and 1"},
		{"negative latency", fakeserver.Fault{Latency: -time.Second}, "must not be negative"},
		{"retry-after without status", fakeserver.Fault{Latency: time.Second, RetryAfter: time.Second}, "need a Status"},
		{"date without retry-after", fakeserver.Fault{Status: 503, RetryAfterDate: true}, "needs a RetryAfter"},
		{"status with drop before serving", fakeserver.Fault{Status: 503, Drop: fakeserver.DropBeforeServing}, "nothing is answered"},
		{"unknown drop", fakeserver.Fault{Drop: fakeserver.Drop(9)}, "unknown Drop"},
		{"name in use", fakeserver.Fault{Name: "taken", Status: 500}, "already in place"},
	}
	for _, tc := range cases {
		err := srv.AddFault(fakeserver.Fault{Name: "good", Status: 502}, tc.f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: AddFault error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if got := srv.Faults(); len(got) != 1 || got[0].Name != "taken" {
		t.Errorf("Faults() = %+v; a rejected batch must add nothing", got)
	}
	if _, err := fakeserver.New(fakeserver.WithFaults(fakeserver.Fault{Status: 200})); err == nil {
		t.Error("New accepted WithFaults with a bad rule")
	}
}

func TestFaultsAreListedCountingDownAndCanBeRemoved(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithFaults(fakeserver.Fault{Status: 503, After: 1, Times: 3}))
	c := faketest.InProcess(t, srv)
	mustAddFault(t, srv, fakeserver.Fault{Name: "slow", Latency: time.Millisecond}, fakeserver.Fault{Status: 500})
	_ = c.Do("GET", "/v2/currentOrg", nil)
	_ = c.Do("GET", "/v2/currentOrg", nil)
	got := srv.Faults()
	want := []fakeserver.Fault{
		{Name: "fault-1", Status: 503, Times: 2},
		{Name: "slow", Latency: time.Millisecond},
		{Name: "fault-2", Status: 500},
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("Faults() (-want +got):\n%s", diff)
	}
	if !srv.RemoveFault("slow") || srv.RemoveFault("slow") {
		t.Error("RemoveFault: want true once, then false")
	}
	if got := srv.Faults(); len(got) != 2 {
		t.Errorf("%d rules after RemoveFault, want 2", len(got))
	}
	srv.ClearFaults()
	if got := srv.Faults(); len(got) != 0 {
		t.Errorf("Faults() = %+v after ClearFaults", got)
	}
	c.Must(200, "GET", "/v2/currentOrg", nil)
}
