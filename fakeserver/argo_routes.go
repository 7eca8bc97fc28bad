package fakeserver

// ARGO routing, as gorilla/mux routes the real server, from the operation
// registry (openapi.yaml): exact methods and paths (no trailing-slash
// tolerance, no 405), {ID} segments of one or more characters other than
// '/', matched on the decoded path, and unclean paths redirected to their
// clean form before any matching.

import (
	"net/http"
	"net/url"
	"path"
	"sync"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// argoHandler serves one operation after authentication, authorization
// and the Accept check.
type argoHandler func(a *argoAPI, w http.ResponseWriter, q *argoRequest)

// argoHandlers registers the handler of every ARGO operation.
func argoHandlers() map[tenantkit.Operation]argoHandler {
	return map[tenantkit.Operation]argoHandler{
		tenantkit.OpArgoListTenants:           (*argoAPI).listTenants,
		tenantkit.OpArgoCreateTenant:          (*argoAPI).createTenant,
		tenantkit.OpArgoGetTenant:             (*argoAPI).getTenant,
		tenantkit.OpArgoUpdateTenant:          (*argoAPI).updateTenant,
		tenantkit.OpArgoDeleteTenant:          (*argoAPI).deleteTenant,
		tenantkit.OpArgoGetTenantStatus:       (*argoAPI).getStatus,
		tenantkit.OpArgoUpdateTenantStatus:    (*argoAPI).updateStatus,
		tenantkit.OpArgoListTenantUsers:       (*argoAPI).listUsers,
		tenantkit.OpArgoCreateTenantUser:      (*argoAPI).createUser,
		tenantkit.OpArgoGetTenantUser:         (*argoAPI).getUser,
		tenantkit.OpArgoUpdateTenantUser:      (*argoAPI).updateUser,
		tenantkit.OpArgoDeleteTenantUser:      (*argoAPI).deleteUser,
		tenantkit.OpArgoRenewTenantUserAPIKey: (*argoAPI).renewKey,
		tenantkit.OpArgoGetUserByID:           (*argoAPI).userByID,
	}
}

// argoRoutes is the routing table, built once per process from the
// registry: it is immutable, and every Server shares it. A handler missing
// from argoHandlers fails TestEveryArgoOperationHasOneHandler; at run time
// its operation answers 500.
var argoRoutes = sync.OnceValue(func() *route.Table[argoHandler] {
	table, _ := route.Build(tenantkit.APIArgo, argoHandlers())
	return table
})

// argoMatch is the outcome of routing one request.
type argoMatch struct {
	op      *route.Op[argoHandler]
	options bool // a tenants.options route: 200, no auth
	params  route.Params
}

// matchArgo routes method and the decoded, clean path p. ok is false when
// nothing matches: the real server's 404, for an unknown path and for a
// known path with another method alike.
func matchArgo(method, p string) (m argoMatch, ok bool) {
	var dst [route.MaxSegments]string
	segs, ok := route.Split(p, &dst)
	if !ok {
		return m, false
	}
	rt, params := argoRoutes().Match(segs)
	if rt == nil {
		return m, false
	}
	m.params = params
	if method == http.MethodOptions {
		m.options = rt.Ops[0].ArgoOptions
		return m, m.options
	}
	m.op = rt.Method(method)
	return m, m.op != nil
}

// argoCleanPath is gorilla/mux's cleanPath: path.Clean, keeping a trailing
// slash.
func argoCleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// writeArgoRedirect answers an unclean path as gorilla/mux does: 301 to
// the clean path, query kept, empty body.
func writeArgoRedirect(w http.ResponseWriter, r *http.Request, clean string) {
	u := url.URL{Path: clean, RawQuery: r.URL.RawQuery}
	h := w.Header()
	h.Set("Location", u.String())
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusMovedPermanently)
}

// writeArgoNotFound is the real server's answer to an unrouted request
// (wrong method included): Go's http.NotFound.
func writeArgoNotFound(w http.ResponseWriter) {
	const body = "404 page not found\n"
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", "19")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(body))
}

// writeArgoOptions answers the tenants.options routes: no key, no Accept
// needed.
func writeArgoOptions(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Allow", "GET,POST,PUT,DELETE,OPTIONS")
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}
