package astra_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

func TestUnknownAstraPathsAreNotFound(t *testing.T) {
	t.Parallel()
	paths := []string{
		"/", "/v2", "/v2/", "/v2/currentOrg/", "/v2/currentorg", "/V2/currentOrg", "//v2/currentOrg",
		"/v2/organizations", "/v2/organizations/users/", "/v2/organizations/users//roles",
		"/v2/organizations/roles/", "/v2/organizations/users/x/roles/y", "/v2/databases",
		"/v1", "/v1/tenants", "/v1/orgs/" + fakeserver.DefaultOrgID, "/v1/orgs//tenants", "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenant/",
		"/api/v2/organizations/users", "/api/v1", "/api/api/v1/tenant", "/v1/tenant/extra",
		"/a/b/c/d/e/f/g/h/i/j/k", "/" + strings.Repeat("x/", 200),
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		for _, p := range paths {
			for _, method := range []string{"GET", "POST", "DELETE"} {
				faketest.WantError(t, c.Do(method, p, nil), 404, "not found")
			}
		}
	})
}

func TestWrongMethodOnKnownPathIs405WithAllow(t *testing.T) {
	t.Parallel()
	cases := []struct{ method, path, allow string }{
		{"POST", "/v2/currentOrg", "GET"},
		{"DELETE", "/v2/organizations/users", "GET, PUT"},
		{"POST", "/v2/organizations/users/" + faketest.AdminUserID(), "GET, DELETE"},
		{"GET", "/v2/organizations/users/" + faketest.AdminUserID() + "/roles", "PUT"},
		{"PATCH", "/v2/organizations/roles", "GET, POST"},
		{"POST", "/v2/organizations/roles/x", "GET, PUT, DELETE"},
		{"DELETE", "/v1/orgs/o/tenant/t", "GET"},
		{"POST", "/api/v1/orgs/o/tenants", "GET"},
		{"GET", "/v1/tenant", "POST"},
		{"PUT", "/api/v1/orgs/o/tenant/t/reactivate", "PATCH"},
		{"OPTIONS", "/v2/currentOrg", "GET"},
		{"get", "/v2/currentOrg", "GET"},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		for _, tc := range cases {
			// No token: the method is checked before authentication.
			r := c.With("", "").Do(tc.method, tc.path, nil)
			faketest.WantError(t, r, 405, "method not allowed")
			if got := r.Header.Get("Allow"); got != tc.allow {
				t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
			}
		}
	})
}

