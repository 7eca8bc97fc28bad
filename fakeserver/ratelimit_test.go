package fakeserver

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRateLimitAnswers429WithRetryAfterPerCredential(t *testing.T) {
	t.Parallel()
	forBothTransports(t, []Option{WithRateLimit(0.5, 2)}, func(t *testing.T, srv *Server, c *astraClient) {
		clock := clockOf(srv)
		c.must(200, "GET", "/v2/currentOrg", nil)
		c.must(200, "GET", "/v2/organizations/users", nil)
		r := c.do("GET", "/v2/currentOrg", nil)
		wantError(t, r, 429, "over rate limit")
		if got := r.Header.Get("Retry-After"); got != "2" {
			t.Errorf("Retry-After %q, want 2 (one token at 0.5/s)", got)
		}

		// Other credentials have buckets of their own.
		other, err := srv.AddToken(DefaultOrgID, "Organization Administrator")
		if err != nil {
			t.Fatal(err)
		}
		c.with(other, DefaultOrgID).must(200, "GET", "/v2/currentOrg", nil)
		c.argo("GET", "/api/v2/admin/tenants", nil)
		if r := c.argo("GET", "/api/v2/admin/tenants", nil); r.Status != 200 {
			t.Fatalf("ARGO key's second call: %d, want 200 (a bucket of its own)", r.Status)
		}
		r = c.argo("GET", "/api/v2/admin/tenants", nil)
		wantEnvelope := "{\n \"status\": {\n  \"message\": \"Too Many Requests\",\n  \"code\": \"429\"\n },\n" +
			" \"errors\": [\n  {\n   \"message\": \"Too Many Requests\",\n   \"code\": \"429\",\n" +
			"   \"details\": \"over rate limit\"\n  }\n ]\n}"
		got := []string{strconv.Itoa(r.Status), r.Header.Get("Retry-After"), string(r.Body)}
		if diff := cmp.Diff([]string{"429", "2", wantEnvelope}, got); diff != "" {
			t.Errorf("ARGO 429 (-want +got):\n%s", diff)
		}

		clock.Advance(2 * time.Second) // one token back
		c.must(200, "GET", "/v2/currentOrg", nil)
		wantError(t, c.do("GET", "/v2/currentOrg", nil), 429, "over rate limit")

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
		if diff := cmp.Diff(want, limited); diff != "" {
			t.Errorf("rate-limited calls in the journal (-want +got):\n%s", diff)
		}
	})
}

func TestRateLimitPutsRequestsWithoutCredentialsInOneBucket(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithRateLimit(1, 1), WithClock(newTestClock()))
	anon := newAstraClient(t, srv, "in-process").with("", "")
	wantAstraError(t, anon.do("GET", "/v2/currentOrg", nil), 401)
	wantAstraError(t, anon.do("GET", "/v2/organizations/roles", nil), 429)
	newAstraClient(t, srv, "in-process").must(200, "GET", "/v2/currentOrg", nil)
}

func TestRateLimitedRequestsNeverReachFaultRules(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithRateLimit(1, 1), WithClock(newTestClock()),
		WithFaults(Fault{Name: "once", Status: 503, After: 1, Times: 1}))
	c := newAstraClient(t, srv, "in-process")
	c.must(200, "GET", "/v2/currentOrg", nil)                  // fault's After counts it
	wantAstraError(t, c.do("GET", "/v2/currentOrg", nil), 429) // stopped before the rules
	clockOf(srv).Advance(time.Second)
	wantAstraError(t, c.do("GET", "/v2/currentOrg", nil), 503)
}

func TestWithRateLimitRejectsBadValues(t *testing.T) {
	t.Parallel()
	for _, v := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}, {math.Inf(1), 1}} {
		if _, err := New(WithRateLimit(v.rate, v.burst)); err == nil {
			t.Errorf("WithRateLimit(%v, %d) accepted", v.rate, v.burst)
		}
	}
}

func TestRateBucketRefillsOnTheClockAndCapsAtBurst(t *testing.T) {
	t.Parallel()
	l := newRateLimiter(10, 3)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []bool
	for range 4 {
		_, ok := l.take("k", t0)
		got = append(got, ok)
	}
	wait, ok := l.take("k", t0)
	got = append(got, ok)
	_, ok = l.take("k", t0.Add(100*time.Millisecond))
	got = append(got, ok)
	_, ok = l.take("k", t0.Add(time.Hour)) // refilled to the burst, not beyond
	got = append(got, ok)
	for range 3 {
		_, ok = l.take("k", t0.Add(time.Hour))
		got = append(got, ok)
	}
	if diff := cmp.Diff([]bool{true, true, true, false, false, true, true, true, true, false}, got); diff != "" {
		t.Errorf("takes (-want +got):\n%s", diff)
	}
	if wait != 100*time.Millisecond {
		t.Errorf("wait %v, want 100ms", wait)
	}
}

func TestRateLimiterForgetsFullBucketsWhenTheTableIsFull(t *testing.T) {
	t.Parallel()
	l := newRateLimiter(1, 1)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range maxRateBuckets {
		l.take(strconv.Itoa(i), t0)
	}
	l.take("late", t0.Add(time.Minute))
	if n := len(l.buckets); n != 1 {
		t.Errorf("%d buckets after pruning, want 1 (the new one)", n)
	}
}
