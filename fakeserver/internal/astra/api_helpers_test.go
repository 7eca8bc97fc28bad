package astra

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half/halftest"
)

// Test credentials of newTestAPI's API.
const (
	testOrg   = "org"
	testToken = "AstraCS:testClientIDtestClientID:secret"
)

// newTestAPI returns an Astra API on its own, seeded, with the
// organization testOrg and the token testToken, which may do anything.
func newTestAPI(t testing.TB) *API {
	t.Helper()
	a := New(halftest.Env(), DefaultConfig())
	if _, err := a.AddOrganization(testOrg, "test"); err != nil {
		t.Fatal(err)
	}
	if err := a.AddToken(testOrg, testToken, []string{roleOrgAdmin}); err != nil {
		t.Fatal(err)
	}
	return a
}

// serve sends one request to a with testToken.
func serve(a *API, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("X-DataStax-Current-Org", testOrg)
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	return w
}
