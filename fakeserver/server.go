package fakeserver

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Server is a running fake. It serves the Astra DevOps API (Langflow tenants
// under /v1 and /api/v1, organization users and roles under /v2) and the ARGO
// Web API admin endpoints (under /api/v2/admin) from one in-memory store.
// All methods are safe for concurrent use.
type Server struct {
	env     *env
	astra   *astraAPI
	argo    *argoAPI
	handler http.Handler
	http    *httptest.Server

	closeOnce sync.Once
}

// env is what both API halves share: the clock and the ID generator.
type env struct {
	clock Clock
	ids   *idSource
}

// New builds a fake from opts and starts it on a loopback port. Close stops
// it. New fails only on an invalid option or when it cannot listen.
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	e := &env{clock: cfg.clock, ids: newIDSource(cfg.seed, cfg.seeded)}
	s := &Server{env: e}
	s.astra = newAstraAPI(e, cfg.astra)
	s.argo = newArgoAPI(e, cfg.argo)
	s.handler = s.routes()

	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("fakeserver: listen on %s: %w", cfg.addr, err)
	}
	s.http = &httptest.Server{Listener: l, Config: &http.Server{Handler: s.handler}}
	s.http.Start()
	return s, nil
}

// NewTest is New for tests: it fails tb at once if the fake cannot start and
// registers Close with tb.Cleanup.
func NewTest(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("fakeserver.NewTest: %v", err)
	}
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
// not buffered.
func (s *Server) Transport() http.RoundTripper { return &inProcessTransport{handler: s.handler} }

// Client returns an *http.Client that uses Transport. Requests may carry any
// host: routing looks only at the path and query, and the ARGO half builds
// its links.self URLs from the request's Host, as the real server does.
func (s *Server) Client() *http.Client { return &http.Client{Transport: s.Transport()} }

// Close stops the listener and waits for requests in flight over it. It is
// safe to call more than once.
func (s *Server) Close() {
	s.closeOnce.Do(s.http.Close)
}
