package client_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"golang.org/x/time/rate"
)

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	const maxAttempts = 3
	// With the maximum jitter the backoff before retries 1 and 2 is exactly
	// 250ms and 500ms; Retry-After (3s) is a floor over it.
	const backoff = 250*time.Millisecond + 500*time.Millisecond
	const retryAfter = 3 * time.Second

	type outcome struct {
		status     int
		header     func(now time.Time) string // Retry-After value, or nil
		kind       client.Kind
		retryAfter time.Duration
	}
	statuses := map[string]outcome{
		"500":                    {status: 500, kind: client.ErrServer},
		"502":                    {status: 502, kind: client.ErrServer},
		"503":                    {status: 503, kind: client.ErrServer},
		"503+Retry-After":        {status: 503, kind: client.ErrServer, header: seconds(3), retryAfter: retryAfter},
		"504":                    {status: 504, kind: client.ErrServer},
		"429":                    {status: 429, kind: client.ErrRateLimited},
		"429+Retry-After":        {status: 429, kind: client.ErrRateLimited, header: seconds(3), retryAfter: retryAfter},
		"429+Retry-After (date)": {status: 429, kind: client.ErrRateLimited, header: httpDate(3 * time.Second), retryAfter: retryAfter},
		"400":                    {status: 400, kind: client.ErrBadRequest},
		"404":                    {status: 404, kind: client.ErrNotFound},
	}
	type method struct {
		name       string
		method     string
		idempotent bool
	}
	methods := []method{
		{"GET", http.MethodGet, false},
		{"PUT", http.MethodPut, false},
		{"DELETE", http.MethodDelete, false},
		{"POST", http.MethodPost, false},
		{"PATCH", http.MethodPatch, false},
		{"PATCH+Idempotent", http.MethodPatch, true},
	}
	// retried lists, per method class, the statuses that are retried.
	idempotentRetries := map[string]bool{"502": true, "503": true, "503+Retry-After": true, "504": true,
		"429": true, "429+Retry-After": true, "429+Retry-After (date)": true}
	// A non-idempotent request is retried only when the server proves it did
	// not process it.
	unsafeRetries := map[string]bool{"503+Retry-After": true, "429": true, "429+Retry-After": true, "429+Retry-After (date)": true}

	for _, m := range methods {
		for name, o := range statuses {
			t.Run(m.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				retried := unsafeRetries[name]
				if m.idempotent || m.method != http.MethodPost && m.method != http.MethodPatch {
					retried = idempotentRetries[name]
				}
				wantAttempts, wantSlept := 1, time.Duration(0)
				if retried {
					wantAttempts = maxAttempts
					wantSlept = backoff
					if o.retryAfter > 0 {
						wantSlept = time.Duration(maxAttempts-1) * o.retryAfter
					}
				}

				var clock *client.VirtualClock
				var seen atomic.Int32
				base := serve(t, func(w http.ResponseWriter, r *http.Request) {
					seen.Add(1)
					if o.header != nil {
						w.Header().Set("Retry-After", o.header(clock.Now()))
					}
					w.WriteHeader(o.status)
				})
				var c *client.Client
				c, clock = newClient(t, base, client.WithMaxAttempts(maxAttempts))
				req := client.Request{Operation: "op", Method: m.method, Path: "/thing", Idempotent: m.idempotent}
				if m.method != http.MethodGet && m.method != http.MethodDelete {
					req.Body = map[string]string{"k": "v"}
				}
				resp, err := c.Do(context.Background(), req, nil)

				if got := int(seen.Load()); got != wantAttempts {
					t.Errorf("server saw %d attempts; want %d", got, wantAttempts)
				}
				if !errors.Is(err, o.kind) {
					t.Errorf("error %v is not %q", err, o.kind)
				}
				apiErr := asAPIError(t, err)
				got := struct {
					Status, Attempts, RespAttempts int
					RetryAfter, Slept              time.Duration
				}{apiErr.StatusCode, apiErr.Attempts, resp.Attempts, apiErr.RetryAfter, clock.Slept()}
				want := struct {
					Status, Attempts, RespAttempts int
					RetryAfter, Slept              time.Duration
				}{o.status, wantAttempts, wantAttempts, o.retryAfter, wantSlept}
				testkit.WantEqual(t, "outcome", want, got)
			})
		}
	}
}

func seconds(n int) func(time.Time) string {
	return func(time.Time) string { return fmt.Sprint(n) }
}

func httpDate(after time.Duration) func(time.Time) string {
	return func(now time.Time) string { return now.Add(after).UTC().Format(http.TimeFormat) }
}

