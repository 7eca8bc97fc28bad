package reliability_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// How the cancellation latency is judged. 95% of the cancellations must
// meet the target: one in many may wait for a busy CPU on a loaded 2-core
// machine, so the worst case only has to stay under a generous bound. (On
// an idle 2-core machine every one returns within 0.6 ms, under -race too.)
const (
	cancelRuns       = 100
	cancelShortRuns  = 20
	cancelTarget     = 10 * time.Millisecond
	cancelTargetPart = 0.95
	cancelWorstBound = 250 * time.Millisecond
)

// TestCancellationReturnsWithin10ms cancels calls, on the wall clock, while
// they wait in each place a call can wait — on the rate limiter, on a
// server-imposed Retry-After pause, in backoff between attempts, for a slow
// response over loopback and in process, and between the polls of
// WaitActive — and measures the time from cancel() to the call's return,
// many times over. 95% must return within 10 ms and the slowest within
// 250 ms; every call must end with an error matching context.Canceled.
//
// It does not run in parallel: it measures latency, so it runs before the
// package's parallel tests (the stress test among them) start.
func TestCancellationReturnsWithin10ms(t *testing.T) {
	runs := cancelRuns
	if testing.Short() {
		runs = cancelShortRuns
	}
	for _, sc := range cancelScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			call := sc.setup(t)
			lat := make([]time.Duration, 0, runs)
			for range runs {
				lat = append(lat, cancelOnce(t, call))
			}
			slices.Sort(lat)
			p := func(q float64) time.Duration { return lat[min(int(q*float64(len(lat))), len(lat)-1)] }
			t.Logf("%s: %d cancellations: median %v, p90 %v, p99 %v, max %v", sc.name, len(lat), p(0.5), p(0.9), p(0.99), lat[len(lat)-1])
			if p(cancelTargetPart) >= cancelTarget {
				t.Errorf("%.0fth percentile of the latency from cancel to return %v; want under %v", 100*cancelTargetPart, p(cancelTargetPart), cancelTarget)
			}
			if worst := lat[len(lat)-1]; worst >= cancelWorstBound {
				t.Errorf("worst latency from cancel to return %v; want under %v", worst, cancelWorstBound)
			}
		})
	}
}

// cancelScenario is one place a call waits: setup returns the call, which
// is made with a context carrying the channel its clock closes once it
// waits there.
type cancelScenario struct {
	name  string
	setup func(t *testing.T) func(ctx context.Context) error
}

// cancelOnce runs one call, cancels it once it waits, and returns the time
// from cancel() to the call's return.
func cancelOnce(t *testing.T, call func(ctx context.Context) error) time.Duration {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	waiting := make(chan struct{})
	ctx = context.WithValue(ctx, waitingKey{}, waiting)
	returned := make(chan time.Time, 1)
	var err error
	go func() {
		err = call(ctx)
		returned <- time.Now()
	}()
	select {
	case <-waiting:
	case <-returned:
		t.Fatalf("the call returned before it waited: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the call never started waiting")
	}
	time.Sleep(time.Millisecond) // let it settle into its wait
	start := time.Now()
	cancel()
	var end time.Time
	select {
	case end = <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return within 10s of cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v; want one matching context.Canceled", err)
	}
	return end.Sub(start)
}

// waitingKey carries the channel a watchedClock closes when the call under
// test starts a long wait.
type waitingKey struct{}

// watchedClock is the wall clock, telling the test (through the context)
// when a wait of at least min starts.
type watchedClock struct{ min time.Duration }

func (watchedClock) Now() time.Time { return time.Now() }

func (c watchedClock) Sleep(ctx context.Context, d time.Duration) error {
	if ch, ok := ctx.Value(waitingKey{}).(chan struct{}); ok && d >= c.min {
		close(ch)
	}
	return client.SystemClock().Sleep(ctx, d)
}

// serverWatchedClock is watchedClock for the fake, which sleeps on the
// request's context: the test's value does not reach it, so it signals a
// channel of its own.
type serverWatchedClock struct {
	min     time.Duration
	waiting chan chan struct{}
}

func (serverWatchedClock) Now() time.Time { return time.Now() }

