package fakeserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnknownAstraPathsAreNotFound(t *testing.T) {
	t.Parallel()
	paths := []string{
		"/", "/v2", "/v2/", "/v2/currentOrg/", "/v2/currentorg", "/V2/currentOrg", "//v2/currentOrg",
		"/v2/organizations", "/v2/organizations/users/", "/v2/organizations/users//roles",
		"/v2/organizations/roles/", "/v2/organizations/users/x/roles/y", "/v2/databases",
		"/v1", "/v1/tenants", "/v1/orgs/" + DefaultOrgID, "/v1/orgs//tenants", "/v1/orgs/" + DefaultOrgID + "/tenant/",
		"/api/v2/organizations/users", "/api/v1", "/api/api/v1/tenant", "/v1/tenant/extra",
		"/a/b/c/d/e/f/g/h/i/j/k", "/" + strings.Repeat("x/", 200),
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		for _, p := range paths {
			for _, method := range []string{"GET", "POST", "DELETE"} {
				wantError(t, c.do(method, p, nil), 404, "not found")
			}
		}
	})
}

func TestWrongMethodOnKnownPathIs405WithAllow(t *testing.T) {
	t.Parallel()
	cases := []struct{ method, path, allow string }{
		{"POST", "/v2/currentOrg", "GET"},
		{"DELETE", "/v2/organizations/users", "GET, PUT"},
		{"POST", "/v2/organizations/users/" + defaultAdminUserID, "GET, DELETE"},
		{"GET", "/v2/organizations/users/" + defaultAdminUserID + "/roles", "PUT"},
		{"PATCH", "/v2/organizations/roles", "GET, POST"},
		{"POST", "/v2/organizations/roles/x", "GET, PUT, DELETE"},
		{"DELETE", "/v1/orgs/o/tenant/t", "GET"},
		{"POST", "/api/v1/orgs/o/tenants", "GET"},
		{"GET", "/v1/tenant", "POST"},
		{"PUT", "/api/v1/orgs/o/tenant/t/reactivate", "PATCH"},
		{"OPTIONS", "/v2/currentOrg", "GET"},
		{"get", "/v2/currentOrg", "GET"},
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		for _, tc := range cases {
			// No token: the method is checked before authentication.
			r := c.with("", "").do(tc.method, tc.path, nil)
			wantError(t, r, 405, "method not allowed")
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
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		before := snapshot(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, c.do("GET", "/v2/organizations/users/"+tc.id, nil), 404, "user not found")
				wantError(t, c.do("DELETE", "/v2/organizations/users/"+tc.id, nil), 404, "user not found")
				wantError(t, c.do("PUT", "/v2/organizations/users/"+tc.id+"/roles", map[string]any{"roles": []string{builtinRoleID("RO User")}}), 404, "user not found")
				wantError(t, c.do("GET", "/v2/organizations/roles/"+tc.id, nil), 404, "role not found")
				wantError(t, c.do("DELETE", "/v2/organizations/roles/"+tc.id, nil), 404, "role not found")
				wantError(t, c.do("GET", "/v1/orgs/"+DefaultOrgID+"/tenant/"+tc.id, nil), 404, "tenant not found")
				wantError(t, c.do("PATCH", "/api/v1/orgs/"+DefaultOrgID+"/tenant/"+tc.id+"/reactivate", nil), 404, "tenant not found")
				// An odd org ID in a Langflow path is an organization mismatch.
				wantError(t, c.do("GET", "/v1/orgs/"+tc.id+"/tenants", nil), 403, "organization mismatch")
			})
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("store changed (-before +after):\n%s", diff)
		}
	})
}

func TestEscapedStaticSegmentsMatch(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "loopback")
	c.must(200, "GET", "/v2/%63urrentOrg", nil)
}

