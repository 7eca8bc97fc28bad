package users_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// astraTransports are the two ways a test reaches the fake: over loopback
// HTTP and through its in-process transport.
func astraTransports() []string { return []string{"loopback", "in-process"} }

// astraEnv is one fake and an SDK client on it, sharing a virtual clock.
type astraEnv struct {
	srv       *fakeserver.Server
	c         *client.Client
	users     *users.Astra
	roles     *roles.Astra
	calls     *astraCallLog
	org       string
	clock     *client.VirtualClock
	transport string
}

// astraEpoch is when every test's virtual clock starts.
func astraEpoch() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

// newAstraEnv starts a fake with opts and builds a client on it over
// transport, with the default fixture's token and org, a virtual clock
// shared with the fake (so retries cost no time and timestamps are fixed)
// and an attempt log.
//
// Every exchange with the fake is checked against openapi.yaml
// (internal/spectest); tests of the SDK's tolerance for off-spec answers use
// newAstraEnvOffSpec instead.
func newAstraEnv(t *testing.T, transport string, opts ...fakeserver.Option) astraEnv {
	t.Helper()
	return startAstraEnv(t, transport, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(t))}, opts...))
}

// newAstraEnvOffSpec is newAstraEnv without the spec check, for fakes whose
// options make them answer off the spec on purpose (error styles, a policy
// sent as a string).
func newAstraEnvOffSpec(t *testing.T, transport string, opts ...fakeserver.Option) astraEnv {
	t.Helper()
	return startAstraEnv(t, transport, opts)
}

func startAstraEnv(t *testing.T, transport string, opts []fakeserver.Option) astraEnv {
	t.Helper()
	clock := client.NewVirtualClock(astraEpoch())
	// spec: checked by the caller: newAstraEnv adds spectest.Validator, the OffSpec variant leaves it out on purpose.
	srv := fakeserver.NewTest(t, append(opts, fakeserver.WithClock(clock))...)
	env := astraEnv{srv: srv, org: srv.Credentials().OrgID, clock: clock, transport: transport}
	return env.withToken(t, srv.Credentials().AstraToken)
}

// withToken returns the environment with a new client that sends token.
func (env astraEnv) withToken(t *testing.T, token string) astraEnv {
	t.Helper()
	env.calls = &astraCallLog{}
	opts := []client.Option{
		client.WithBaseURL(env.srv.URL()),
		client.WithBearerToken(token),
		client.WithOrgID(env.org),
		client.WithClock(env.clock),
		client.WithAttemptHook(env.calls.hook),
	}
	if env.transport == "in-process" {
		opts = append(opts, client.WithHTTPClient(env.srv.Client()))
	}
	c, err := client.New(opts...)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	env.c, env.users, env.roles = c, users.NewAstra(c), roles.NewAstra(c)
	return env
}

// astraCallLog records the operation of every attempt a client makes.
type astraCallLog struct {
	mu  sync.Mutex
	ops []string
}

func (l *astraCallLog) hook(_ context.Context, a client.Attempt) {
	l.mu.Lock()
	l.ops = append(l.ops, string(a.Operation))
	l.mu.Unlock()
}

// take returns the operations recorded so far and forgets them.
func (l *astraCallLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	ops := l.ops
	l.ops = nil
	return ops
}

// astraWantAPIError checks that err is an *client.APIError with the status and
// message, matching kind with errors.Is.
func astraWantAPIError(t *testing.T, err error, kind client.Kind, status int, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want a %d error", status)
	}
	if kind != "" && !errors.Is(err, kind) {
		t.Errorf("errors.Is(%v, %q) = false", err, kind)
	}
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("errors.As(%v, *client.APIError) = false", err)
	}
	got := struct {
		Status  int
		Message string
	}{apiErr.StatusCode, apiErr.Message}
	want := struct {
		Status  int
		Message string
	}{status, message}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("APIError (-want +got):\n%s", diff)
	}
}

// readAstraFixture reads a file of testdata/astra.
func readAstraFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "astra", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// astraStub is an httptest server answering fixed responses under a
// non-empty base path (so a client that dropped the base URL's path would
// miss), for wire shapes the fake does not produce.
type astraStub struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD /path" as received, base path removed
	bodies   []string // the request bodies, in the same order
}

// astraStubRoute is one canned answer.
type astraStubRoute struct {
	status int
	body   string
}

const astraStubBase = "/base"

func newAstraStub(t *testing.T, routes map[string]astraStubRoute) *astraStub {
	t.Helper()
	s := &astraStub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, ok := strings.CutPrefix(r.URL.Path, astraStubBase)
		key := r.Method + " " + path
		s.mu.Lock()
		s.requests = append(s.requests, key)
		s.bodies = append(s.bodies, string(body))
		s.mu.Unlock()
		route, found := routes[key]
		if !ok || !found {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"errors":[{"ID":1404,"message":"no stub for `+key+`"}]}`)
			return
		}
		if route.body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(route.status)
		_, _ = io.WriteString(w, route.body)
	}))
	t.Cleanup(s.Close)
	return s
}

// client returns a client of the stub, configured further by opts.
func (s *astraStub) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(append([]client.Option{
		client.WithBaseURL(s.URL + astraStubBase),
		client.WithBearerToken("AstraCS:stub:token"),
		client.WithMaxAttempts(1),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (s *astraStub) sentBodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

func (s *astraStub) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// jsonUnmarshalStrict decodes b into v, failing on keys v does not have.
func jsonUnmarshalStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