func TestRetryEndsWithSuccess(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 503}, {status: 502}, {status: 200, body: `{"ID":"r1"}`}}}
	var attempts []client.Attempt
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"), client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
		attempts = append(attempts, a)
	}))
	var out struct{ ID string }
	resp, err := c.Do(context.Background(), client.Request{Operation: "getOrganizationRole", Method: http.MethodGet, Path: "/v2/organizations/roles/r1"}, &out)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if out.ID != "r1" || resp.Attempts != 3 || resp.StatusCode != 200 {
		t.Errorf("got ID %q after %d attempts with status %d; want r1 after 3 with 200", out.ID, resp.Attempts, resp.StatusCode)
	}
	type view struct {
		Operation, Method, Path string
		Number, StatusCode      int
		Err                     bool
		NextDelay               time.Duration
	}
	var got []view
	for _, a := range attempts {
		got = append(got, view{string(a.Operation), a.Method, a.Path, a.Number, a.StatusCode, a.Err != nil, a.NextDelay})
	}
	want := []view{
		{"getOrganizationRole", "GET", "/v2/organizations/roles/r1", 1, 503, true, 250 * time.Millisecond},
		{"getOrganizationRole", "GET", "/v2/organizations/roles/r1", 2, 502, true, 500 * time.Millisecond},
		{"getOrganizationRole", "GET", "/v2/organizations/roles/r1", 3, 200, false, 0},
	}
	testkit.WantEqual(t, "attempts seen by the hook", want, got)
}

func TestBackoffGrowsExponentiallyUpToMaxDelay(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 503}}}
	var delays []time.Duration
	c, clock := newClient(t, serve(t, rec.ServeHTTP),
		client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 7, BaseDelay: time.Second, MaxDelay: 10 * time.Second}),
		client.WithAttemptHook(func(_ context.Context, a client.Attempt) { delays = append(delays, a.NextDelay) }))
	_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil)
	if !errors.Is(err, client.ErrServer) {
		t.Fatalf("Do error = %v; want ErrServer", err)
	}
	s := time.Second
	want := []time.Duration{1 * s, 2 * s, 4 * s, 8 * s, 10 * s, 10 * s, 0}
	testkit.WantEqual(t, "delays", want, delays)
	testkit.WantEqual(t, "virtual time slept", 35*s, clock.Slept())
}

func TestBackoffHasFullJitter(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 503}}}
	var mu sync.Mutex
	var delays []time.Duration
	// The real jitter source: no WithJitter here.
	c, err := client.New(client.WithBaseURL(serve(t, rec.ServeHTTP)), client.WithClock(client.NewVirtualClock(testStart)),
		client.WithRetryPolicy(client.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Hour, MaxDelay: time.Hour}),
		client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
			if a.Number == 1 {
				mu.Lock()
				delays = append(delays, a.NextDelay)
				mu.Unlock()
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		_, _ = c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil)
	}
	distinct := map[time.Duration]bool{}
	for _, d := range delays {
		if d < 0 || d >= time.Hour {
			t.Errorf("delay %v outside [0, 1h)", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 15 {
		t.Errorf("20 jittered delays gave only %d distinct values: %v", len(distinct), delays)
	}
}

func TestRetryAfterIsAFloorOverBackoff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"longer Retry-After wins", "5", 5 * time.Second},
		{"shorter Retry-After keeps the backoff", "0", 2 * time.Second},
		{"date in the past keeps the backoff", testStart.Add(-time.Hour).Format(http.TimeFormat), 2 * time.Second},
		{"malformed Retry-After is ignored", "soon", 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{responses: []response{{status: 429, header: map[string]string{"Retry-After": tt.retryAfter}}, {status: 200}}}
			var delay time.Duration
			c, _ := newClient(t, serve(t, rec.ServeHTTP),
				client.WithRetryPolicy(client.RetryPolicy{BaseDelay: 2 * time.Second}),
				client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
					if a.Number == 1 {
						delay = a.NextDelay
					}
				}))
			if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			testkit.WantEqual(t, "delay before the retry", tt.want, delay)
		})
	}
}

func TestRetryAfterLongerThanMaxRetryAfterIsNotWaitedFor(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 429, header: map[string]string{"Retry-After": "121"}}, {status: 200}}}
	c, clock := newClient(t, serve(t, rec.ServeHTTP))
	_, err := c.Do(context.Background(), getX, nil)
	apiErr := asAPIError(t, err)
	got := []any{apiErr.StatusCode, apiErr.RetryAfter, apiErr.Attempts, len(rec.seen()), clock.Slept()}
	want := []any{429, 121 * time.Second, 1, 1, time.Duration(0)}
	testkit.WantEqual(t, "status, RetryAfter, attempts, requests, slept", want, got)
}

