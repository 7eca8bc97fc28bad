package fakeserver

import (
	"encoding/json"
	"net/http"
	"testing"
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
