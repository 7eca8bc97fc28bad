package sdktest

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// Transport is how an SDK client reaches a fake.
type Transport string

const (
	// Loopback sends requests over a TCP connection on loopback.
	Loopback Transport = "loopback"
	// InProcess calls the fake's handlers without sockets
	// (fakeserver.Server.Client).
	InProcess Transport = "in-process"
)

// Transports returns both transports, for a test that runs once over each.
func Transports() []Transport { return []Transport{Loopback, InProcess} }

// Fake is a fakeserver.Server on a virtual clock, and the way its SDK
// clients reach it.
type Fake struct {
	*fakeserver.Server
	// Clock drives the fake and every client of it: a retry's backoff or a
	// wait's poll moves the fake's time, and costs no wall time.
	Clock *client.VirtualClock
	// Start is where Clock started.
	Start time.Time
	// Via is how the fake's clients reach it.
	Via Transport

	spec *specCheck
}

// NewFake starts a fake with opts on a virtual clock at start; it closes
// when the test ends. Every exchange it serves is checked against
// openapi.yaml, and the test fails on any violation, unless the fake is
// marked OffSpec.
func NewFake(tb testing.TB, tr Transport, start time.Time, opts ...fakeserver.Option) *Fake {
	tb.Helper()
	clock := client.NewVirtualClock(start)
	check := newSpecCheck(tb)
	opts = append(opts, fakeserver.WithClock(clock), fakeserver.WithObserver(check.observe))
	srv := fakeserver.NewTest(tb, opts...)
	return &Fake{Server: srv, Clock: clock, Start: start, Via: tr, spec: check}
}

// specCheck checks a fake's exchanges against openapi.yaml until it is
// turned off.
type specCheck struct {
	off   atomic.Bool
	check func(*http.Request, *http.Response)
}

func newSpecCheck(tb testing.TB) *specCheck {
	tb.Helper()
	return &specCheck{check: spectest.Validator(tb)}
}

func (s *specCheck) observe(req *http.Request, resp *http.Response) {
	if !s.off.Load() {
		s.check(req, resp)
	}
}

// Client returns an SDK client of the fake, reaching it the fake's way
// (Via) and on its clock, configured further by opts (a credential).
func (f *Fake) Client(tb testing.TB, opts ...client.Option) *client.Client {
	tb.Helper()
	return ClientOf(tb, f.Server, f.Via, append([]client.Option{client.WithClock(f.Clock)}, opts...)...)
}

// ClientOf returns an SDK client of srv reaching it over tr, configured
// further by opts, for tests that start the fake themselves.
func ClientOf(tb testing.TB, srv *fakeserver.Server, tr Transport, opts ...client.Option) *client.Client {
	tb.Helper()
	base := []client.Option{client.WithBaseURL(srv.URL())}
	if tr == InProcess {
		base = append(base, client.WithHTTPClient(srv.Client()))
	}
	return NewClient(tb, append(base, opts...)...)
}

// Clients returns the two SDK clients of srv most tests need, reaching it
// over tr: one sending the fixture's Astra token and organization, one its
// super_admin ARGO key; opts configure both further.
func Clients(tb testing.TB, srv *fakeserver.Server, tr Transport, opts ...client.Option) (astra, argo *client.Client) {
	tb.Helper()
	cr := srv.Credentials()
	astra = ClientOf(tb, srv, tr, append([]client.Option{client.WithBearerToken(cr.AstraToken), client.WithOrgID(cr.OrgID)}, opts...)...)
	argo = ClientOf(tb, srv, tr, append([]client.Option{client.WithArgoAPIKey(cr.ArgoAdminKey)}, opts...)...)
	return astra, argo
}

// TakeRequests returns "METHOD operationId" for each request the fake's
// journal holds (server-side events left out) and empties the journal.
func (f *Fake) TakeRequests() []string {
	var out []string
	for _, c := range f.Journal().Calls() {
		if c.Event == "" {
			out = append(out, c.Method+" "+string(c.Operation))
		}
	}
	f.Journal().Reset()
	return out
}

// NewClient returns client.New(opts...), failing the test on error.
func NewClient(tb testing.TB, opts ...client.Option) *client.Client {
	tb.Helper()
	c, err := client.New(opts...)
	if err != nil {
		tb.Fatalf("client.New: %v", err)
	}
	return c
}

// StubClient returns a client of a testkit stub that makes one attempt per
// call (a canned answer does not change on a retry), configured further by
// opts.
func StubClient(tb testing.TB, s *testkit.Stub, opts ...client.Option) *client.Client {
	tb.Helper()
	return NewClient(tb, append([]client.Option{client.WithBaseURL(s.URL), client.WithMaxAttempts(1)}, opts...)...)
}

// AstraStubClient is a StubClient sending a bearer token.
func AstraStubClient(tb testing.TB, s *testkit.Stub, opts ...client.Option) *client.Client {
	tb.Helper()
	return StubClient(tb, s, append([]client.Option{client.WithBearerToken("AstraCS:stub:token")}, opts...)...)
}

// ArgoStubClient is a StubClient sending the ARGO key "admin-key".
func ArgoStubClient(tb testing.TB, s *testkit.Stub, opts ...client.Option) *client.Client {
	tb.Helper()
	return StubClient(tb, s, append([]client.Option{client.WithArgoAPIKey("admin-key")}, opts...)...)
}

// EachTransport runs test in a parallel subtest for each transport, named
// after it.
func EachTransport(t *testing.T, test func(t *testing.T, tr Transport)) {
	t.Helper()
	for _, tr := range Transports() {
		t.Run(string(tr), func(t *testing.T) {
			t.Parallel()
			test(t, tr)
		})
	}
}

// SpecChecked returns the option that makes a fake a test starts itself
// (fakeserver.NewTest, for a fake on the wall clock) check its exchanges
// against openapi.yaml as NewFake's do.
func SpecChecked(tb testing.TB) fakeserver.Option {
	tb.Helper()
	return fakeserver.WithObserver(newSpecCheck(tb).observe)
}

// OffSpec marks the fake as answering off openapi.yaml on purpose (an
// error body style, a policy sent as a string): its exchanges are no
// longer checked against the spec. Call it before the first request.
func (f *Fake) OffSpec() { f.spec.off.Store(true) }
