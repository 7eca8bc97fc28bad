package argo

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half/halftest"
)

// testKey is the super_admin key of newTestAPI's API.
const testKey = "test-super-admin"

// newTestAPI returns an ARGO API on its own, seeded, with the super_admin
// key testKey and the tenants of seed (a SeedArgoTenants array, or "").
func newTestAPI(t testing.TB, seed string) *API {
	t.Helper()
	a := New(halftest.Env(), DefaultConfig())
	if err := a.AddAdminKey(testKey, SuperAdmin); err != nil {
		t.Fatal(err)
	}
	if seed != "" {
		in, err := ParseSeed([]byte(seed))
		if err == nil {
			_, err = a.Seed(in)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// serve sends one request to a as the super admin; path is under the
// prefix.
func serve(a *API, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, Prefix()+path, strings.NewReader(body))
	req.Header.Set("X-Api-Key", testKey)
	req.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	return w
}
