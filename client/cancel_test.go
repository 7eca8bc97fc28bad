package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"golang.org/x/time/rate"
)

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