func TestRetryGivesUpWhenTheDeadlineWouldPass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		resp    response
		timeout time.Duration
		policy  client.RetryPolicy
	}{
		{"Retry-After beyond the deadline", response{status: 429, header: map[string]string{"Retry-After": "30"}}, 5 * time.Second, client.RetryPolicy{}},
		{"backoff beyond the deadline", response{status: 503}, 5 * time.Second, client.RetryPolicy{BaseDelay: 10 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{responses: []response{tt.resp, {status: 200}}}
			c, clock := newClient(t, serve(t, rec.ServeHTTP), client.WithRetryPolicy(tt.policy))
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			start := time.Now()
			_, err := c.Do(ctx, client.Request{Method: http.MethodGet, Path: "/x"}, nil)
			elapsed := time.Since(start)
			apiErr := asAPIError(t, err)
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("error %v claims the deadline passed; it was given up on before", err)
			}
			got := []any{apiErr.StatusCode, apiErr.Attempts, len(rec.seen()), clock.Slept()}
			want := []any{tt.resp.status, 1, 1, time.Duration(0)}
			testkit.WantEqual(t, "status, attempts, requests, slept", want, got)
			if elapsed > time.Second {
				t.Errorf("Do took %v; want an immediate return", elapsed)
			}
		})
	}
}

func TestPostIsNotRetriedAfterAmbiguousFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method     string
		idempotent bool
		want       int
	}{
		{http.MethodPost, false, 1},
		{http.MethodPatch, false, 1},
		{http.MethodPut, false, 3},
		{http.MethodPost, true, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s idempotent=%v", tt.method, tt.idempotent), func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int32
			// The server reads the request, then drops the connection
			// before answering: the request may well have taken effect.
			base := serve(t, counting(&seen, hangUp(t, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial")))
			c, _ := newClient(t, base, client.WithMaxAttempts(3))
			var out map[string]any
			_, err := c.Do(context.Background(), client.Request{Operation: "addThing", Method: tt.method, Path: "/things",
				Body: map[string]string{"name": "r"}, Idempotent: tt.idempotent}, &out)
			if err == nil {
				t.Fatal("Do succeeded on a dropped connection")
			}
			if got := int(seen.Load()); got != tt.want {
				t.Errorf("server saw %d requests; want %d", got, tt.want)
			}
			// The answer's status arrived before the body was cut: the error
			// names it, and says a non-idempotent request was processed.
			wantText := "reading the body of the 200 OK answer"
			if tt.method != http.MethodPut && !tt.idempotent {
				wantText = "the server processed the request (it answered 200 OK) but reading the answer failed"
			}
			if !strings.Contains(err.Error(), wantText) {
				t.Errorf("error = %q, want it to say %q", err, wantText)
			}
		})
	}
}

func TestPostIsNotRetriedWhenTheConnectionDropsBeforeAnswering(t *testing.T) {
	t.Parallel()
	var seen atomic.Int32
	base := serve(t, counting(&seen, dropBeforeAnswering(t)))
	c, _ := newClient(t, base, client.WithMaxAttempts(3))
	_, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
	if err == nil {
		t.Fatal("Do succeeded on a dropped connection")
	}
	if got := seen.Load(); got != 1 {
		t.Errorf("server saw %d requests; want exactly 1", got)
	}
	if want := "the server may have processed the request"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to say %q", err, want)
	}
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestPostIsRetriedAfterConnectionRefused(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 201, body: `{"id":"t1"}`}}}
	base := serve(t, rec.ServeHTTP)
	live := strings.TrimPrefix(strings.TrimSuffix(base, basePath), "http://")
	refused := closedAddr(t)

	// The first dial goes to a closed port (a real ECONNREFUSED); later ones
	// reach the server.
	var dials atomic.Int32
	dialer := &net.Dialer{}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return dialer.DialContext(ctx, network, refused)
		}
		return dialer.DialContext(ctx, network, live)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	var attempts []client.Attempt
	c, _ := newClient(t, base, client.WithTransport(tr), client.WithBearerToken("AstraCS:t"), client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
		attempts = append(attempts, a)
	}))
	var out struct{ ID string }
	resp, err := c.Do(context.Background(), client.Request{Operation: "createLangflowTenant", Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, &out)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if len(attempts) != 2 {
		t.Fatalf("hook saw %d attempts; want 2", len(attempts))
	}
	var op *net.OpError
	if !errors.As(attempts[0].Err, &op) || op.Op != "dial" {
		t.Errorf("first attempt's error = %v; want a dial *net.OpError", attempts[0].Err)
	}
	got := []any{len(rec.seen()), resp.Attempts, resp.StatusCode, out.ID, attempts[1].Err}
	want := []any{1, 2, 201, "t1", nil}
	testkit.WantEqual(t, "requests, attempts, status, ID, second error", want, got)
}

