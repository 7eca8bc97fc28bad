package testkit

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Reply is a canned answer of a Stub.
type Reply struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// Body is the body, unless File is set.
	Body string
	// File names a file under the test's testdata directory ("argo/x.json")
	// whose bytes are the body.
	File string
	// ContentType is the Content-Type header; "" means the stub's default
	// for a non-empty body, and none for an empty one.
	ContentType string
}

// Request is one request a Stub received.
type Request struct {
	Method string
	// Path is the escaped path as sent, below the stub's base path (and,
	// for an ARGO stub, below /api/v2/admin).
	Path   string
	Query  string
	Header http.Header
	Body   string
}

// String returns "METHOD /path".
func (r Request) String() string { return r.Method + " " + r.Path }

// Describe returns the request on one line, for a test to compare whole:
// "METHOD /path", the query after "?" if any, then "| Name: value" for each
// header named that the request carried, then "| " and the body if any.
func (r Request) Describe(headers ...string) string {
	var b strings.Builder
	b.WriteString(r.String())
	if r.Query != "" {
		b.WriteString("?" + r.Query)
	}
	for _, h := range headers {
		if vs := r.Header.Values(h); len(vs) > 0 {
			b.WriteString(" | " + http.CanonicalHeaderKey(h) + ": " + strings.Join(vs, ", "))
		}
	}
	if r.Body != "" {
		b.WriteString(" | " + r.Body)
	}
	return b.String()
}

// Stub is a loopback HTTP server that answers canned replies, chosen by
// "METHOD /path", and records every request. It is mounted under a
// non-empty base path (go-github's rule), so a client that builds an
// absolute path instead of one under its base URL misses every route.
type Stub struct {
	// URL is the base URL to give a client: the server's address and the
	// base path.
	URL string

	trim        string // what is cut from the path before routing
	routes      map[string]Reply
	otherwise   func(key string) Reply
	contentType string

	mu       sync.Mutex
	requests []Request
}

// NewAstraStub starts a stub for the Astra DevOps API under /base: routes
// are keyed by method and path ("GET /v2/organizations/users"); anything
// else gets a 404 with an Astra error body naming the request. Bodies
// default to Content-Type application/json. The stub closes when the test
// ends.
func NewAstraStub(tb testing.TB, routes map[string]Reply) *Stub {
	tb.Helper()
	return startStub(tb, "/base", "", routes, "application/json", func(key string) Reply {
		return Reply{Status: http.StatusNotFound, Body: `{"errors":[{"ID":1404,"message":"no stub for ` + key + `"}]}`}
	})
}

// NewArgoStub starts a stub for the ARGO admin API behind a proxy path
// (/argo-proxy): routes are keyed by method and path below /api/v2/admin
// ("GET /tenants"); anything else gets the server's plain-text
// "404 page not found". Bodies default to Content-Type
// "application/json; charset=utf-8", as the server sends them. The stub
// closes when the test ends.
func NewArgoStub(tb testing.TB, routes map[string]Reply) *Stub {
	tb.Helper()
	return startStub(tb, "/argo-proxy", "/api/v2/admin", routes, "application/json; charset=utf-8", func(string) Reply {
		return Reply{Status: http.StatusNotFound, Body: "404 page not found\n", ContentType: "text/plain; charset=utf-8"}
	})
}

// NewAnswerStub starts a stub under /base that answers every request with
// reply (Content-Type application/json by default), for tests of what a
// client makes of one answer whatever it asks.
func NewAnswerStub(tb testing.TB, reply Reply) *Stub {
	tb.Helper()
	return startStub(tb, "/base", "", nil, "application/json", func(string) Reply { return reply })
}

func startStub(tb testing.TB, base, trim string, routes map[string]Reply, contentType string, otherwise func(string) Reply) *Stub {
	tb.Helper()
	s := &Stub{trim: base + trim, routes: make(map[string]Reply, len(routes)), contentType: contentType}
	for key, r := range routes {
		s.routes[key] = loadReply(tb, r)
	}
	s.otherwise = func(key string) Reply { return loadReply(tb, otherwise(key)) }
	srv := httptest.NewServer(s)
	tb.Cleanup(srv.Close)
	s.URL = srv.URL + base
	return s
}

// loadReply reads a reply's file into its body.
func loadReply(tb testing.TB, r Reply) Reply {
	if r.File != "" {
		b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(r.File)))
		if err != nil {
			tb.Errorf("testkit: stub reply: %v", err)
		}
		r.Body = string(b)
	}
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	return r
}

// ServeHTTP records the request and writes its canned reply.
func (s *Stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path, under := strings.CutPrefix(r.URL.EscapedPath(), s.trim)
	key := r.Method + " " + path
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(body)})
	s.mu.Unlock()
	reply, routed := s.routes[key]
	if !routed || !under {
		reply = s.otherwise(key)
	}
	ct := reply.ContentType
	if ct == "" && reply.Body != "" {
		ct = s.contentType
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(reply.Status)
	_, _ = io.WriteString(w, reply.Body)
}

// Requests returns the requests received so far, in order.
func (s *Stub) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Lines returns "METHOD /path" for each request received so far.
func (s *Stub) Lines() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.String())
	}
	return out
}

// Describe returns Request.Describe(headers...) of each request received
// so far.
func (s *Stub) Describe(headers ...string) []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Describe(headers...))
	}
	return out
}

// Bodies returns the body of each request received so far.
func (s *Stub) Bodies() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Body)
	}
	return out
}

// WantJSONBody fails the test unless r carried JSON equal to want as a
// value (key order and spacing aside), labelled application/json.
func WantJSONBody(tb testing.TB, r Request, want []byte) {
	tb.Helper()
	if diff := DiffJSON(want, []byte(r.Body)); diff != "" {
		tb.Errorf("%s body (-want +sent):\n%s", r, diff)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		tb.Errorf("%s: Content-Type %q, want application/json", r, ct)
	}
}
