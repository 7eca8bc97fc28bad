package fakeserver

// The ARGO Web API admin half of the fake: the request pipeline in the real
// server's order (clean path → route → OPTIONS → 401 → 403 → 406 → handler)
// and the plumbing the handlers share.

import (
	"encoding/json"
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// argoTimeLayout is how the real server writes info.created/updated.
const argoTimeLayout = "2006-01-02 15:04:05"

// argoAPI serves everything under /api/v2/admin.
type argoAPI struct {
	env       *env
	store     *argoStore
	admins    *argoAdminKeys
	allowed   argoAllowed
	bodyLimit int64
	errs      *argoErrorBodies
	msgs      argoMessageBodies
	send      wire.Sender
}

func newArgoAPI(e *env, cfg argoConfig) *argoAPI {
	table := cfg.routeRoles
	if table == nil {
		table = ArgoDefaultRouteRoles()
	}
	// WithArgoRouteRoles has checked the table; the default is valid.
	allowed, _ := compileArgoRouteRoles(table)
	return &argoAPI{
		env:       e,
		store:     newArgoStore(e.ids),
		admins:    newArgoAdminKeys(),
		allowed:   allowed,
		bodyLimit: cfg.bodyLimit,
		errs:      newArgoErrorBodies(),
		msgs:      newArgoMessageBodies(),
	}
}

// argoRequest is one authenticated, routed request.
type argoRequest struct {
	r       *http.Request
	params  route.Params // {ID} (a tenant's, but a user's on users:byID), then {USER_ID}
	flavour ArgoAdminFlavour
	asXML   bool   // Accept is application/xml: error bodies in XML
	ctype   string // the response Content-Type: Accept + "; charset=utf-8"
}

func (a *argoAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if clean := argoCleanPath(r.URL.Path); clean != r.URL.Path {
		writeArgoRedirect(w, r, clean)
		return
	}
	m, ok := matchArgo(r.Method, r.URL.Path)
	if !ok {
		writeArgoNotFound(w)
		return
	}
	if m.options {
		writeArgoOptions(w)
		return
	}
	accept := r.Header.Get("Accept")
	q := &argoRequest{r: r, params: m.params, asXML: accept == argoAcceptXML, ctype: argoContentTypeJSON}
	if q.asXML {
		q.ctype = argoContentTypeXML
	}
	f, ok := a.admins.lookup(r.Header.Get("X-Api-Key"))
	if !ok {
		a.fail(w, q, argoErrUnauthorized)
		return
	}
	if !a.allowed.permits(m.op, f) {
		a.fail(w, q, argoErrForbidden)
		return
	}
	if accept != argoAcceptJSON && accept != argoAcceptXML {
		wire.Write(w, http.StatusNotAcceptable, argoContentTypeJSON, a.errs[argoErrNotAcceptable][0])
		return
	}
	q.flavour = f
	if m.op.Handler == nil { // not reached: TestEveryArgoOperationHasOneHandler
		http.Error(w, "fakeserver: no handler for "+string(m.op.ID), http.StatusInternalServerError)
		return
	}
	m.op.Handler(a, w, q)
}

// now is the real server's timestamp, from the injected clock, in UTC.
func (a *argoAPI) now() string { return a.env.clock.Now().UTC().Format(argoTimeLayout) }

// decode reads the body (up to the size limit, as the real server's
// io.LimitReader does) and unmarshals it into v with encoding/json, so
// exactly the bodies the real server rejects are rejected: malformed JSON,
// JSON type mismatches, trailing data, an empty body. A body that cannot be
// read counts as malformed.
func (a *argoAPI) decode(r *http.Request, v any) bool {
	body, err := wire.ReadBody(r, a.bodyLimit)
	if err != nil {
		return false
	}
	return json.Unmarshal(body, v) == nil
}

// fail sends a fixed error body in the form Accept asks for.
func (a *argoAPI) fail(w http.ResponseWriter, q *argoRequest, e argoError) {
	form := 0
	if q.asXML {
		form = 1
	}
	wire.Write(w, e.status(), q.ctype, a.errs[e][form])
}

// failOutcome sends the error body for a store failure.
func (a *argoAPI) failOutcome(w http.ResponseWriter, q *argoRequest, out argoOutcome) {
	switch out.fail {
	case argoNoTenant:
		a.fail(w, q, argoErrTenantNotFound)
	case argoNoUser:
		a.fail(w, q, argoErrUserNotFound)
	case argoNameTaken:
		a.fail(w, q, argoErrNameTaken)
	default:
		wire.Write(w, http.StatusConflict, q.ctype, argoKeyTakenBody(out.key, q.asXML))
	}
}

// ok sends a success body. It is JSON even when Accept asks for XML; only
// the Content-Type follows Accept, as in the real server.
func (a *argoAPI) ok(w http.ResponseWriter, q *argoRequest, status int, body []byte) {
	wire.Write(w, status, q.ctype, body)
}

// reply sends buf, a success body, and recycles it. It is JSON even when
// Accept asks for XML; only the Content-Type follows Accept, as in the real
// server.
func (a *argoAPI) reply(w http.ResponseWriter, q *argoRequest, status int, buf *wire.Buffer) {
	a.send.Reply(w, status, q.ctype, buf)
}

// replyStream sends a success body that may be long (a list), with its
// Content-Length, as the real server sends every body.
func (a *argoAPI) replyStream(w http.ResponseWriter, q *argoRequest, status int, render wire.Render) {
	a.send.Stream(w, status, q.ctype, wire.Exact, render)
}

// argoSelfLink is the real server's links.self: always https, the request's
// Host, its path, then the new ID.
func argoSelfLink(r *http.Request, id string) string {
	return argoCreatedLinkScheme + r.Host + r.URL.Path + "/" + id
}
