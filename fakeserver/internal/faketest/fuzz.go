package faketest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// The fuzz targets of the fake start from a state with something of every
// kind at known IDs, so that fuzzed paths can reach existing records.
const (
	FuzzRoleID     = "f0220000-0000-4000-8000-000000000001"
	FuzzUserID     = "f0220000-0000-4000-8000-000000000002"
	FuzzTenantID   = "f0220000-0000-4000-8000-000000000003"
	FuzzArgoTenant = "T"
	FuzzArgoUser   = "U"
	FuzzArgoKey    = "5f0c1b7e9a2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e"
)

// fuzzFixture is the default fixture plus a custom role, an invited user
// and a deactivated Langflow tenant in the default organization, and an
// ARGO tenant with an admin_ui user and a database password.
func fuzzFixture() fakeserver.Fixture {
	f := fakeserver.DefaultFixture()
	org := &f.Organizations[0]
	org.Roles = append(org.Roles, fakeserver.FixtureRole{ID: FuzzRoleID, Name: "fuzz-role", Policy: fakeserver.FixturePolicy{
		Description: "fuzz", Resources: []string{"drn:astra:org:" + fakeserver.DefaultOrgID}, Actions: []string{"org-read"}}})
	org.Users = append(org.Users, fakeserver.FixtureUser{ID: FuzzUserID, Email: "fuzz@example.com", Status: "invited", Roles: []string{"fuzz-role"}})
	org.LangflowTenants = append(org.LangflowTenants, fakeserver.FixtureLangflowTenant{ID: FuzzTenantID, CloudProvider: "aws", Region: "us-east-1", Status: "deactivated"})
	f.ArgoTenants = append(f.ArgoTenants, fakeserver.FixtureArgoTenant{
		ID:     FuzzArgoTenant,
		Info:   fakeserver.FixtureArgoInfo{Name: "t"},
		DBConf: []fakeserver.FixtureArgoDBConf{{Store: "main", Server: "db", Port: 27017, Database: "argo_t", Username: "u", Password: "fuzz-password"}},
		Users:  []fakeserver.FixtureArgoUser{{ID: FuzzArgoUser, Name: "u", APIKey: FuzzArgoKey, Roles: []string{"admin_ui"}}},
	})
	return f
}

// FuzzTarget is a fake for a fuzz target: its handler, the state every
// input starts from, and a spec checker for every exchange.
type FuzzTarget struct {
	srv     *fakeserver.Server
	h       http.Handler
	base    *fakeserver.Snapshot
	state   string // apiState of base
	checker *spectest.Checker
}

// NewFuzzTarget returns a fake holding something of every kind at known
// IDs (the Fuzz* constants).
func NewFuzzTarget(f *testing.F) *FuzzTarget {
	f.Helper()
	// spec: checked per input instead (Serve), so that a violation fails
	// the input that caused it, not the whole run.
	srv, err := fakeserver.New(fakeserver.WithClock(NewClock()), fakeserver.WithFixture(fuzzFixture()))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(srv.Close)
	checker, err := spectest.New()
	if err != nil {
		f.Fatal(err)
	}
	ft := &FuzzTarget{srv: srv, h: srv.Handler(), base: srv.Snapshot(), checker: checker}
	ft.state = apiState(ft.h)
	return ft
}

// Serve hands req (its body is body) to the fake and checks what every
// input must meet: no 5xx, an answer openapi.yaml allows, and no change to
// the state unless a write succeeded (which is then undone, so that every
// input starts from the same state).
func (ft *FuzzTarget) Serve(t *testing.T, req *http.Request, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	ft.h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %q: status %d: %s", req.Method, req.URL, rec.Code, rec.Body)
	}
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(strings.NewReader(body))
	resp := rec.Result()
	resp.Body = io.NopCloser(bytes.NewReader(rec.Body.Bytes()))
	for _, v := range ft.checker.Check(check, resp) {
		t.Errorf("%s %q: %s", req.Method, req.URL, v)
	}
	write := req.Method != http.MethodGet && req.Method != http.MethodHead && req.Method != http.MethodOptions
	if rec.Code >= 200 && rec.Code <= 299 && write {
		if err := ft.srv.Restore(ft.base); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	if got := apiState(ft.h); got != ft.state {
		t.Fatalf("%s %q %q answered %d and changed the state:\n--- before\n%s\n--- after\n%s", req.Method, req.URL, body, rec.Code, ft.state, got)
	}
	return rec
}

// apiState reads through h everything the fixture's credentials can see:
// the default organization's roles, users and Langflow tenants, and every
// ARGO tenant (with users, keys and db_conf) and its engine status, as each
// ARGO admin key sees them. Two equal results mean no request changed
// anything an API client could observe.
func apiState(h http.Handler) string {
	var b strings.Builder
	get := func(path string, hdr map[string]string) []byte {
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, Header: http.Header{}, Body: http.NoBody, Host: "fuzz.test"}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Fprintf(&b, "GET %s %d\n%s\n", path, rec.Code, rec.Body.Bytes())
		return rec.Body.Bytes()
	}
	astra := map[string]string{"Authorization": "Bearer " + fakeserver.DefaultAstraToken, "X-DataStax-Current-Org": fakeserver.DefaultOrgID}
	get("/v2/currentOrg", astra)
	get("/v2/organizations/roles", astra)
	get("/v2/organizations/users", astra)
	get("/v1/orgs/"+fakeserver.DefaultOrgID+"/tenants", astra)
	for _, key := range []string{fakeserver.DefaultArgoRestrictedKey, fakeserver.DefaultArgoUIAdminKey} {
		get("/api/v2/admin/tenants", map[string]string{"x-api-key": key, "Accept": "application/json"})
	}
	admin := map[string]string{"x-api-key": fakeserver.DefaultArgoAdminKey, "Accept": "application/json"}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(get("/api/v2/admin/tenants", admin), &list)
	for _, t := range list.Data {
		get("/api/v2/admin/tenants/"+url.PathEscape(t.ID)+"/status", admin)
	}
	return b.String()
}
