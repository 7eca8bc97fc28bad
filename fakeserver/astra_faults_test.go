package fakeserver

import (
	"testing"
	"time"
)

func TestInjectedFaultsAnswerInOrderThenServe(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		faults := []AstraFault{
			{Status: 429, RetryAfter: "2", Times: 2},
			{Status: 503, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"},
		}
		for _, f := range faults {
			if err := srv.InjectAstraFault(f); err != nil {
				t.Fatal(err)
			}
		}
		for i, want := range []struct {
			status     int
			retryAfter string
			msg        string
		}{
			{429, "2", "over rate limit"},
			{429, "2", "over rate limit"},
			{503, "Wed, 21 Oct 2015 07:28:00 GMT", "Service Unavailable"},
		} {
			r := c.do("GET", "/v2/currentOrg", nil)
			wantError(t, r, want.status, want.msg)
			if got := r.Header.Get("Retry-After"); got != want.retryAfter {
				t.Errorf("request %d: Retry-After %q, want %q", i, got, want.retryAfter)
			}
		}
		c.must(200, "GET", "/v2/currentOrg", nil)
	})
}

func TestInjectedFaultsMatchMethodAndPath(t *testing.T) {
	t.Parallel()
	srv := NewTest(t)
	c := newAstraClient(t, srv, "in-process")
	if err := srv.InjectAstraFault(AstraFault{Status: 502, Method: "POST", PathPrefix: "/v1/tenant"}); err != nil {
		t.Fatal(err)
	}
	c.must(200, "GET", "/v2/currentOrg", nil)
	c.must(200, "GET", "/v1/orgs/"+DefaultOrgID+"/tenants", nil)
	wantError(t, c.do("POST", "/v1/tenant", createBody(t, DefaultOrgID)), 502, "Bad Gateway")
	c.must(201, "POST", "/v1/tenant", createBody(t, DefaultOrgID))
}

func TestInjectedDelayWaitsOnTheServerClock(t *testing.T) {
	t.Parallel()
	clock := newTestClock()
	srv := NewTest(t, WithClock(clock))
	c := newAstraClient(t, srv, "in-process")
	if err := srv.InjectAstraFault(AstraFault{Delay: 3 * time.Second}); err != nil {
		t.Fatal(err)
	}
	start := clock.Now()
	c.must(200, "GET", "/v2/currentOrg", nil)
	if got := clock.Now().Sub(start); got != 3*time.Second {
		t.Errorf("the server clock advanced %v, want 3s", got)
	}
}

func TestInjectAstraFaultRejectsBadFaults(t *testing.T) {
	t.Parallel()
	srv := NewTest(t)
	for _, f := range []AstraFault{{Status: 200}, {Status: 302}, {Status: 600}, {Delay: -1}, {Status: 429, Times: -1}} {
		if err := srv.InjectAstraFault(f); err == nil {
			t.Errorf("InjectAstraFault(%+v) accepted", f)
		}
	}
	newAstraClient(t, srv, "in-process").must(200, "GET", "/v2/currentOrg", nil)
}
