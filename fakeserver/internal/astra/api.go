package astra

import (
	"net/http"
	"net/url"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// API is the Astra DevOps API half of the fake: users, roles, the current
// organization and Langflow tenants. It is an http.Handler and a half.API;
// all its methods are safe for concurrent use.
type API struct {
	env   half.Env
	cfg   Config
	store *store
	send  wire.Sender
}

// contentTypeJSON is the Content-Type of every Astra JSON body.
const contentTypeJSON = "application/json"

var _ half.API = (*API)(nil)

// New returns an Astra API without organizations. cfg must come from
// DefaultConfig and its With methods.
func New(e half.Env, cfg Config) *API {
	return &API{env: e, cfg: cfg, store: newStore()}
}

// call is one request on its way through the checks.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	route  *route.Route[handler]
	op     *route.Op[handler]
	params route.Params
	token  *appToken
	body   []byte // read early only for Langflow create
	read   bool
	tooBig bool

	// The Langflow create body, decoded once (see langflowCreateBody).
	create        tenantCreateRequest
	createErr     *failure
	createDecoded bool
}

// ServeHTTP runs the checks in the decided order: route (404/405), token
// (401), Langflow header rules (400/403), permission (403); then the
// operation validates its input (400/413) and acts (404/409/…).
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := a.match(r)
	c := &call{w: w, r: r, route: m.route, op: m.op, params: m.params}
	if m.route == nil {
		a.fail(c, http.StatusNotFound, "not found")
		return
	}
	if m.op == nil {
		w.Header().Set("Allow", m.route.Allow)
		a.fail(c, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	token, ok := bearerToken(r)
	if !ok {
		a.fail(c, http.StatusUnauthorized, "Invalid token")
		return
	}
	tok, allowed := a.store.authorize(token, m.op.Permission)
	if tok == nil {
		a.fail(c, http.StatusUnauthorized, "Invalid token")
		return
	}
	c.token = tok
	if m.op.OrgHeader && !a.langflowHeaderRules(c) {
		return
	}
	if !allowed {
		a.fail(c, a.cfg.deniedStatus, "the token's roles do not grant the "+m.op.Permission+" permission")
		return
	}
	if m.op.Handler == nil { // not reached: TestEveryAstraOperationHasOneHandler
		a.fail(c, http.StatusInternalServerError, "fakeserver: no handler for "+string(m.op.ID))
		return
	}
	m.op.Handler(a, c)
}

// fail writes an error in the style configured for the call's endpoint.
func (a *API) fail(c *call, status int, msg string) {
	style := a.cfg.errorStyle
	if c.route != nil && c.route.Ops[0].Tag == rolesTag && a.cfg.roleStyleSet {
		style = a.cfg.roleErrorStyle
	}
	writeError(c.w, style, status, msg)
}

// failWith writes a store or validation error.
func (a *API) failWith(c *call, err *failure) { a.fail(c, err.status, err.msg) }

// now is the fake's clock reading.
func (a *API) now() time.Time { return a.env.Clock.Now() }

// Owns reports that the Astra API answers every path the ARGO API does not
// claim: an unknown path gets its 404.
func (a *API) Owns(string) bool { return true }

// Operation names the operation a request routes to.
func (a *API) Operation(method string, u *url.URL) tenantkit.Operation {
	if m := matchRoute(method, u.EscapedPath()); m.op != nil {
		return m.op.ID
	}
	return ""
}

// WriteError answers an injected status in the errors object, in the
// style configured for the request's endpoint.
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	a.fail(&call{w: w, r: r, route: a.match(r).route}, status, msg)
}

// Accepts reports whether token is one of the organizations' application
// tokens.
func (a *API) Accepts(token string) bool {
	t, _ := a.store.authorize(token, "")
	return t != nil
}

// Credential names the request's bearer token, if it has a well-formed one.
func (a *API) Credential(r *http.Request) string {
	if tok, ok := bearerToken(r); ok {
		return "bearer " + tok
	}
	return ""
}
