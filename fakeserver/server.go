package fakeserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/argo"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
)

// Server is a running fake. It serves the Astra DevOps API (Langflow tenants
// under /v1 and /api/v1, organization users and roles under /v2) and the ARGO
// Web API admin endpoints (under /api/v2/admin) from one in-memory store.
// All methods are safe for concurrent use.
type Server struct {
	env half.Env
	// apis are the APIs the fake serves, in the order they are asked which
	// owns a request's path; the last owns every path the others do not.
	apis []half.API
	// loaders store a Fixture's part of each API, in fixture order.
	loaders []func(f *Fixture, creds *Credentials) error
	astra   *astra.API
	argo    *argo.API

	handler http.Handler
	http    *httptest.Server
	inproc  *inProcessRequests

	journal   *Journal
	faults    faultSet
	limiter   atomic.Pointer[rateLimiter] // nil: no rate limit (SetRateLimit changes it)
	observers []func(*http.Request, *http.Response)

	cfg     config       // for Load, which builds APIs like these
	control *control     // nil: the control API is off
	startMu sync.RWMutex // guards creds and initial, which Load replaces
	creds   Credentials
	initial *Snapshot // the state right after the fixture was loaded, for Reset

	closing   context.Context // done once Close begins
	stop      context.CancelFunc
	closeOnce sync.Once
}

// New builds a fake from opts, loads its fixture (WithFixture, or
// DefaultFixture) and starts it on a loopback port. Close stops it. New
// fails only on an invalid option or fixture, or when it cannot listen.
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Server{
		env:       half.Env{Clock: cfg.clock, IDs: ids.NewSource(cfg.seed, cfg.seeded)},
		inproc:    &inProcessRequests{},
		observers: cfg.observers,
	}
	s.journal = newJournal(cfg.journalCapacity, cfg.journalBodyLimit, s.operationOf)
	s.faults.seed, s.faults.seeded = cfg.seed, cfg.seeded
	if cfg.rateLimit > 0 {
		s.limiter.Store(newRateLimiter(cfg.rateLimit, cfg.rateBurst))
	}
	s.wire(&cfg)
	if cfg.fixture == nil {
		start := defaultStart()
		if start.err != nil {
			return nil, start.err // not reached: TestDefaultFixtureStartsEveryServer
		}
		s.restore(start.state)
		s.creds, s.initial = start.creds, start.state
	} else {
		creds, err := s.loadFixture(cfg.fixture)
		if err != nil {
			return nil, err
		}
		s.creds, s.initial = creds, s.Snapshot()
	}
	if err := s.faults.add(cfg.faults); err != nil {
		return nil, err
	}
	s.cfg = cfg
	if cfg.controlToken != "" {
		if s.opensAnAPI(cfg.controlToken) {
			return nil, errors.New("fakeserver: WithControlToken: the control token is one of the fixture's API credentials; choose another")
		}
		s.control = newControl(s, cfg.controlToken)
	}
	s.closing, s.stop = context.WithCancel(context.Background())
	s.handler = http.HandlerFunc(s.serve)

	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("fakeserver: listen on %s: %w", cfg.addr, err)
	}
	s.http = &httptest.Server{Listener: l, Config: &http.Server{Handler: s.handler}}
	s.http.Start()
	return s, nil
}

// wire builds the fake's APIs from cfg: the ARGO API owns /api/v2/admin,
// the Astra API the rest. This and the faces of each API (astra.go,
// argo.go) are the only places that name an API.
func (s *Server) wire(cfg *config) {
	s.astra = astra.New(s.env, cfg.astra)
	s.argo = argo.New(s.env, cfg.argo)
	s.apis = []half.API{s.argo, s.astra}
	s.loaders = []func(*Fixture, *Credentials) error{
		func(f *Fixture, c *Credentials) error { return loadAstraFixture(s.astra, f, c) },
		func(f *Fixture, c *Credentials) error { return loadArgoFixture(s.argo, f, c) },
	}
}

// start is the state a Server starts from and the credentials it holds.
type start struct {
	state *Snapshot
	creds Credentials
	err   error
}

// defaultStart is DefaultFixture loaded once per process, into APIs of its
// own. Every Server without WithFixture starts from that state, shared copy
// on write (each copies it at its first write), so a fresh fake loads
// nothing. DefaultFixture gives every ID and timestamp, so the state is the
// same whatever a Server's clock and seed.
var defaultStart = sync.OnceValue(func() start {
	cfg := defaultConfig()
	s := &Server{env: half.Env{Clock: cfg.clock, IDs: ids.NewSource(0, true)}}
	s.wire(&cfg)
	f := DefaultFixture()
	creds, err := s.loadFixture(&f)
	return start{state: s.Snapshot(), creds: creds, err: err}
})

// NewTest is New for tests: it fails tb at once if the fake cannot start,
// registers Close with tb.Cleanup, and reports misuse of the fake to tb
// (Journal.CallsTo with an operation openapi.yaml does not have).
func NewTest(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("fakeserver.NewTest: %v", err)
	}
	s.journal.tb = tb
	tb.Cleanup(s.Close)
	return s
}

// URL is the base URL of the loopback listener, such as
// "http://127.0.0.1:41234", with no trailing slash.
func (s *Server) URL() string { return s.http.URL }

// Handler is the fake as an http.Handler, for mounting it in a server of
// your own.
func (s *Server) Handler() http.Handler { return s.handler }

// Transport returns an http.RoundTripper that hands each request straight to
// the fake's handler, without sockets. Responses stream, so long lists are
// not buffered. After Close it fails every request.
func (s *Server) Transport() http.RoundTripper {
	return &inProcessTransport{handler: s.handler, track: s.inproc}
}

// Client returns an *http.Client that uses Transport. Requests may carry any
// host: routing looks only at the path and query, and the ARGO half builds
// its links.self URLs from the request's Host, as the real server does.
func (s *Server) Client() *http.Client { return &http.Client{Transport: s.Transport()} }

// Close stops the fake: it ends injected waits, cuts off in-process
// responses still streaming, stops the listener, and waits for every
// request in flight, over loopback or in process. It is safe to call more
// than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.stop()
		s.inproc.close()
		s.http.Close()
	})
}
