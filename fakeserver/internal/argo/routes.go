package argo

// ARGO routing, as gorilla/mux routes the real server, from the operation
// registry (openapi.yaml): exact methods and paths (no trailing-slash
// tolerance, no 405), {ID} segments of one or more characters other than
// '/', matched on the decoded path, and unclean paths redirected to their
// clean form before any matching.

import (
	"net/http"
	"strings"
	"sync"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// handler serves one operation after authentication, authorization
// and the Accept check.
type handler func(a *API, w http.ResponseWriter, q request)

// handlers registers the handler of every ARGO operation.
func handlers() map[tenantkit.Operation]handler {
	return map[tenantkit.Operation]handler{
		tenantkit.OpArgoListTenants:           (*API).listTenants,
		tenantkit.OpArgoCreateTenant:          (*API).createTenant,
		tenantkit.OpArgoGetTenant:             (*API).getTenant,
		tenantkit.OpArgoUpdateTenant:          (*API).updateTenant,
		tenantkit.OpArgoDeleteTenant:          (*API).deleteTenant,
		tenantkit.OpArgoGetTenantStatus:       (*API).getStatus,
		tenantkit.OpArgoUpdateTenantStatus:    (*API).updateStatus,
		tenantkit.OpArgoListTenantUsers:       (*API).listUsers,
		tenantkit.OpArgoCreateTenantUser:      (*API).createUser,
		tenantkit.OpArgoGetTenantUser:         (*API).getUser,
		tenantkit.OpArgoUpdateTenantUser:      (*API).updateUser,
		tenantkit.OpArgoDeleteTenantUser:      (*API).deleteUser,
		tenantkit.OpArgoRenewTenantUserAPIKey: (*API).renewKey,
		tenantkit.OpArgoGetUserByID:           (*API).userByID,
	}
}

// routes is the routing table, built once per process from the registry.
var routes = route.Once(tenantkit.APIArgo, handlers)

// Prefix is where the ARGO admin routes live, "/api/v2/admin": the path
// every ARGO operation's template starts with, up to its last common
// segment.
var Prefix = sync.OnceValue(func() string {
	var common []string
	for i, op := range routes().Ops {
		segs := strings.Split(op.Path, "/")
		if i == 0 {
			common = segs
			continue
		}
		n := 0
		for n < len(common) && n < len(segs) && common[n] == segs[n] {
			n++
		}
		common = common[:n]
	}
	return strings.Join(common, "/")
})

// routeMatch is the outcome of routing one request.
type routeMatch struct {
	op      *route.Op[handler]
	options bool // a tenants.options route: 200, no auth
	params  route.Params
}

// matchRoute routes method and the decoded, clean path p. ok is false when
// nothing matches: the real server's 404, for an unknown path and for a
// known path with another method alike.
func matchRoute(method, p string) (m routeMatch, ok bool) {
	var dst [route.MaxSegments]string
	segs, ok := route.Split(p, &dst)
	if !ok {
		return m, false
	}
	rt, params := routes().Match(segs)
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

// writeNotFound is the real server's answer to an unrouted request
// (wrong method included): Go's http.NotFound.
func writeNotFound(w http.ResponseWriter) {
	const body = "404 page not found\n"
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", "19")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(body))
}

// writeOptions answers the tenants.options routes: no key, no Accept
// needed.
func writeOptions(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Allow", "GET,POST,PUT,DELETE,OPTIONS")
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}
