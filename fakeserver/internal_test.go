package fakeserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// Every Server without WithFixture starts from the state DefaultFixture
// loads once per process. That is right only if loading it draws no ID and
// reads no clock: every record gives its ID, and there is nothing the
// clock would stamp (custom roles, Langflow or ARGO tenants).
func TestDefaultFixtureStartsEveryServer(t *testing.T) {
	t.Parallel()
	if err := defaultStart().err; err != nil {
		t.Fatal(err)
	}
	f := DefaultFixture()
	if len(f.ArgoTenants) != 0 {
		t.Error("the default fixture has ARGO tenants, stamped with the clock")
	}
	for _, o := range f.Organizations {
		if o.ID == "" || len(o.Roles) != 0 || len(o.LangflowTenants) != 0 {
			t.Errorf("organization %q: an ID drawn, or records stamped with the clock", o.Name)
		}
		for _, u := range o.Users {
			if u.ID == "" {
				t.Errorf("user %q has no ID: loading would draw one", u.Email)
			}
		}
	}
}

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
	if diff := testkit.Diff([]bool{true, true, true, false, false, true, true, true, true, false}, got); diff != "" {
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

func TestRedactJSONSecretsKeepsLayoutAndFindsValues(t *testing.T) {
	t.Parallel()
	in := "{\n \"api_key\" : \"k\\\"1\",\n \"Password\":\"p\", \"other\": \"api_key\", \"api_key\": 5, \"x\": [\"password\"]\n}"
	out, secrets := redactJSONSecrets([]byte(in))
	want := "{\n \"api_key\" : \"[REDACTED]\",\n \"Password\":\"[REDACTED]\", \"other\": \"api_key\", \"api_key\": 5, \"x\": [\"password\"]\n}"
	if diff := testkit.Diff(want, string(out)); diff != "" {
		t.Errorf("redacted (-want +got):\n%s", diff)
	}
	if diff := testkit.Diff([]string{`k"1`, "p"}, secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if out, _ := redactJSONSecrets([]byte(`not json "api_key`)); string(out) != `not json "api_key` {
		t.Errorf("non-JSON changed: %q", out)
	}
}
