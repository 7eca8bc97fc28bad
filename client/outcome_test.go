package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// dropBeforeAnswering reads the request and closes the connection without
// a byte of answer: whether the request took effect is unknown.
func dropBeforeAnswering(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	}
}

// cutTheBody answers 201 with a Content-Length the body never reaches.
func cutTheBody(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_, _ = conn.Write([]byte("HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\":"))
		_ = conn.Close()
	}
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// TestOutcomeUnknownMatchesOnlyNonIdempotentRequestsThatMayHaveTakenEffect
// pins which failures match client.ErrOutcomeUnknown: a POST (or unmarked
// PATCH) sent and then lost, cut short, unreadable or answered with an
// ambiguous 5xx, and nothing else.
func TestOutcomeUnknownMatchesOnlyNonIdempotentRequestsThatMayHaveTakenEffect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		method     string
		idempotent bool
		handler    func(t *testing.T) http.HandlerFunc
		want       bool
		wantText   string // a part of the error's text
	}{
		{"POST dropped before the answer", http.MethodPost, false, dropBeforeAnswering, true,
			"(the server may have processed the request: check before sending it again)"},
		{"PATCH dropped before the answer", http.MethodPatch, false, dropBeforeAnswering, true,
			"(the server may have processed the request: check before sending it again)"},
		{"POST whose 201 body broke off", http.MethodPost, false, cutTheBody, true,
			"the server processed the request (it answered 201 Created) but reading the answer failed"},
		{"POST whose 201 body is not JSON", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusCreated, `{"id":`) }, true,
			"decoding the response body"},
		{"POST answered 500", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusInternalServerError, `{}`) }, true,
			"500 Internal Server Error (the server may have processed the request: check before sending it again)"},
		{"POST answered 504", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusGatewayTimeout, `{}`) }, true, "504 Gateway Timeout"},
		{"POST answered 503 without Retry-After", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusServiceUnavailable, `{}`) }, true, "503"},
		{"POST answered 503 with Retry-After, every time", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", "1")
					answer(http.StatusServiceUnavailable, `{}`)(w, r)
				}
			}, false, "503 Service Unavailable (after 2 attempts)"},
		{"POST answered 409", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusConflict, `{}`) }, false, "409 Conflict"},
		{"PUT answered 500", http.MethodPut, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusInternalServerError, `{}`) }, false, "500"},
		{"POST marked idempotent, dropped every time", http.MethodPost, true, dropBeforeAnswering, false, "after 2 attempts"},
		{"PUT dropped every time", http.MethodPut, false, dropBeforeAnswering, false, "after 2 attempts"},
		{"PUT whose body is not JSON", http.MethodPut, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusOK, `{"id":`) }, false, "decoding the response body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newClient(t, serve(t, tt.handler(t)), client.WithMaxAttempts(2))
			var out map[string]any
			_, err := c.Do(context.Background(), client.Request{Operation: "exampleWrite", Method: tt.method, // not a spec operation: its method and idempotency vary here
				Path: "/v2/organizations/roles", Body: []byte(`{"name":"r"}`), Idempotent: tt.idempotent}, &out)
			if err == nil {
				t.Fatal("Do succeeded")
			}
			var apiErr *client.APIError
			got := []any{errors.Is(err, client.ErrOutcomeUnknown), strings.Contains(err.Error(), tt.wantText)}
			if diff := testkit.Diff([]any{tt.want, true}, got); diff != "" {
				t.Errorf("errors.Is(err, ErrOutcomeUnknown), text holds %q (-want +got):\n%s\nerr: %v", tt.wantText, diff, err)
			}
			// An error answer stays an *APIError; a transport failure never is one.
			if wantAPIError := strings.Contains(tt.name, "answered"); errors.As(err, &apiErr) != wantAPIError {
				t.Errorf("errors.As(err, *APIError) = %v, want %v: %v", !wantAPIError, wantAPIError, err)
			}
			if errors.As(err, &apiErr) && !errors.Is(err, apiErr.Kind()) {
				t.Errorf("err does not match its status kind %q: %v", apiErr.Kind(), err)
			}
		})
	}
}

func TestOutcomeUnknownWhenTheContextEndsWhileAPostIsInFlight(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
	})
	c, _ := newClient(t, base)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	_, err := c.Do(ctx, client.Request{Operation: "exampleCreate", Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
	if !errors.Is(err, client.ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want it to match both ErrOutcomeUnknown and context.Canceled", err)
	}
}

func TestNoOutcomeUnknownWhenNothingWasSent(t *testing.T) {
	t.Parallel()
	t.Run("context ended before sending", func(t *testing.T) {
		t.Parallel()
		var seen atomic.Int32
		c, _ := newClient(t, serve(t, func(http.ResponseWriter, *http.Request) { seen.Add(1) }))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Do(ctx, client.Request{Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
		if err == nil || errors.Is(err, client.ErrOutcomeUnknown) || seen.Load() != 0 {
			t.Errorf("err = %v after %d requests; want a plain cancellation and none sent", err, seen.Load())
		}
	})
	t.Run("connection refused every time", func(t *testing.T) {
		t.Parallel()
		c, _ := newClient(t, "http://"+closedAddr(t), client.WithMaxAttempts(2))
		_, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
		if err == nil || errors.Is(err, client.ErrOutcomeUnknown) {
			t.Errorf("err = %v; want an error that does not match ErrOutcomeUnknown", err)
		}
	})
}

func TestOutcomeUnknownIsNoStatusKind(t *testing.T) {
	t.Parallel()
	for status := 100; status <= 599; status++ {
		e := &client.APIError{StatusCode: status}
		if errors.Is(e, client.ErrOutcomeUnknown) {
			t.Errorf("an APIError with status %d matches ErrOutcomeUnknown", status)
		}
	}
}
