package argo

// The request pipeline in the real server's order (clean path → route →
// OPTIONS → 401 → 403 → 406 → handler) and the plumbing the handlers share.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// timeLayout is how the real server writes info.created/updated.
const timeLayout = "2006-01-02 15:04:05"

// API is the ARGO Web API admin half of the fake: everything under
// /api/v2/admin. It is an http.Handler and a half.API; all its methods are
// safe for concurrent use.
type API struct {
	env       half.Env
	store     *store
	admins    *adminKeys
	allowed   roleMasks
	bodyLimit int64
	errs      *errorBodies
	msgs      *messageBodies
	send      wire.Sender
}

var _ half.API = (*API)(nil)

// New returns an ARGO API with no admin keys and no tenants. cfg must come
// from DefaultConfig and its With methods. What every API reads and never
// changes (routes, error bodies, the default roles table) is built once
// per process and shared.
func New(e half.Env, cfg Config) *API {
	allowed := defaultRoleMasks()
	if cfg.RouteRoles != nil {
		allowed, _ = CompileRouteRoles(cfg.RouteRoles) // checked by Config.WithRouteRoles
	}
	return &API{
		env:       e,
		store:     newStore(e.IDs),
		admins:    newAdminKeys(),
		allowed:   allowed,
		bodyLimit: cfg.BodyLimit,
		errs:      fixedErrorBodies(),
		msgs:      fixedMessageBodies(),
	}
}

// request is one authenticated, routed request.
type request struct {
	r       *http.Request
	params  route.Params // {ID} (a tenant's, but a user's on users:byID), then {USER_ID}
	flavour Flavour
	asXML   bool   // Accept is application/xml: error bodies in XML
	ctype   string // the response Content-Type: Accept + "; charset=utf-8"
}

// ServeHTTP runs the real server's pipeline: clean path (redirect.go),
// route, OPTIONS, 401, 403, 406, then the operation's handler.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if redirect(w, r) {
		return
	}
	m, ok := matchRoute(r.Method, r.URL.Path)
	if !ok {
		writeNotFound(w)
		return
	}
	if m.options {
		writeOptions(w)
		return
	}
	accept := r.Header.Get("Accept")
	// By value: the handler is called through a func value, which a
	// pointer would escape through, costing an allocation per request.
	q := request{r: r, params: m.params, asXML: accept == acceptXML, ctype: contentTypeJSON}
	if q.asXML {
		q.ctype = contentTypeXML
	}
	f, ok := a.admins.lookup(r.Header.Get("X-Api-Key"))
	if !ok {
		a.fail(w, &q, errUnauthorized)
		return
	}
	if !a.allowed.permits(m.op, f) {
		a.fail(w, &q, errForbidden)
		return
	}
	if accept != acceptJSON && accept != acceptXML {
		wire.Write(w, http.StatusNotAcceptable, contentTypeJSON, a.errs[errNotAcceptable][0])
		return
	}
	q.flavour = f
	if m.op.Handler == nil { // not reached: TestEveryOperationHasOneHandler
		http.Error(w, "fakeserver: no handler for "+string(m.op.ID), http.StatusInternalServerError)
		return
	}
	m.op.Handler(a, w, q)
}

// Owns reports whether p is under /api/v2/admin.
func (a *API) Owns(p string) bool {
	prefix := Prefix()
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

// Operation names the operation a request routes to: none for an unclean
// path (it is redirected) or OPTIONS.
func (a *API) Operation(method string, u *url.URL) tenantkit.Operation {
	p := u.Path
	if cleanPath(p) != p {
		return ""
	}
	m, ok := matchRoute(method, p)
	if !ok || m.options {
		return ""
	}
	return m.op.ID
}

// WriteError answers an injected status with the envelope the real server
// sends for a 500: the status and a one-element errors array, always JSON.
func (a *API) WriteError(w http.ResponseWriter, _ *http.Request, status int, msg string) {
	title := http.StatusText(status)
	if title == "" {
		title = msg
	}
	wire.Write(w, status, contentTypeJSON, errorWithDetails(title, status, msg).render(false))
}

// Accepts reports whether key is an admin key of any flavour.
func (a *API) Accepts(key string) bool {
	_, ok := a.admins.lookup(key)
	return ok
}

// Credential names the request's x-api-key, if it has one.
func (a *API) Credential(r *http.Request) string {
	if key := r.Header.Get("X-Api-Key"); key != "" {
		return "key " + key
	}
	return ""
}

// now is the real server's timestamp, from the injected clock, in UTC.
func (a *API) now() string { return a.env.Clock.Now().UTC().Format(timeLayout) }

// decode reads the body (up to the size limit, as the real server's
// io.LimitReader does) and unmarshals it into v with encoding/json, so
// exactly the bodies the real server rejects are rejected: malformed JSON,
// JSON type mismatches, trailing data, an empty body. A body that cannot be
// read counts as malformed.
func (a *API) decode(r *http.Request, v any) bool {
	body, err := wire.ReadBody(r, a.bodyLimit)
	if err != nil {
		return false
	}
	return json.Unmarshal(body, v) == nil
}

// fail sends a fixed error body in the form Accept asks for.
func (a *API) fail(w http.ResponseWriter, q *request, e fixedError) {
	form := 0
	if q.asXML {
		form = 1
	}
	wire.Write(w, e.status(), q.ctype, a.errs[e][form])
}

// failOutcome sends the error body for a store failure.
func (a *API) failOutcome(w http.ResponseWriter, q *request, out outcome) {
	switch out.fail {
	case failNoTenant:
		a.fail(w, q, errTenantNotFound)
	case failNoUser:
		a.fail(w, q, errUserNotFound)
	case failNameTaken:
		a.fail(w, q, errNameTaken)
	default:
		wire.Write(w, http.StatusConflict, q.ctype, keyTakenBody(out.key, q.asXML))
	}
}

// ok sends a success body. It is JSON even when Accept asks for XML; only
// the Content-Type follows Accept, as in the real server.
func (a *API) ok(w http.ResponseWriter, q *request, status int, body []byte) {
	wire.Write(w, status, q.ctype, body)
}

// reply sends buf, a success body, and recycles it. It is JSON even when
// Accept asks for XML; only the Content-Type follows Accept, as in the real
// server.
func (a *API) reply(w http.ResponseWriter, q *request, status int, buf *wire.Buffer) {
	a.send.Reply(w, status, q.ctype, buf)
}

// replyStream sends a success body that may be long (a list), with its
// Content-Length, as the real server sends every body.
func (a *API) replyStream(w http.ResponseWriter, q *request, status int, render wire.Render) {
	a.send.Stream(w, status, q.ctype, wire.Exact, render)
}

// selfLink is the real server's links.self: always https, the request's
// Host, its path, then the new ID.
func selfLink(r *http.Request, id string) string {
	return createdLinkScheme + r.Host + r.URL.Path + "/" + id
}
