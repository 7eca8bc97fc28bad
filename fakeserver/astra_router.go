package fakeserver

import (
	"net/http"
	"net/url"
	"strings"
)

// The Astra router matches the escaped path segment by segment, so an
// escaped slash (%2F) stays inside its segment, and unknown paths and wrong
// methods get Astra error bodies rather than net/http's plain-text ones.

// astraHandler serves one operation after the checks common to all of them.
type astraHandler func(a *astraAPI, c *astraCall)

// astraOp is one method on one path.
type astraOp struct {
	method  string
	id      string // the operationId in openapi.yaml
	action  string // the permission required; "" for any valid token
	handler astraHandler
}

// astraRoute is one path pattern; segments starting with '{' are
// parameters, which match any non-empty segment.
type astraRoute struct {
	pattern   []string
	langflow  bool // the Langflow header rules apply
	orgInBody bool // the Langflow org is the body's org_id, not a path parameter
	roles     bool // a role endpoint (for WithRoleErrorStyle)
	ops       []astraOp
	allow     string // the Allow header for 405
}

// maxPathParams is the most parameters any route has.
const maxPathParams = 2

// astraRoutes is the routing table. Langflow paths are written without the
// leading "api" segment; match strips it.
func astraRoutes() []astraRoute {
	routes := []astraRoute{
		{pattern: []string{"v2", "currentOrg"}, ops: []astraOp{
			{http.MethodGet, "getCurrentOrganization", "", (*astraAPI).currentOrg},
		}},
		{pattern: []string{"v2", "organizations", "users"}, ops: []astraOp{
			{http.MethodGet, "getOrganizationUsers", actOrgUserRead, (*astraAPI).listUsers},
			{http.MethodPut, "inviteUserToOrganization", actOrgUserWrite, (*astraAPI).inviteUser},
		}},
		{pattern: []string{"v2", "organizations", "users", "{userID}"}, ops: []astraOp{
			{http.MethodGet, "getOrganizationUser", actOrgUserRead, (*astraAPI).getUser},
			{http.MethodDelete, "removeUserFromOrganization", actOrgUserWrite, (*astraAPI).removeUser},
		}},
		{pattern: []string{"v2", "organizations", "users", "{userID}", "roles"}, ops: []astraOp{
			{http.MethodPut, "UpdateRolesForUserInOrganization", actOrgUserWrite, (*astraAPI).setUserRoles},
		}},
		{pattern: []string{"v2", "organizations", "roles"}, roles: true, ops: []astraOp{
			{http.MethodGet, "getOrganizationRoles", actOrgRoleRead, (*astraAPI).listRoles},
			{http.MethodPost, "addOrganizationRole", actOrgRoleWrite, (*astraAPI).createRole},
		}},
		{pattern: []string{"v2", "organizations", "roles", "{roleID}"}, roles: true, ops: []astraOp{
			{http.MethodGet, "getOrganizationRole", actOrgRoleRead, (*astraAPI).getRole},
			{http.MethodPut, "updateRole", actOrgRoleWrite, (*astraAPI).updateRole},
			{http.MethodDelete, "deleteOrganizationRole", actOrgRoleDelete, (*astraAPI).deleteRole},
		}},
		{pattern: []string{"v1", "orgs", "{org_id}", "tenant", "{tenant_id}"}, langflow: true, ops: []astraOp{
			{http.MethodGet, "getLangflowTenant", actLangflowIDEBuild, (*astraAPI).getTenant},
		}},
		{pattern: []string{"v1", "orgs", "{org_id}", "tenants"}, langflow: true, ops: []astraOp{
			{http.MethodGet, "listLangflowTenants", actLangflowIDEBuild, (*astraAPI).listTenants},
		}},
		{pattern: []string{"v1", "tenant"}, langflow: true, orgInBody: true, ops: []astraOp{
			{http.MethodPost, "createLangflowTenant", actLangflowIDEBuild, (*astraAPI).createTenant},
		}},
		{pattern: []string{"v1", "orgs", "{org_id}", "tenant", "{tenant_id}", "reactivate"}, langflow: true, ops: []astraOp{
			{http.MethodPatch, "reactivateLangflowTenant", actLangflowIDEBuild, (*astraAPI).reactivateTenant},
		}},
	}
	for i := range routes {
		methods := make([]string, len(routes[i].ops))
		for j, op := range routes[i].ops {
			methods[j] = op.method
		}
		routes[i].allow = strings.Join(methods, ", ")
	}
	return routes
}

// astraMatch is the outcome of routing a request.
type astraMatch struct {
	route  *astraRoute
	op     *astraOp // nil: the path exists, the method does not
	params [maxPathParams]string
}

// maxPathSegments bounds the work done on absurd paths.
const maxPathSegments = 8

// match finds the route and operation for a request; a nil route means
// the path is unknown.
func (a *astraAPI) match(r *http.Request) astraMatch {
	return a.matchPath(r.Method, r.URL.EscapedPath())
}

// matchPath is match for a method and an escaped path.
func (a *astraAPI) matchPath(method, path string) astraMatch {
	var m astraMatch
	if !strings.HasPrefix(path, "/") {
		return m
	}
	var segs [maxPathSegments]string
	n := 0
	for rest := path[1:]; ; {
		if n == maxPathSegments {
			return m
		}
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			segs[n] = rest
			n++
			break
		}
		segs[n] = rest[:i]
		n++
		rest = rest[i+1:]
	}
	// /api/v1/... is the same as /v1/... (the Langflow docs use both).
	s := segs[:n]
	if len(s) >= 2 && s[0] == "api" && s[1] == "v1" {
		s = s[1:]
	}
	for i := range a.routes {
		rt := &a.routes[i]
		if len(rt.pattern) != len(s) {
			continue
		}
		params, ok := matchSegments(rt.pattern, s)
		if !ok {
			continue
		}
		m.route, m.params = rt, params
		for j := range rt.ops {
			if rt.ops[j].method == method {
				m.op = &rt.ops[j]
				break
			}
		}
		return m
	}
	return m
}

// matchSegments matches escaped segments against a pattern and returns the
// unescaped parameters.
func matchSegments(pattern, segs []string) ([maxPathParams]string, bool) {
	var params [maxPathParams]string
	p := 0
	for i, want := range pattern {
		seg := segs[i]
		if strings.IndexByte(seg, '%') >= 0 {
			u, err := url.PathUnescape(seg)
			if err != nil {
				return params, false
			}
			seg = u
		}
		if want[0] == '{' {
			if seg == "" {
				return params, false
			}
			params[p] = seg
			p++
			continue
		}
		if seg != want {
			return params, false
		}
	}
	return params, true
}
