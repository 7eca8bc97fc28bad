package fakeserver

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// The control API steers a running fake from outside its process: the
// same instrument a Go test has in process (reset, snapshots, fixtures,
// faults, rate limit, journal, events, clock), as JSON over HTTP under
// ControlPrefix on the fake's own listener, plus the inspector page. It
// is off unless WithControlToken is given; cmd/fakeserver always turns it
// on. Its OpenAPI document is controlapi.yaml beside this file, served at
// ControlPrefix + "api/openapi.yaml".
//
// Every control request needs the control token, as
// "Authorization: Bearer <token>" or as the cookie the inspector URL sets;
// the APIs' credentials never open it, and the control token never opens
// the APIs (it is not one of their credentials). Control requests are not
// API calls: they are not journaled, rate-limited or faulted.

// ControlPrefix is the path under which the control API and the inspector
// page are served. Neither real API has a path under it.
const ControlPrefix = "/__tenantkit/"

// controlCookie carries the control token for the inspector page, set by
// the inspector URL.
const controlCookie = "tenantkit_control"

// WithControlToken turns the control API and the inspector page on, under
// ControlPrefix, open to requests that carry token. The token must be at
// least 16 characters of printable ASCII without spaces, and must not be
// a credential of either API. Without this option the prefix is an
// ordinary path of the Astra API, which answers 404.
func WithControlToken(token string) Option {
	return func(cfg *config) error {
		if err := checkControlToken(token); err != nil {
			return fmt.Errorf("fakeserver: WithControlToken: %w", err)
		}
		cfg.controlToken = token
		return nil
	}
}

func checkControlToken(token string) error {
	if len(token) < 16 {
		return errors.New("the token must be at least 16 characters long")
	}
	for _, c := range token {
		if c <= ' ' || c > '~' {
			return errors.New("the token must be printable ASCII without spaces")
		}
	}
	return nil
}

// InspectorURL is the URL that opens the inspector page in a browser, the
// control token included as a query parameter that the page exchanges
// for a cookie at once; "" when the control API is off (see
// WithControlToken).
func (s *Server) InspectorURL() string {
	if s.control == nil {
		return ""
	}
	return s.URL() + ControlPrefix + "?token=" + url.QueryEscape(s.control.token)
}

// control is the control API of one Server.
type control struct {
	s       *Server
	token   string
	handler http.Handler

	mu        sync.Mutex
	snapshots map[string]*Snapshot
}

// maxNamedSnapshots bounds the snapshots the control API keeps.
const maxNamedSnapshots = 256

func newControl(s *Server, token string) *control {
	c := &control{s: s, token: token, snapshots: make(map[string]*Snapshot)}
	mux := http.NewServeMux()
	c.routes(mux)
	s.inspectorRoutes(mux)
	c.handler = c.authorize(mux)
	return c
}

// serveControl serves the control API when it is on and the request is
// under its prefix (or is the prefix without its final slash, which it
// redirects), and reports whether it did.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) bool {
	if s.control == nil {
		return false
	}
	if r.URL.Path+"/" == ControlPrefix {
		// The prefix typed without its slash (perhaps with ?token=): it
		// goes to the page, never to an API's journal.
		u := url.URL{Path: ControlPrefix, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.RequestURI(), http.StatusPermanentRedirect)
		return true
	}
	if !strings.HasPrefix(r.URL.Path, ControlPrefix) {
		return false
	}
	defer recoverHandler(w)
	s.control.handler.ServeHTTP(w, r)
	return true
}

// authorize lets through requests that carry the token. A GET of a page
// with ?token= sets the cookie and redirects to the same URL without it,
// so the token leaves the address bar and the history.
func (c *control) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if q := r.URL.Query(); q.Has("token") && r.Method == http.MethodGet {
			if !c.matches(q.Get("token")) {
				c.refuse(w, r)
				return
			}
			http.SetCookie(w, &http.Cookie{
				Name: controlCookie, Value: c.token, Path: ControlPrefix,
				HttpOnly: true, SameSite: http.SameSiteStrictMode,
			})
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if !c.allowed(r) {
			c.refuse(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowed reports whether r carries the control token, as a bearer token
// or the cookie.
func (c *control) allowed(r *http.Request) bool {
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, token, ok := strings.Cut(auth, " ")
		return ok && strings.EqualFold(scheme, "Bearer") && c.matches(strings.TrimSpace(token))
	}
	if ck, err := r.Cookie(controlCookie); err == nil {
		return c.matches(ck.Value)
	}
	return false
}

func (c *control) matches(token string) bool {
	return subtle.ConstantTimeCompare([]byte(token), []byte(c.token)) == 1
}

// refuse answers 401: JSON under the API, a short page elsewhere.
func (c *control) refuse(w http.ResponseWriter, r *http.Request) {
	const msg = "the control API needs the control token: send \"Authorization: Bearer <token>\", or open the inspector URL the fake printed (TENANTKIT_FAKE_INSPECTOR_URL)"
	w.Header().Set("WWW-Authenticate", `Bearer realm="tenantkit fake control"`)
	if strings.HasPrefix(r.URL.Path, controlAPIPrefix) {
		writeControlError(w, http.StatusUnauthorized, msg)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	fmt.Fprintf(w, "<!doctype html><title>tenantkit fake: token needed</title><p>%s</p>\n", strings.ReplaceAll(msg, "<token>", "&lt;token&gt;"))
}
