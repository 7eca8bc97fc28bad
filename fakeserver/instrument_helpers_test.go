package fakeserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tenantkit/tenantkit"
)

// argoHeader is what an ARGO admin request carries.
func argoHeader(key string) http.Header {
	return http.Header{"X-Api-Key": {key}, "Accept": {"application/json"}}
}

// argo sends an ARGO admin request with the default super admin key.
func (c *astraClient) argo(method, path string, body any) response {
	c.t.Helper()
	return c.with("", "").doHeaders(method, path, body, argoHeader(DefaultArgoAdminKey))
}

// mustAddFault adds fault rules or fails the test.
func mustAddFault(t testing.TB, srv *Server, rules ...Fault) {
	t.Helper()
	if err := srv.AddFault(rules...); err != nil {
		t.Fatal(err)
	}
}

// statuses lists the statuses of calls; 0 for none.
func statuses(calls []Call) []int {
	out := make([]int, len(calls))
	for i, c := range calls {
		out[i] = c.Status
	}
	return out
}

// mustUnmarshal decodes JSON or fails the test.
func mustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}

// specOperationIDs lists the operationIds of openapi.yaml, sorted.
func specOperationIDs(t testing.TB) []string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(tenantkit.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	slices.Sort(ids)
	return ids
}