// FuzzAstraHandler throws arbitrary requests at the fake (any method, path,
// body, token and org header; the paths of every Astra operation, and the
// IDs of existing records, are in the seeds). Whatever it gets, the fake
// must never panic or answer 5xx; every Astra error must be an Astra error
// body; every answer must be one openapi.yaml allows; and nothing may
// change in the state unless a write succeeded.
func FuzzAstraHandler(f *testing.F) {
	ro := builtinRoleID("RO User")
	lf := "/v1/orgs/" + DefaultOrgID
	seeds := []struct{ method, path, body, token, org string }{
		{"GET", "/v2/currentOrg", "", DefaultAstraToken, ""},
		{"GET", "/v2/organizations/users", "", DefaultAstraToken, ""},
		{"GET", "/v2/organizations/users/" + fuzzUserID, "", DefaultAstraToken, ""},
		{"DELETE", "/v2/organizations/users/" + fuzzUserID, "", DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users", `{"email":"a@b.c","orgID":"` + DefaultOrgID + `","roles":["` + ro + `"]}`, DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users", `{"email":"FUZZ@example.com","orgID":"` + DefaultOrgID + `","roles":["` + fuzzRoleID + `"]}`, DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users", `{"email":["x"],"orgID":{},"roles":[1,{}]}`, DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users/" + defaultAdminUserID + "/roles", `{"roles":[null]}`, DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/users/" + fuzzUserID + "/roles", `{"roles":["` + ro + `","` + ro + `"]}`, DefaultAstraToken, ""},
		{"GET", "/v2/organizations/roles", "", DefaultAstraToken, ""},
		{"GET", "/v2/organizations/roles/" + fuzzRoleID, "", DefaultAstraToken, ""},
		{"POST", "/v2/organizations/roles", `{"name":"x","policy":{"effect":"allow","actions":["a"],"resources":["drn:astra:org:x"]}}`, DefaultAstraToken, ""},
		{"POST", "/v2/organizations/roles", `{"name":"fuzz-role","policy":{"description":"","effect":"allow","actions":["a"],"resources":["drn:astra:org:x"]}}`, DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/roles/" + fuzzRoleID, `{"name":"RO User","policy":{"description":"","effect":"allow","actions":["a"],"resources":["drn:astra:org:x"]}}`, DefaultAstraToken, ""},
		{"PUT", "/v2/organizations/roles/" + ro, `{"name":"\ud800","policy":null}`, DefaultAstraToken, ""},
		{"DELETE", "/v2/organizations/roles/" + fuzzRoleID, "", DefaultAstraToken, ""},
		{"DELETE", "/v2/organizations/roles/%2F", "", DefaultAstraToken, ""},
		{"POST", "/api/v1/tenant", `{"cloud_provider":"AWS","org_id":"` + DefaultOrgID + `","region":"eu-1"}`, DefaultAstraToken, DefaultOrgID},
		{"POST", "/v1/tenant", `{"org_id":7}`, DefaultAstraToken, DefaultOrgID},
		{"GET", lf + "/tenants", "", DefaultAstraToken, DefaultOrgID},
		{"GET", lf + "/tenant/" + fuzzTenantID, "", DefaultAstraToken, DefaultOrgID},
		{"PATCH", lf + "/tenant/" + fuzzTenantID + "/reactivate", "", DefaultAstraToken, DefaultOrgID},
		{"PATCH", lf + "/tenant/x/reactivate", "", DefaultAstraToken, DefaultOrgID},
		{"GET", "/v1/orgs/\xff/tenants", "", "\xff", "\xff"},
		{"GET", "/v2/organizations/users/%zz", "", DefaultAstraToken, ""},
		{"GET", "/v2/organizations/users?x=1&x=2", "", DefaultAstraToken, ""},
		{"POST", "/v2/organizations/roles", strings.Repeat(" ", 1<<20+1), DefaultAstraToken, ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.token, s.org)
	}
	ft := newFuzzTarget(f)
	f.Fuzz(func(t *testing.T, method, path, body, token, org string) {
		u, err := url.Parse(path)
		if err != nil || method == "" || strings.ContainsAny(method, " \t\r\n") || !validHeaderValue(token) || !validHeaderValue(org) {
			return
		}
		req := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody, Host: "fuzz.test"}
		if body != "" {
			req.Body = readCloser{strings.NewReader(body)}
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-DataStax-Current-Org", org)
		rec := ft.serve(t, req, body)
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

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }
