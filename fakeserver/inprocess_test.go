package fakeserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestInProcessTransportDeliversStatusHeadersAndBody(t *testing.T) {
	t.Parallel()
	var seen struct{ method, uri, host, body, key string }
	tr := &inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.method, seen.uri, seen.host, seen.body = r.Method, r.RequestURI, r.Host, string(b)
		seen.key = r.Header.Get("X-Api-Key")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"ok":true}`)
	})}
	req, _ := http.NewRequest(http.MethodPost, "http://fake.invalid/v2/a:b/c?x=1", strings.NewReader("hello"))
	req.Header["x-api-key"] = []string{" key-with-spaces "} // set around http.Header's canonicalisation
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{resp.Status, resp.Header.Get("Content-Type"), string(body), seen.method, seen.uri, seen.host, seen.body, seen.key}
	want := []string{"201 Created", "application/json", `{"ok":true}`, "POST", "/v2/a:b/c?x=1", "fake.invalid", "hello", "key-with-spaces"}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestInProcessTransportStreamsBeforeHandlerReturns(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	tr := &inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "first")
		<-release
		_, _ = io.WriteString(w, "second")
	})}
	req, _ := http.NewRequest(http.MethodGet, "http://x/stream", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := make([]byte, 5)
	if _, err := io.ReadFull(resp.Body, buf); err != nil {
		t.Fatal(err)
	}
	if string(buf) != "first" {
		t.Fatalf("first chunk = %q, want %q", buf, "first")
	}
	close(release)
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != "second" {
		t.Fatalf("rest = %q, %v; want %q, nil", rest, err, "second")
	}
}

func TestInProcessTransportReportsAbortedResponseAsDroppedConnection(t *testing.T) {
	t.Parallel()
	tr := &inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"partial":`)
		panic(http.ErrAbortHandler)
	})}
	req, _ := http.NewRequest(http.MethodGet, "http://x/abort", nil)
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	if !errors.Is(err, errConnectionDropped) {
		t.Fatalf("read error = %v, want %v", err, errConnectionDropped)
	}
}

func TestInProcessTransportAbortBeforeHeadersFailsRoundTrip(t *testing.T) {
	t.Parallel()
	tr := &inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	})}
	req, _ := http.NewRequest(http.MethodPost, "http://x/abort", strings.NewReader("{}"))
	if _, err := tr.RoundTrip(req); !errors.Is(err, errConnectionDropped) {
		t.Fatalf("RoundTrip error = %v, want %v", err, errConnectionDropped)
	}
}

func TestInProcessTransportHonoursCancellation(t *testing.T) {
	t.Parallel()
	tr := &inProcessTransport{handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://x/slow", nil)
	start := time.Now()
	_, err := tr.RoundTrip(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("RoundTrip error = %v, want deadline exceeded", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Fatalf("RoundTrip returned after %v, want promptly after the deadline", elapsed)
	}
}