func TestTransportErrorsEndWithTheWrappedError(t *testing.T) {
	t.Parallel()
	base := "http://" + closedAddr(t) + basePath
	var attempts int
	c, clock := newClient(t, base, client.WithMaxAttempts(3), client.WithBearerToken("AstraCS:t"), client.WithAttemptHook(func(context.Context, client.Attempt) { attempts++ }))
	resp, err := c.Do(context.Background(), client.Request{Operation: "createLangflowTenant", Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
	if err == nil {
		t.Fatal("Do succeeded against a closed port")
	}
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" {
		t.Errorf("error %v does not wrap the dial error", err)
	}
	if want := "tenantkit: createLangflowTenant POST /v1/tenant: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
	if !strings.HasSuffix(err.Error(), "(after 3 attempts)") {
		t.Errorf("error %q does not give the attempt count", err)
	}
	if resp != nil {
		t.Errorf("Response = %+v; want nil when no response arrived", resp)
	}
	if attempts != 3 || clock.Slept() != 750*time.Millisecond {
		t.Errorf("%d attempts, slept %v; want 3 attempts and 750ms", attempts, clock.Slept())
	}
}

func TestGetIsRetriedWhenTheBodyIsCutShort(t *testing.T) {
	t.Parallel()
	var seen atomic.Int32
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) == 1 {
			hangUp(t, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ID\":\"par")(w, r)
			return
		}
		_, _ = w.Write([]byte(`{"ID":"whole"}`))
	})
	c, _ := newClient(t, base)
	var out struct{ ID string }
	resp, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/v2/organizations/roles/r1"}, &out)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	got := []any{out.ID, resp.Attempts, int(seen.Load())}
	testkit.WantEqual(t, "ID, attempts, requests", []any{"whole", 2, 2}, got)
}

// TestCancellationReturnsPromptly cancels a call while it waits in each
// place a call can wait, on the real clock, and checks it returns at once.
func TestCancellationReturnsPromptly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// setup returns the client and a channel that is closed once the call
		// is waiting where the test wants it.
		setup      func(t *testing.T) (*client.Client, <-chan struct{})
		wantAPIErr bool   // the interrupted call had already seen an API error
		wantMsg    string // prefix of Error()
	}{
		{
			name: "backoff sleep",
			setup: func(t *testing.T) (*client.Client, <-chan struct{}) {
				first := make(chan struct{})
				var once sync.Once
				base := serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", "60")
					w.WriteHeader(http.StatusServiceUnavailable)
					once.Do(func() { close(first) })
				})
				c, err := client.New(client.WithBaseURL(base))
				if err != nil {
					t.Fatal(err)
				}
				return c, afterDelay(first)
			},
			wantAPIErr: true,
			wantMsg:    "tenantkit: getThing GET /x: context canceled; last attempt: 503 Service Unavailable",
		},
		{
			name: "rate limiter wait",
			setup: func(t *testing.T) (*client.Client, <-chan struct{}) {
				rec := &recorder{}
				c, err := client.New(client.WithBaseURL(serve(t, rec.ServeHTTP)), client.WithRateLimit(rate.Every(time.Hour), 1))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
					t.Fatal(err) // uses the only token
				}
				ready := make(chan struct{})
				close(ready)
				return c, afterDelay(ready)
			},
			wantMsg: "tenantkit: getThing GET /x: rate limiter: context canceled",
		},
		{
			name: "slow response",
			setup: func(t *testing.T) (*client.Client, <-chan struct{}) {
				started := make(chan struct{})
				base := serve(t, func(w http.ResponseWriter, r *http.Request) {
					close(started)
					<-r.Context().Done()
				})
				c, err := client.New(client.WithBaseURL(base))
				if err != nil {
					t.Fatal(err)
				}
				return c, started
			},
			wantMsg: `tenantkit: getThing GET /x: Get "http://`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, waiting := tt.setup(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := c.Do(ctx, client.Request{Operation: "getThing", Method: http.MethodGet, Path: "/x"}, nil)
				done <- err
			}()
			select {
			case <-waiting:
			case err := <-done:
				t.Fatalf("Do returned before it was cancelled: %v", err)
			}
			start := time.Now()
			cancel()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Do did not return within 5s of cancel")
			}
			if elapsed := time.Since(start); elapsed > 50*time.Millisecond {
				t.Errorf("Do returned %v after cancel; want under 50ms", elapsed)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error = %v; want one wrapping context.Canceled", err)
			}
			if !strings.HasPrefix(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not start with %q", err, tt.wantMsg)
			}
			var apiErr *client.APIError
			if got := errors.As(err, &apiErr); got != tt.wantAPIErr {
				t.Errorf("errors.As(*APIError) = %v; want %v (error %v)", got, tt.wantAPIErr, err)
			}
		})
	}
}

// afterDelay closes the returned channel 20ms after ready is closed, giving
// the call time to settle into its wait.
func afterDelay(ready <-chan struct{}) <-chan struct{} {
	out := make(chan struct{})
	go func() {
		<-ready
		time.Sleep(20 * time.Millisecond)
		close(out)
	}()
	return out
}
