package fakeserver_test

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestRateLimitAnswers429WithRetryAfterPerCredential(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, []fakeserver.Option{fakeserver.WithRateLimit(0.5, 2)}, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		clock := e.Clock
		c.Must(200, "GET", "/v2/currentOrg", nil)
		c.Must(200, "GET", "/v2/organizations/users", nil)
		r := c.Do("GET", "/v2/currentOrg", nil)
		faketest.WantError(t, r, 429, "over rate limit")
		if got := r.Header.Get("Retry-After"); got != "2" {
			t.Errorf("Retry-After %q, want 2 (one token at 0.5/s)", got)
		}

		// Other credentials have buckets of their own.
		other, err := srv.AddToken(fakeserver.DefaultOrgID, "Organization Administrator")
		if err != nil {
			t.Fatal(err)
		}
		c.With(other, fakeserver.DefaultOrgID).Must(200, "GET", "/v2/currentOrg", nil)
		c.Argo("GET", "/api/v2/admin/tenants", nil)
		if r := c.Argo("GET", "/api/v2/admin/tenants", nil); r.Status != 200 {
			t.Fatalf("ARGO key's second call: %d, want 200 (a bucket of its own)", r.Status)
		}
		r = c.Argo("GET", "/api/v2/admin/tenants", nil)
		wantEnvelope := "{\n \"status\": {\n  \"message\": \"Too Many Requests\",\n  \"code\": \"429\"\n },\n" +
			" \"errors\": [\n  {\n   \"message\": \"Too Many Requests\",\n   \"code\": \"429\",\n" +
			"   \"details\": \"over rate limit\"\n  }\n ]\n}"
		got := []string{strconv.Itoa(r.Status), r.Header.Get("Retry-After"), string(r.Body)}
		if diff := testkit.Diff([]string{"429", "2", wantEnvelope}, got); diff != "" {
			t.Errorf("ARGO 429 (-want +got):\n%s", diff)
		}

		clock.Advance(2 * time.Second) // one token back
		c.Must(200, "GET", "/v2/currentOrg", nil)
		faketest.WantError(t, c.Do("GET", "/v2/currentOrg", nil), 429, "over rate limit")

		var limited []string
		for _, call := range srv.Journal().Calls() {
			if call.RateLimited {
				limited = append(limited, call.String())
			}
		}
		want := []string{
			"GET /v2/currentOrg 429 rate-limited",
			"GET /api/v2/admin/tenants 429 rate-limited",
			"GET /v2/currentOrg 429 rate-limited",
		}
		if diff := testkit.Diff(want, limited); diff != "" {
			t.Errorf("rate-limited calls in the journal (-want +got):\n%s", diff)
		}
	})
}

func TestRateLimitPutsRequestsWithoutCredentialsInOneBucket(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithRateLimit(1, 1), fakeserver.WithClock(faketest.NewClock()))
	anon := faketest.InProcess(t, srv).With("", "")
	faketest.WantAstraError(t, anon.Do("GET", "/v2/currentOrg", nil), 401)
	faketest.WantAstraError(t, anon.Do("GET", "/v2/organizations/roles", nil), 429)
	faketest.InProcess(t, srv).Must(200, "GET", "/v2/currentOrg", nil)
}

func TestRateLimitedRequestsNeverReachFaultRules(t *testing.T) {
	t.Parallel()
	clock := faketest.NewClock()
	srv := faketest.New(t, fakeserver.WithRateLimit(1, 1), fakeserver.WithClock(clock),
		fakeserver.WithFaults(fakeserver.Fault{Name: "once", Status: 503, After: 1, Times: 1}))
	c := faketest.InProcess(t, srv)
	c.Must(200, "GET", "/v2/currentOrg", nil)                           // fault's After counts it
	faketest.WantAstraError(t, c.Do("GET", "/v2/currentOrg", nil), 429) // stopped before the rules
	clock.Advance(time.Second)
	faketest.WantAstraError(t, c.Do("GET", "/v2/currentOrg", nil), 503)
}

func TestWithRateLimitRejectsBadValues(t *testing.T) {
	t.Parallel()
	for _, v := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}, {math.Inf(1), 1}} {
		if _, err := fakeserver.New(fakeserver.WithRateLimit(v.rate, v.burst)); err == nil {
			t.Errorf("WithRateLimit(%v, %d) accepted", v.rate, v.burst)
		}
	}
}

func TestSetRateLimitTurnsTheLimitOnAndClearRateLimitOff(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithClock(faketest.NewClock()))
	c := faketest.InProcess(t, srv)
	if _, _, ok := srv.RateLimit(); ok {
		t.Fatal("RateLimit reports a limit on a fake started without one")
	}
	c.Must(200, "GET", "/v2/currentOrg", nil)
	c.Must(200, "GET", "/v2/currentOrg", nil)

	if err := srv.SetRateLimit(1, 1); err != nil {
		t.Fatalf("SetRateLimit: %v", err)
	}
	rate, burst, ok := srv.RateLimit()
	if diff := testkit.Diff([]any{1.0, 1, true}, []any{rate, burst, ok}); diff != "" {
		t.Errorf("RateLimit after SetRateLimit(1, 1) (-want +got):\n%s", diff)
	}
	c.Must(200, "GET", "/v2/currentOrg", nil) // the fresh bucket is full
	faketest.WantAstraError(t, c.Do("GET", "/v2/currentOrg", nil), 429)

	srv.ClearRateLimit()
	if _, _, ok := srv.RateLimit(); ok {
		t.Error("RateLimit reports a limit after ClearRateLimit")
	}
	c.Must(200, "GET", "/v2/currentOrg", nil)
}

func TestSetRateLimitRefusesBadValuesAndKeepsTheLimitInForce(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithRateLimit(2, 3))
	for _, v := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}, {math.Inf(1), 1}, {math.NaN(), 1}} {
		if err := srv.SetRateLimit(v.rate, v.burst); err == nil {
			t.Errorf("SetRateLimit(%v, %d) accepted", v.rate, v.burst)
		}
	}
	rate, burst, ok := srv.RateLimit()
	if diff := testkit.Diff([]any{2.0, 3, true}, []any{rate, burst, ok}); diff != "" {
		t.Errorf("RateLimit after refused changes (-want +got):\n%s", diff)
	}
}

// TestATinyRateWaitsLongInsteadOfOverflowing: at 1e-300 requests a second
// the wait is beyond a time.Duration; the answer says a long wait, not a
// wrapped-around short one.
func TestATinyRateWaitsLongInsteadOfOverflowing(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, []fakeserver.Option{fakeserver.WithRateLimit(1e-300, 1)}, func(t *testing.T, e faketest.Env) {
		e.C.Must(200, "GET", "/v2/currentOrg", nil)
		r := e.C.Do("GET", "/v2/currentOrg", nil)
		faketest.WantError(t, r, 429, "over rate limit")
		secs, err := strconv.ParseInt(r.Header.Get("Retry-After"), 10, 64)
		if err != nil || secs < math.MaxInt64/int64(time.Second) {
			t.Errorf("Retry-After %q, want the longest wait a Duration holds (%d s)", r.Header.Get("Retry-After"), math.MaxInt64/int64(time.Second))
		}
	})
}
