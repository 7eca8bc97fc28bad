package astra

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// The Astra router is built from the operation registry (openapi.yaml):
// each operation's method and path template, routed to the handler
// registered for it below. It matches the escaped path segment by segment,
// so an escaped slash (%2F) stays inside its segment, and unknown paths and
// wrong methods get Astra error bodies rather than net/http's plain-text
// ones.

// handler serves one operation after the checks common to all of them.
type handler func(a *API, c *call)

// handlers registers the handler of every Astra operation.
func handlers() map[tenantkit.Operation]handler {
	return map[tenantkit.Operation]handler{
		tenantkit.OpGetCurrentOrganization:           (*API).currentOrg,
		tenantkit.OpGetOrganizationUsers:             (*API).listUsers,
		tenantkit.OpInviteUserToOrganization:         (*API).inviteUser,
		tenantkit.OpGetOrganizationUser:              (*API).getUser,
		tenantkit.OpRemoveUserFromOrganization:       (*API).removeUser,
		tenantkit.OpUpdateRolesForUserInOrganization: (*API).setUserRoles,
		tenantkit.OpGetOrganizationRoles:             (*API).listRoles,
		tenantkit.OpAddOrganizationRole:              (*API).createRole,
		tenantkit.OpGetOrganizationRole:              (*API).getRole,
		tenantkit.OpUpdateRole:                       (*API).updateRole,
		tenantkit.OpDeleteOrganizationRole:           (*API).deleteRole,
		tenantkit.OpGetLangflowTenant:                (*API).getTenant,
		tenantkit.OpListLangflowTenants:              (*API).listTenants,
		tenantkit.OpCreateLangflowTenant:             (*API).createTenant,
		tenantkit.OpReactivateLangflowTenant:         (*API).reactivateTenant,
	}
}

// routes is the routing table, built once per process from the registry.
var routes = route.Once(tenantkit.APIAstra, handlers)

// routeMatch is the outcome of routing a request.
type routeMatch struct {
	route  *route.Route[handler] // nil: the path is unknown
	op     *route.Op[handler]    // nil: the path exists, the method does not
	params route.Params
}

// match routes a request.
func (a *API) match(r *http.Request) routeMatch {
	return matchRoute(r.Method, r.URL.EscapedPath())
}

// matchRoute routes a method and an escaped path. Each segment is
// unescaped on its own; a path that does not unescape is unknown.
func matchRoute(method, path string) routeMatch {
	var dst [route.MaxSegments]string
	segs, ok := route.Split(path, &dst)
	if !ok {
		return routeMatch{}
	}
	// /api/v1/... is the same as /v1/... (the Langflow docs use both).
	if len(segs) >= 2 && segs[0] == "api" && segs[1] == "v1" {
		segs = segs[1:]
	}
	for i, seg := range segs {
		if strings.IndexByte(seg, '%') >= 0 {
			u, err := url.PathUnescape(seg)
			if err != nil {
				return routeMatch{}
			}
			segs[i] = u
		}
	}
	rt, params := routes().Match(segs)
	if rt == nil {
		return routeMatch{}
	}
	return routeMatch{route: rt, op: rt.Method(method), params: params}
}

// rolesTag is the tag of the role endpoints, whose error bodies
// WithRoleErrorStyle shapes.
const rolesTag = "roles"

// langflowOrgParam names the path parameter that carries a Langflow
// operation's organization; an operation without it carries the
// organization in its body's org_id (POST /v1/tenant).
const langflowOrgParam = "org_id"
