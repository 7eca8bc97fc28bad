package tenants_test

import (
	"context"
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
	"github.com/tenantkit/tenantkit/tenants"
)

// langflowTransports are the two ways a test reaches the fake: over
// loopback HTTP and through its in-process transport.
func langflowTransports() []string { return []string{"loopback", "in-process"} }

// langflowEpoch is when every test's virtual clock starts.
func langflowEpoch() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

// langflowEnv is one fake and a Langflow service on it, sharing a virtual
// clock: the SDK's waits move the fake's provisioning along.
type langflowEnv struct {
	srv       *fakeserver.Server
	c         *client.Client
	lf        *tenants.Langflow
	calls     *langflowCallLog
	org       string
	clock     *client.VirtualClock
	transport string
	token     string
	lfOpts    []tenants.LangflowOption
}

// newLangflowEnv starts a fake whose every exchange is checked against
// openapi.yaml (internal/spectest); tests of the SDK's tolerance for
// off-spec answers use newLangflowEnvOffSpec instead.
func newLangflowEnv(t *testing.T, transport string, opts ...fakeserver.Option) langflowEnv {
	t.Helper()
	return startLangflowEnv(t, transport, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(t))}, opts...))
}

// newLangflowEnvOffSpec is newLangflowEnv without the spec check, for fakes
// whose options make them answer off the spec on purpose.
func newLangflowEnvOffSpec(t *testing.T, transport string, opts ...fakeserver.Option) langflowEnv {
	t.Helper()
	return startLangflowEnv(t, transport, opts)
}

func startLangflowEnv(t *testing.T, transport string, opts []fakeserver.Option) langflowEnv {
	t.Helper()
	clock := client.NewVirtualClock(langflowEpoch())
	// spec: checked by the caller: newLangflowEnv adds spectest.Validator, the OffSpec variant leaves it out on purpose.
	srv := fakeserver.NewTest(t, append(opts, fakeserver.WithClock(clock))...)
	env := langflowEnv{srv: srv, org: srv.Credentials().OrgID, clock: clock, transport: transport, token: srv.Credentials().AstraToken}
	return env.rebuild(t)
}

// withToken returns the environment with a client that sends token.
func (env langflowEnv) withToken(t *testing.T, token string) langflowEnv {
	t.Helper()
	env.token = token
	return env.rebuild(t)
}

// withOrg returns the environment with a client configured for org ("" for
// none).
func (env langflowEnv) withOrg(t *testing.T, org string) langflowEnv {
	t.Helper()
	env.org = org
	return env.rebuild(t)
}

// withOptions returns the environment with a service built with opts.
func (env langflowEnv) withOptions(t *testing.T, opts ...tenants.LangflowOption) langflowEnv {
	t.Helper()
	env.lfOpts = opts
	return env.rebuild(t)
}

func (env langflowEnv) rebuild(t *testing.T) langflowEnv {
	t.Helper()
	env.calls = &langflowCallLog{clock: env.clock}
	opts := []client.Option{
		client.WithBaseURL(env.srv.URL()),
		client.WithBearerToken(env.token),
		client.WithClock(env.clock),
		client.WithAttemptHook(env.calls.hook),
	}
	if env.org != "" {
		opts = append(opts, client.WithOrgID(env.org))
	}
	if env.transport == "in-process" {
		opts = append(opts, client.WithHTTPClient(env.srv.Client()))
	}
	c, err := client.New(opts...)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	env.c, env.lf = c, tenants.NewLangflow(c, env.lfOpts...)
	return env
}

// create makes a tenant in aws us-west-2 through the SDK.
func (env langflowEnv) create(t *testing.T) tenants.LangflowTenant {
	t.Helper()
	tn, err := env.lf.Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return tn
}

// langflowCallLog records every attempt a client makes and when, on the
// virtual clock.
type langflowCallLog struct {
	clock *client.VirtualClock
	mu    sync.Mutex
	calls []string        // "operation METHOD path"
	at    []time.Duration // since langflowEpoch
	stop  func(n int)     // called after every attempt with the count so far
}

func (l *langflowCallLog) hook(_ context.Context, a client.Attempt) {
	l.mu.Lock()
	l.calls = append(l.calls, string(a.Operation)+" "+a.Method+" "+a.Path)
	l.at = append(l.at, l.clock.Now().Sub(langflowEpoch()))
	n, stop := len(l.calls), l.stop
	l.mu.Unlock()
	if stop != nil {
		stop(n)
	}
}

func (l *langflowCallLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	calls := l.calls
	l.calls, l.at = nil, nil
	return calls
}

func (l *langflowCallLog) times() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Duration(nil), l.at...)
}

// langflowWantAPIError checks that err is an *client.APIError with the
// status and message, matching kind with errors.Is.
func langflowWantAPIError(t *testing.T, err error, kind client.Kind, status int, message string) {
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

// readLangflowFixture reads a file of testdata/langflow.
func readLangflowFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "langflow", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// langflowStub is an httptest server answering fixed responses under a
// non-empty base path, for wire shapes the fake does not produce.
type langflowStub struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD /path", base path removed
	bodies   []string
}

type langflowStubRoute struct {
	status int
	body   string
}

const langflowStubBase = "/base"

// The stub's organization and tenant.
const (
	langflowStubOrg    = "ORG_ID"
	langflowStubTenant = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b"
)

func newLangflowStub(t *testing.T, routes map[string]langflowStubRoute) *langflowStub {
	t.Helper()
	s := &langflowStub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, ok := strings.CutPrefix(r.URL.Path, langflowStubBase)
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

// service returns a Langflow service on the stub, for org langflowStubOrg.
func (s *langflowStub) service(t *testing.T) *tenants.Langflow {
	t.Helper()
	c, err := client.New(
		client.WithBaseURL(s.URL+langflowStubBase),
		client.WithBearerToken("AstraCS:stub:token"),
		client.WithOrgID(langflowStubOrg),
		client.WithMaxAttempts(1),
	)
	if err != nil {
		t.Fatal(err)
	}
	return tenants.NewLangflow(c)
}

func (s *langflowStub) received() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *langflowStub) sentBodies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}
