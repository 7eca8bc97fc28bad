package sdktest

import (
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
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

	exchanges *testkit.Recorder // nil unless testkit.ExchangesDirEnv is set
}

// NewFake starts a fake with opts on a virtual clock at start; it closes
// when the test ends. With testkit.ExchangesDirEnv set, it records every
// exchange for the spec check of internal/conformance (see OffSpec).
func NewFake(tb testing.TB, tr Transport, start time.Time, opts ...fakeserver.Option) *Fake {
	tb.Helper()
	clock := client.NewVirtualClock(start)
	opts = append(opts, fakeserver.WithClock(clock))
	log := testkit.RecordExchanges(tb)
	if log != nil {
		opts = append(opts, fakeserver.WithObserver(log.Observe))
	}
	srv := fakeserver.NewTest(tb, opts...)
	return &Fake{Server: srv, Clock: clock, Start: start, Via: tr, exchanges: log}
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

// Recorded returns the options that make a fake a test starts itself
// (fakeserver.NewTest, for a fake on the wall clock) record its exchanges
// as NewFake's do: none unless testkit.ExchangesDirEnv is set.
func Recorded(tb testing.TB) []fakeserver.Option {
	tb.Helper()
	if l := testkit.RecordExchanges(tb); l != nil {
		return []fakeserver.Option{fakeserver.WithObserver(l.Observe)}
	}
	return nil
}

// OffSpec marks the fake as answering off openapi.yaml on purpose (an
// error body style, a policy sent as a string): its exchanges are not
// recorded for the spec check. Call it before the first request.
func (f *Fake) OffSpec() { f.exchanges.OffSpec() }