func (c serverWatchedClock) Sleep(ctx context.Context, d time.Duration) error {
	if d >= c.min {
		select {
		case ch := <-c.waiting:
			close(ch)
		default:
		}
	}
	return client.SystemClock().Sleep(ctx, d)
}

func cancelScenarios() []cancelScenario {
	fake := func(t *testing.T, opts ...fakeserver.Option) *fakeserver.Server {
		return fakeserver.NewTest(t, append([]fakeserver.Option{sdktest.SpecChecked(t)}, opts...)...)
	}
	astra := func(t *testing.T, srv *fakeserver.Server, tr sdktest.Transport, opts ...client.Option) *client.Client {
		c, _ := sdktest.Clients(t, srv, tr, append([]client.Option{client.WithClock(watchedClock{min: time.Second})}, opts...)...)
		return c
	}
	list := func(c *client.Client) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := roles.NewAstra(c).List(ctx); return err }
	}
	slow := func(tr sdktest.Transport) func(t *testing.T) func(ctx context.Context) error {
		return func(t *testing.T) func(ctx context.Context) error {
			clk := serverWatchedClock{min: time.Minute, waiting: make(chan chan struct{}, 1)}
			srv := fake(t, fakeserver.WithClock(clk), fakeserver.WithFaults(fakeserver.Fault{Operation: "getOrganizationRoles", Latency: time.Hour}))
			c := astra(t, srv, tr)
			return func(ctx context.Context) error {
				clk.waiting <- ctx.Value(waitingKey{}).(chan struct{})
				_, err := roles.NewAstra(c).List(ctx)
				return err
			}
		}
	}
	return []cancelScenario{
		{"rate limiter", func(t *testing.T) func(ctx context.Context) error {
			srv := fake(t)
			return func(ctx context.Context) error {
				// A fresh limiter each run: a cancelled wait gives its token back.
				c := astra(t, srv, sdktest.InProcess, client.WithRateLimit(rate.Every(time.Hour), 1))
				if err := list(c)(context.Background()); err != nil {
					return err // uses the only token
				}
				return list(c)(ctx)
			}
		}},
		{"Retry-After pause", func(t *testing.T) func(ctx context.Context) error {
			srv := fake(t, fakeserver.WithFaults(fakeserver.Fault{Operation: "getOrganizationRoles", Status: http.StatusTooManyRequests, RetryAfter: time.Minute}))
			return func(ctx context.Context) error {
				// A limiter shared by two clients: the first is told to pause
				// and gives up; the second waits out the pause before sending.
				lim := client.NewRateLimiter(rate.Inf, 1)
				told := astra(t, srv, sdktest.InProcess, client.WithRateLimiter(lim), client.WithMaxAttempts(1))
				if err := list(told)(context.Background()); !errors.Is(err, client.ErrRateLimited) {
					return errors.Join(errors.New("the first call was not rate limited"), err)
				}
				waits := astra(t, srv, sdktest.InProcess, client.WithRateLimiter(lim))
				_, err := users.NewAstra(waits).Organization(ctx)
				return err
			}
		}},
		{"backoff", func(t *testing.T) func(ctx context.Context) error {
			srv := fake(t, fakeserver.WithFaults(fakeserver.Fault{Operation: "getOrganizationRoles", Status: http.StatusServiceUnavailable, RetryAfter: time.Minute}))
			return func(ctx context.Context) error {
				// A fresh client each run: its limiter would hold the last
				// run's Retry-After, and the call would wait there instead.
				return list(astra(t, srv, sdktest.InProcess))(ctx)
			}
		}},
		{"slow response over loopback", slow(sdktest.Loopback)},
		{"slow response in process", slow(sdktest.InProcess)},
		{"WaitActive between polls", func(t *testing.T) func(ctx context.Context) error {
			srv := fake(t, fakeserver.WithProvisioningDelay(time.Hour))
			lf := tenants.NewLangflow(astra(t, srv, sdktest.InProcess), tenants.WithLangflowPollInterval(time.Minute, time.Minute))
			lt, err := lf.Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-east-1"})
			if err != nil {
				t.Fatal(err)
			}
			return func(ctx context.Context) error { _, err := lf.WaitActive(ctx, lt.ID); return err }
		}},
	}
}
