package fakeserver

import (
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// The Astra router is built from the operation registry (openapi.yaml):
// each operation's method and path template, routed to the handler
// registered for it below. It matches the escaped path segment by segment,
// so an escaped slash (%2F) stays inside its segment, and unknown paths and
// wrong methods get Astra error bodies rather than net/http's plain-text
// ones.

// astraHandler serves one operation after the checks common to all of them.
type astraHandler func(a *astraAPI, c *astraCall)

// astraHandlers registers the handler of every Astra operation.
func astraHandlers() map[tenantkit.Operation]astraHandler {
	return map[tenantkit.Operation]astraHandler{
		tenantkit.OpGetCurrentOrganization:           (*astraAPI).currentOrg,
		tenantkit.OpGetOrganizationUsers:             (*astraAPI).listUsers,
		tenantkit.OpInviteUserToOrganization:         (*astraAPI).inviteUser,
		tenantkit.OpGetOrganizationUser:              (*astraAPI).getUser,
		tenantkit.OpRemoveUserFromOrganization:       (*astraAPI).removeUser,
		tenantkit.OpUpdateRolesForUserInOrganization: (*astraAPI).setUserRoles,
		tenantkit.OpGetOrganizationRoles:             (*astraAPI).listRoles,
		tenantkit.OpAddOrganizationRole:              (*astraAPI).createRole,
		tenantkit.OpGetOrganizationRole:              (*astraAPI).getRole,
		tenantkit.OpUpdateRole:                       (*astraAPI).updateRole,
		tenantkit.OpDeleteOrganizationRole:           (*astraAPI).deleteRole,
		tenantkit.OpGetLangflowTenant:                (*astraAPI).getTenant,
		tenantkit.OpListLangflowTenants:              (*astraAPI).listTenants,
		tenantkit.OpCreateLangflowTenant:             (*astraAPI).createTenant,
		tenantkit.OpReactivateLangflowTenant:         (*astraAPI).reactivateTenant,
	}
}

// astraRoutes is the routing table, built once per process: it is
// immutable, and every Server shares it. A handler missing from
// astraHandlers fails TestEveryAstraOperationHasOneHandler; at run time
// its operation answers 500.
var astraRoutes = sync.OnceValue(func() *route.Table[astraHandler] {
	table, _ := route.Build(tenantkit.APIAstra, astraHandlers())
	return table
})

// astraMatch is the outcome of routing a request.
type astraMatch struct {
	route  *route.Route[astraHandler] // nil: the path is unknown
	op     *route.Op[astraHandler]    // nil: the path exists, the method does not
	params route.Params
}

// match routes a request.
func (a *astraAPI) match(r *http.Request) astraMatch {
	return matchAstra(r.Method, r.URL.EscapedPath())
}

// matchAstra routes a method and an escaped path. Each segment is
// unescaped on its own; a path that does not unescape is unknown.
func matchAstra(method, path string) astraMatch {
	var dst [route.MaxSegments]string
	segs, ok := route.Split(path, &dst)
	if !ok {
		return astraMatch{}
	}
	// /api/v1/... is the same as /v1/... (the Langflow docs use both).
	if len(segs) >= 2 && segs[0] == "api" && segs[1] == "v1" {
		segs = segs[1:]
	}
	for i, seg := range segs {
		if strings.IndexByte(seg, '%') >= 0 {
			u, err := url.PathUnescape(seg)
			if err != nil {
				return astraMatch{}
			}
			segs[i] = u
		}
	}
	rt, params := astraRoutes().Match(segs)
	if rt == nil {
		return astraMatch{}
	}
	return astraMatch{route: rt, op: rt.Method(method), params: params}
}

// rolesTag is the tag of the role endpoints, whose error bodies
// WithRoleErrorStyle shapes.
const rolesTag = "roles"

// langflowOrgParam names the path parameter that carries a Langflow
// operation's organization; an operation without it carries the
// organization in its body's org_id (POST /v1/tenant).
const langflowOrgParam = "org_id"
