package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// within reports whether got is d give or take a microsecond (the token
// bucket computes in floating point).
func within(got, d time.Duration) bool {
	return got >= d-time.Microsecond && got <= d+time.Microsecond
}

func TestLimiterIsConsultedOnEveryAttempt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		limiter   bool
		wantSlept time.Duration
	}{
		// 10/s with a burst of 1: the two retries each wait 100ms for a token.
		{"with a limiter every retry waits for a token", true, 200 * time.Millisecond},
		{"without a limiter only the backoff is slept", false, 3 * time.Nanosecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{responses: []response{{status: 503}, {status: 503}, {status: 200}}}
			// A 1ns base delay leaves the limiter as the only real wait.
			opts := []client.Option{client.WithRetryPolicy(client.RetryPolicy{BaseDelay: time.Nanosecond})}
			if tt.limiter {
				opts = append(opts, client.WithRateLimiter(client.NewRateLimiter(10, 1)))
			}
			c, clock := newClient(t, serve(t, rec.ServeHTTP), opts...)
			resp, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.Attempts != 3 {
				t.Errorf("Attempts = %d; want 3", resp.Attempts)
			}
			if got := clock.Slept(); !within(got, tt.wantSlept) {
				t.Errorf("slept %v; want %v", got, tt.wantSlept)
			}
		})
	}
}

func TestLimiterPacesClientsSharingIt(t *testing.T) {
	t.Parallel()
	limiter := client.NewRateLimiter(5, 2)
	clock := client.NewVirtualClock(testStart)
	var clients []*client.Client
	for range 2 {
		rec := &recorder{}
		c, err := client.New(client.WithBaseURL(serve(t, rec.ServeHTTP)), client.WithClock(clock), client.WithRateLimiter(limiter))
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	for i := range 6 {
		if _, err := clients[i%2].Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
			t.Fatalf("Do %d: %v", i, err)
		}
	}
	// A burst of 2, then 4 more at 5/s: 800ms.
	if got := clock.Slept(); !within(got, 800*time.Millisecond) {
		t.Errorf("slept %v; want 800ms", got)
	}
}

func TestRetryAfterBlocksEveryClientSharingTheLimiter(t *testing.T) {
	t.Parallel()
	limiter := client.NewRateLimiter(rate.Inf, 1)
	clock := client.NewVirtualClock(testStart)

	limited := &recorder{responses: []response{{status: 429, header: map[string]string{"Retry-After": "7"}}}}
	a, err := client.New(client.WithBaseURL(serve(t, limited.ServeHTTP)), client.WithClock(clock),
		client.WithRateLimiter(limiter), client.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	var arrived []time.Time
	var mu sync.Mutex
	other := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrived = append(arrived, clock.Now())
		mu.Unlock()
	})
	b, err := client.New(client.WithBaseURL(other), client.WithClock(clock), client.WithRateLimiter(limiter))
	if err != nil {
		t.Fatal(err)
	}

	if _, err := a.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); !errors.Is(err, client.ErrRateLimited) {
		t.Fatalf("first client: error = %v; want ErrRateLimited", err)
	}
	if _, err := b.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/y"}, nil); err != nil {
		t.Fatalf("second client: %v", err)
	}
	want := []time.Time{testStart.Add(7 * time.Second)}
	testkit.WantEqual(t, "when the second client's request arrived", want, arrived)
	testkit.WantEqual(t, "slept", 7*time.Second, clock.Slept())
}

func TestPauseLongerThanMaxRetryAfterFailsLaterCallsFast(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(testStart)
	rec := &recorder{responses: []response{{status: 429, header: map[string]string{"Retry-After": "3600"}}, {status: 200}}}
	c, err := client.New(client.WithBaseURL(serve(t, rec.ServeHTTP)), client.WithClock(clock),
		client.WithRetryPolicy(client.RetryPolicy{MaxRetryAfter: time.Minute}))
	if err != nil {
		t.Fatal(err)
	}
	req := client.Request{Operation: "getThing", Method: http.MethodGet, Path: "/x"}
	if _, err := c.Do(context.Background(), req, nil); !errors.Is(err, client.ErrRateLimited) {
		t.Fatalf("first call: error = %v; want ErrRateLimited", err)
	}
	// The server's pause still holds, and it is longer than the client will
	// wait: the next call fails at once, without sleeping or sending.
	_, err = c.Do(context.Background(), req, nil)
	if !errors.Is(err, client.ErrRateLimited) {
		t.Fatalf("second call: error = %v; want ErrRateLimited", err)
	}
	if got := len(rec.seen()); got != 1 {
		t.Errorf("the server saw %d requests, want 1", got)
	}
	if got := clock.Slept(); got != 0 {
		t.Errorf("slept %v, want no sleep", got)
	}
	// Once the pause is over, calls go out again.
	clock.Advance(time.Hour)
	if _, err := c.Do(context.Background(), req, nil); err != nil {
		t.Fatalf("call after the pause: %v", err)
	}
}

func TestRetryAfterGatesTheClientsOwnConcurrentCalls(t *testing.T) {
	t.Parallel()
	// No limiter configured: the client's private gate still holds back its
	// next call after a 503 with Retry-After.
	rec := &recorder{responses: []response{{status: 503, header: map[string]string{"Retry-After": "4"}}, {status: 200}}}
	c, clock := newClient(t, serve(t, rec.ServeHTTP), client.WithMaxAttempts(1))
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: "/v1/tenant"}, nil); !errors.Is(err, client.ErrServer) {
		t.Fatalf("first call: error = %v; want ErrServer", err)
	}
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
		t.Fatalf("second call: %v", err)
	}
	testkit.WantEqual(t, "slept", 4*time.Second, clock.Slept())
}

func TestLimiterFailsFastWhenTheWaitWouldPassTheDeadline(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, clock := newClient(t, serve(t, rec.ServeHTTP), client.WithRateLimit(rate.Every(time.Minute), 1))
	req := client.Request{Operation: "listTenants", Method: http.MethodGet, Path: "/api/v2/admin/tenants"}
	if _, err := c.Do(context.Background(), req, nil); err != nil {
		t.Fatalf("first call: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, req, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v; want one wrapping context.DeadlineExceeded", err)
	}
	if !strings.HasPrefix(err.Error(), "tenantkit: listTenants GET /api/v2/admin/tenants: rate limiter:") {
		t.Errorf("error %q does not say the rate limiter gave up", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("gave up after %v; want at once", elapsed)
	}
	if len(rec.seen()) != 1 || clock.Slept() != 0 {
		t.Errorf("requests %d, slept %v; want 1 request and no sleep", len(rec.seen()), clock.Slept())
	}

	// The reservation was handed back: the next call waits one interval, not two.
	if _, err := c.Do(context.Background(), req, nil); err != nil {
		t.Fatalf("third call: %v", err)
	}
	if got := clock.Slept(); !within(got, time.Minute) {
		t.Errorf("third call slept %v; want 1m", got)
	}
}

func TestNewRateLimiterToleratesDegenerateArguments(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		r     rate.Limit
		burst int
	}{{10, 0}, {10, -3}, {0, 0}, {-1, 5}, {rate.Inf, 0}} {
		rec := &recorder{}
		c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithRateLimiter(client.NewRateLimiter(tt.r, tt.burst)))
		for range 3 {
			if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
				t.Fatalf("NewRateLimiter(%v, %d): Do: %v", tt.r, tt.burst, err)
			}
		}
	}
}
