package fakeserver

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/tenantkit/tenantkit"
)

// Every request the fake routes belongs to one operation of openapi.yaml,
// named by its operationId (tenantkit's operation registry). Fault rules
// match on it and the journal records it, so a test speaks of "the calls to
// createLangflowTenant" rather than of paths.

// operation returns the operation the request is routed to, or "" when it
// reaches none (an unknown path, a wrong method, an ARGO redirect or
// OPTIONS request).
func (s *Server) operation(r *http.Request) tenantkit.Operation {
	return s.operationOf(r.Method, r.URL)
}

// operationOf is operation for a method and a request URL.
func (s *Server) operationOf(method string, u *url.URL) tenantkit.Operation {
	return s.apiFor(u.Path).Operation(method, u)
}

// Operations returns the operations the fake serves, sorted: every
// operation of openapi.yaml (tenantkit.Operations), by the names fault
// rules (Fault.Operation) and the journal (Call.Operation) use.
func Operations() []tenantkit.Operation {
	var ids []tenantkit.Operation
	for _, info := range tenantkit.Operations() {
		ids = append(ids, info.ID)
	}
	slices.Sort(ids)
	return ids
}
