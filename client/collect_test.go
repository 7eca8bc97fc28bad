package client_test

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

const collectBody = `[{"id":"1"},{"id":"2"},{"id":"3"}]`

// breakingServer answers collectBody, cut off halfway with the connection
// dropped, for the first cuts requests, and whole after that.
func breakingServer(t *testing.T, cuts int) (base string, calls *atomic.Int32) {
	t.Helper()
	calls = &atomic.Int32{}
	base = serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(collectBody)))
		if int(n) > cuts {
			_, _ = io.WriteString(w, collectBody)
			return
		}
		_, _ = io.WriteString(w, collectBody[:len(collectBody)/2+3])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // drop the connection mid-body
	})
	return base, calls
}

func TestCollectResendsARequestWhoseBodyBrokeOff(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, client.DefaultMaxAttempts-1)
	var hooked []client.Attempt
	var mu sync.Mutex
	c, clock := newClient(t, base, client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		a.Err, a.Duration = nil, 0
		hooked = append(hooked, a)
	}))
	got, err := client.Collect[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "items", []item{{ID: "1"}, {ID: "2"}, {ID: "3"}}, got)
	if n := calls.Load(); n != client.DefaultMaxAttempts {
		t.Errorf("%d requests; want %d", n, client.DefaultMaxAttempts)
	}
	// Each broken attempt is reported twice: at its 2xx status line, and when
	// its body broke, with the wait before the next attempt.
	a := func(n int, delay time.Duration) client.Attempt {
		return client.Attempt{Operation: "listThings", Method: "GET", Path: "/things", Number: n, StatusCode: 200, NextDelay: delay}
	}
	want := []client.Attempt{a(1, 0), a(1, 250*time.Millisecond), a(2, 0), a(2, 500*time.Millisecond), a(3, 0), a(3, time.Second), a(4, 0)}
	testkit.WantEqual(t, "attempts", want, hooked)
	if slept := clock.Slept(); slept != 1750*time.Millisecond {
		t.Errorf("slept %v; want the backoff of 3 retries, 1.75s", slept)
	}
}

func TestCollectGivesUpWhenTheBudgetIsSpent(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, 100)
	c, _ := newClient(t, base)
	_, err := client.Collect[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if err == nil {
		t.Fatal("Collect succeeded on a body that always breaks")
	}
	if n := calls.Load(); n != client.DefaultMaxAttempts {
		t.Errorf("%d requests; want %d", n, client.DefaultMaxAttempts)
	}
	if want := "(after 4 attempts)"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error %q does not end with %q", err, want)
	}
}

func TestCollectDoesNotResendANonIdempotentRequest(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, 1)
	c, _ := newClient(t, base)
	_, err := client.Collect[item](context.Background(), c, client.Request{Operation: "makeThings", Method: http.MethodPost, Path: "/things"})
	if err == nil {
		t.Fatal("Collect succeeded on a broken body")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

func TestCollectDoesNotResendForAMalformedBody(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.WriteString(w, `[{"id":"1"},{"id":2}]`)
	})
	c, _ := newClient(t, base)
	_, err := client.Collect[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if want := "tenantkit: listThings GET /things: decoding item 1: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v; want one starting %q", err, want)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

func TestCollectFuncUsesTheGivenDecoder(t *testing.T) {
	t.Parallel()
	base, _ := breakingServer(t, 1)
	c, _ := newClient(t, base)
	count := func(r io.Reader) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			b, err := io.ReadAll(r)
			if err != nil {
				yield(0, err)
				return
			}
			yield(strings.Count(string(b), "id"), nil)
		}
	}
	got, err := client.CollectFunc(context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"}, count)
	if err != nil || !testkit.Equal(got, []int{3}) {
		t.Errorf("CollectFunc = %v, %v; want [3]", got, err)
	}
}

func TestCollectOfNothingIsNil(t *testing.T) {
	t.Parallel()
	base := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `[]`) })
	c, _ := newClient(t, base)
	got, err := client.Collect[item](context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"})
	if err != nil || got != nil {
		t.Errorf("Collect = %#v, %v; want nil, nil", got, err)
	}
	var nilClient *client.Client
	if _, err := client.Collect[item](context.Background(), nilClient, client.Request{Method: http.MethodGet, Path: "/things"}); err == nil {
		t.Error("Collect on a nil client succeeded")
	}
}

func TestCollectStopsWhenCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	base, _ := breakingServer(t, 100)
	c, err := client.New(client.WithBaseURL(base), client.WithRetryPolicy(client.RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err = client.Collect[item](ctx, c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want one matching context.Canceled", err)
	}
}

func TestScanStartsOverWhenTheBodyBreaksOff(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, 1)
	c, _ := newClient(t, base)
	var seen []string
	err := client.Scan(context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"}, func(v item) bool {
		seen = append(seen, v.ID)
		return v.ID != "3"
	})
	if err != nil {
		t.Fatal(err)
	}
	// The first attempt broke after item 1; the second starts over.
	testkit.WantEqual(t, "elements seen", []string{"1", "1", "2", "3"}, seen)
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests; want 2", n)
	}
}

func TestScanThatStopsEarlyIgnoresTheRestOfTheBody(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, 100)
	c, _ := newClient(t, base)
	var seen []string
	err := client.Scan(context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"}, func(v item) bool {
		seen = append(seen, v.ID)
		return false // found
	})
	if err != nil || !testkit.Equal(seen, []string{"1"}) || calls.Load() != 1 {
		t.Errorf("Scan = %v after %d requests, seeing %v; want nil after 1, seeing [1]", err, calls.Load(), seen)
	}
}
