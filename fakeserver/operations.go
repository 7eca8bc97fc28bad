package fakeserver

import (
	"net/http"
	"net/url"
	"slices"
)

// Every request the fake routes belongs to one operation of openapi.yaml,
// named by its operationId. Fault rules match on it and the journal records
// it, so a test speaks of "the calls to createLangflowTenant" rather than of
// paths. The IDs live next to the routes (astraRoutes, argoRoute.operationID)
// so they cannot drift from what is served.

// operationID is the operationId of an ARGO admin route.
func (r argoRoute) operationID() string {
	switch r {
	case argoRouteList:
		return "argoListTenants"
	case argoRouteCreate:
		return "argoCreateTenant"
	case argoRouteGet:
		return "argoGetTenant"
	case argoRouteUpdate:
		return "argoUpdateTenant"
	case argoRouteDelete:
		return "argoDeleteTenant"
	case argoRouteGetStatus:
		return "argoGetTenantStatus"
	case argoRouteUpdateStatus:
		return "argoUpdateTenantStatus"
	case argoRouteListUsers:
		return "argoListTenantUsers"
	case argoRouteCreateUser:
		return "argoCreateTenantUser"
	case argoRouteGetUser:
		return "argoGetTenantUser"
	case argoRouteUpdateUser:
		return "argoUpdateTenantUser"
	case argoRouteDeleteUser:
		return "argoDeleteTenantUser"
	case argoRouteRenewKey:
		return "argoRenewTenantUserAPIKey"
	case argoRouteUserByID:
		return "argoGetUserByID"
	}
	return ""
}

// operation returns the operationId the request is routed to, or "" when
// it reaches no operation (an unknown path, a wrong method, an ARGO
// redirect or OPTIONS request).
func (s *Server) operation(r *http.Request) string { return s.operationOf(r.Method, r.URL) }

// operationOf is operation for a method and a request URL.
func (s *Server) operationOf(method string, u *url.URL) string {
	p := u.Path
	if isArgoPath(p) {
		if argoCleanPath(p) != p {
			return ""
		}
		m, ok := matchArgoRoute(method, p)
		if !ok || m.options {
			return ""
		}
		return m.route.operationID()
	}
	if m := s.astra.matchPath(method, u.EscapedPath()); m.op != nil {
		return m.op.id
	}
	return ""
}

// Operations returns the operationIds the fake serves, sorted: the names
// fault rules (Fault.Operation) and the journal (Call.Operation) use.
func Operations() []string {
	var ids []string
	for _, rt := range astraRoutes() {
		for _, op := range rt.ops {
			ids = append(ids, op.id)
		}
	}
	for r := argoRoute(1); r < argoRouteCount; r++ {
		ids = append(ids, r.operationID())
	}
	slices.Sort(ids)
	return ids
}

// knownOperation reports whether id is one of Operations.
func knownOperation(id string) bool { return slices.Contains(Operations(), id) }