func TestOddPathSegmentsReachHandlersAsIDs(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("f", 64<<10)
	cases := []struct{ name, id string }{
		{"escaped slash", "a%2Fb"},
		{"escaped escape", "%252F"},
		{"dot dot", ".."},
		{"non-UTF-8", "%FF%FE%FD"},
		{"NUL", "%00"},
		{"space", "a%20b"},
		{"unicode", "%E2%80%A8"},
		{"huge", huge},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		unchanged := faketest.AstraUnchanged(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				faketest.WantError(t, c.Do("GET", "/v2/organizations/users/"+tc.id, nil), 404, "user not found")
				faketest.WantError(t, c.Do("DELETE", "/v2/organizations/users/"+tc.id, nil), 404, "user not found")
				faketest.WantError(t, c.Do("PUT", "/v2/organizations/users/"+tc.id+"/roles", map[string]any{"roles": []string{astra.BuiltinRoleID("RO User")}}), 404, "user not found")
				faketest.WantError(t, c.Do("GET", "/v2/organizations/roles/"+tc.id, nil), 404, "role not found")
				faketest.WantError(t, c.Do("DELETE", "/v2/organizations/roles/"+tc.id, nil), 404, "role not found")
				faketest.WantError(t, c.Do("GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tc.id, nil), 404, "tenant not found")
				faketest.WantError(t, c.Do("PATCH", "/api/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tc.id+"/reactivate", nil), 404, "tenant not found")
				// An odd org ID in a Langflow path is an organization mismatch.
				faketest.WantError(t, c.Do("GET", "/v1/orgs/"+tc.id+"/tenants", nil), 403, "organization mismatch")
			})
		}
		unchanged("the requests")
	})
}

func TestEscapedStaticSegmentsMatch(t *testing.T) {
	t.Parallel()
	c := faketest.Loopback(t, faketest.New(t))
	c.Must(200, "GET", "/v2/%63urrentOrg", nil)
}

// FuzzAstraHandler throws arbitrary requests at the fake (any method, path,
// body, token and org header; the paths of every Astra operation, and the
// IDs of existing records, are in the seeds). Whatever it gets, the fake
// must never panic or answer 5xx; every Astra error must be an Astra error
// body; every answer must be one openapi.yaml allows; and nothing may
// change in the state unless a write succeeded.
func FuzzAstraHandler(f *testing.F) {
	ro := astra.BuiltinRoleID("RO User")
	lf := "/v1/orgs/" + fakeserver.DefaultOrgID
	seeds := []struct{ method, path, body, token, org string }{
		{"GET", "/v2/currentOrg", "", fakeserver.DefaultAstraToken, ""},
		{"GET", "/v2/organizations/users", "", fakeserver.DefaultAstraToken, ""},
		{"GET", "/v2/organizations/users/" + faketest.FuzzUserID, "", fakeserver.DefaultAstraToken, ""},
		{"DELETE", "/v2/organizations/users/" + faketest.FuzzUserID, "", fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users", `{"email":"a@b.c","orgID":"` + fakeserver.DefaultOrgID + `","roles":["` + ro + `"]}`, fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users", `{"email":"FUZZ@example.com","orgID":"` + fakeserver.DefaultOrgID + `","roles":["` + faketest.FuzzRoleID + `"]}`, fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users", `{"email":["x"],"orgID":{},"roles":[1,{}]}`, fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users/" + faketest.AdminUserID() + "/roles", `{"roles":[null]}`, fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users/" + faketest.FuzzUserID + "/roles", `{"roles":["` + ro + `","` + ro + `"]}`, fakeserver.DefaultAstraToken, ""},
		{"GET", "/v2/organizations/roles", "", fakeserver.DefaultAstraToken, ""},
		{"GET", "/v2/organizations/roles/" + faketest.FuzzRoleID, "", fakeserver.DefaultAstraToken, ""},
		{"POST", "/v2/organizations/roles", `{"name":"x","policy":{"effect":"allow","actions":["a"],"resources":["drn:astra:org:x"]}}`, fakeserver.DefaultAstraToken, ""},
		{"POST", "/v2/organizations/roles", `{"name":"fuzz-role","policy":{"description":"","effect":"allow","actions":["a"],"resources":["drn:astra:org:x"]}}`, fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/roles/" + faketest.FuzzRoleID, `{"name":"RO User","policy":{"description":"","effect":"allow","actions":["a"],"resources":["drn:astra:org:x"]}}`, fakeserver.DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/roles/" + ro, `{"name":"\ud800","policy":null}`, fakeserver.DefaultAstraToken, ""},
		{"DELETE", "/v2/organizations/roles/" + faketest.FuzzRoleID, "", fakeserver.DefaultAstraToken, ""},
		{"DELETE", "/v2/organizations/roles/%2F", "", fakeserver.DefaultAstraToken, ""},
		{"POST", "/api/v1/tenant", `{"cloud_provider":"AWS","org_id":"` + fakeserver.DefaultOrgID + `","region":"eu-1"}`, fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID},
		{"POST", "/v1/tenant", `{"org_id":7}`, fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID},
		{"GET", lf + "/tenants", "", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID},
		{"GET", lf + "/tenant/" + faketest.FuzzTenantID, "", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID},
		{"PATCH", lf + "/tenant/" + faketest.FuzzTenantID + "/reactivate", "", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID},
		{"PATCH", lf + "/tenant/x/reactivate", "", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID},
		{"GET", "/v1/orgs/\xff/tenants", "", "\xff", "\xff"},
		{"GET", "/v2/organizations/users/%zz", "", fakeserver.DefaultAstraToken, ""},
		{"GET", "/v2/organizations/users?x=1&x=2", "", fakeserver.DefaultAstraToken, ""},
		{"POST", "/v2/organizations/roles", strings.Repeat(" ", 1<<20+1), fakeserver.DefaultAstraToken, ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.token, s.org)
	}
	ft := faketest.NewFuzzTarget(f)
	f.Fuzz(func(t *testing.T, method, path, body, token, org string) {
		u, err := url.Parse(path)
		if err != nil || method == "" || strings.ContainsAny(method, " \t\r\n") || !validHeaderValue(token) || !validHeaderValue(org) {
			return
		}
		req := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody, Host: "fuzz.test"}
		if body != "" {
			req.Body = io.NopCloser(strings.NewReader(body))
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-DataStax-Current-Org", org)
		rec := ft.Serve(t, req, body)
		if rec.Code >= 400 && !strings.HasPrefix(path, "/api/v2/admin") {
			var e struct {
				Errors []struct {
					ID      int    `json:"ID"`
					Message string `json:"message"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || len(e.Errors) != 1 || e.Errors[0].ID != 1000+rec.Code || e.Errors[0].Message == "" {
				t.Fatalf("%s %q: %d with a body that is not an Astra error: %q", method, path, rec.Code, rec.Body)
			}
		}
	})
}

// validHeaderValue reports whether a client could send v as a header value
// at all (net/http refuses control characters other than tab).
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
