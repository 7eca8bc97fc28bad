package astra_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
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

var astraTokenForm = regexp.MustCompile(`^AstraCS:[a-zA-Z]{24}:[0-9a-f]{64}$`)

// astraEndpoint is one operation, with a request that passes validation.
type astraEndpoint struct {
	name, method, path string
	body               any
	action             string // "" for any valid token
}

// astraEndpoints lists every operation of the Astra half against the
// default org. roleID is a custom role the PUT/DELETE role calls target.
func astraEndpoints(t testing.TB, roleID string) []astraEndpoint {
	users := "/v2/organizations/users"
	roles := "/v2/organizations/roles"
	eps := []astraEndpoint{
		{"current org", "GET", "/v2/currentOrg", nil, ""},
		{"list users", "GET", users, nil, "org-user-read"},
		{"invite user", "PUT", users, faketest.Invite("auth@example.com", astra.BuiltinRoleID("RO User")), "org-user-write"},
		{"get user", "GET", users + "/" + faketest.AdminUserID(), nil, "org-user-read"},
		{"remove user", "DELETE", users + "/no-such-user", nil, "org-user-write"},
		{"set user roles", "PUT", users + "/" + faketest.AdminUserID() + "/roles", map[string]any{"roles": []string{astra.BuiltinRoleID("Organization Administrator")}}, "org-user-write"},
		{"list roles", "GET", roles, nil, "org-role-read"},
		{"create role", "POST", roles, faketest.CustomRole("auth-created"), "org-role-write"},
		{"get role", "GET", roles + "/" + roleID, nil, "org-role-read"},
		{"update role", "PUT", roles + "/" + roleID, faketest.CustomRole("auth-target"), "org-role-write"},
		{"delete role", "DELETE", roles + "/no-such-role", nil, "org-role-delete"},
	}
	for _, prefix := range []string{"", "/api"} {
		eps = append(eps,
			astraEndpoint{"get tenant " + prefix, "GET", prefix + "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenant/no-such-tenant", nil, "langflow-ide-build"},
			astraEndpoint{"list tenants " + prefix, "GET", prefix + "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenants", nil, "langflow-ide-build"},
			astraEndpoint{"create tenant " + prefix, "POST", prefix + "/v1/tenant", faketest.LangflowCreateBody(fakeserver.DefaultOrgID), "langflow-ide-build"},
			astraEndpoint{"reactivate tenant " + prefix, "PATCH", prefix + "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenant/no-such-tenant/reactivate", nil, "langflow-ide-build"},
		)
	}
	return eps
}

// allActions is every action any endpoint requires.
var allActions = []string{
	"org-user-read", "org-user-write", "org-role-read", "org-role-write", "org-role-delete", "langflow-ide-build",
}

func TestEveryEndpointRejectsMissingOrBadTokensWith401(t *testing.T) {
	t.Parallel()
	unknown := "AstraCS:" + strings.Repeat("a", 24) + ":" + strings.Repeat("0", 64)
	auths := []struct{ name, header string }{
		{"missing", ""},
		{"no scheme", fakeserver.DefaultAstraToken},
		{"basic scheme", "Basic " + fakeserver.DefaultAstraToken},
		{"empty bearer", "Bearer "},
		{"garbage", "Bearer garbage"},
		{"two tokens", "Bearer " + fakeserver.DefaultAstraToken + " " + fakeserver.DefaultAstraToken},
		{"unknown token", "Bearer " + unknown},
		{"token with a changed secret", "Bearer " + fakeserver.DefaultAstraToken[:len(fakeserver.DefaultAstraToken)-1] + "0"},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		roleID := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("auth-target")).Body).(map[string]any)["ID"].(string)
		unchanged := faketest.AstraUnchanged(t, c)
		for _, ep := range astraEndpoints(t, roleID) {
			for _, a := range auths {
				hdr := http.Header{}
				if a.header != "" {
					hdr.Set("Authorization", a.header)
				}
				r := c.With("", fakeserver.DefaultOrgID).DoHeaders(ep.method, ep.path, ep.body, hdr)
				if r.Status != 401 {
					t.Errorf("%s with %s token: status %d, want 401; body %s", ep.name, a.name, r.Status, r.Body)
					continue
				}
				faketest.WantError(t, r, 401, "Invalid token")
				if strings.Contains(string(r.Body), "AstraCS") || strings.Contains(string(r.Body), "garbage") {
					t.Errorf("%s: 401 body echoes the token: %s", ep.name, r.Body)
				}
			}
		}
		unchanged("a 401")
	})
}

func TestEveryEndpointRequiresItsAction(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		roleID := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("auth-target")).Body).(map[string]any)["ID"].(string)
		// For each action, one token with every other action and one with
		// only that action.
		without, only := map[string]string{}, map[string]string{}
		for _, action := range allActions {
			others := slices.DeleteFunc(slices.Clone(allActions), func(a string) bool { return a == action })
			without[action] = tokenWithActions(t, srv, c, "without "+action, others...)
			only[action] = tokenWithActions(t, srv, c, "only "+action, action)
		}
		noRoles, err := srv.AddToken(fakeserver.DefaultOrgID)
		if err != nil {
			t.Fatal(err)
		}
		unchanged := faketest.AstraUnchanged(t, c)
		for _, ep := range astraEndpoints(t, roleID) {
			if ep.action == "" {
				c.With(noRoles, fakeserver.DefaultOrgID).Must(200, ep.method, ep.path, ep.body)
				continue
			}
			faketest.WantError(t, c.With(without[ep.action], fakeserver.DefaultOrgID).Do(ep.method, ep.path, ep.body), 403,
				"the token's roles do not grant the "+ep.action+" permission")
			faketest.WantError(t, c.With(noRoles, fakeserver.DefaultOrgID).Do(ep.method, ep.path, ep.body), 403,
				"the token's roles do not grant the "+ep.action+" permission")
		}
		unchanged("a 403")
		for _, ep := range astraEndpoints(t, roleID) {
			if ep.action == "" {
				continue
			}
			r := c.With(only[ep.action], fakeserver.DefaultOrgID).Do(ep.method, ep.path, ep.body)
			if r.Status == 401 || r.Status == 403 || r.Status >= 500 {
				t.Errorf("%s with only %s: status %d; body %s", ep.name, ep.action, r.Status, r.Body)
			}
		}
	})
}

// tokenWithActions makes a custom role granting actions and a token holding it.
func tokenWithActions(t testing.TB, srv *fakeserver.Server, c *faketest.Client, name string, actions ...string) string {
	t.Helper()
	role := faketest.CustomRole(name)
	role["policy"].(map[string]any)["actions"] = actions
	c.Must(201, "POST", "/v2/organizations/roles", role)
	token, err := srv.AddToken(fakeserver.DefaultOrgID, name)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestPermissionsFollowRoleChanges(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	token := tokenWithActions(t, srv, c, "reader", "org-user-read")
	reader := c.With(token, "")
	reader.Must(200, "GET", "/v2/organizations/users", nil)

	roleID := roleIDByName(t, c, "reader")
	role := faketest.CustomRole("reader")
	role["policy"].(map[string]any)["actions"] = []string{"org-role-read"}
	c.Must(200, "PUT", "/v2/organizations/roles/"+roleID, role)
	faketest.WantAstraError(t, reader.Do("GET", "/v2/organizations/users", nil), 403)
	reader.Must(200, "GET", "/v2/organizations/roles", nil)

	c.Must(204, "DELETE", "/v2/organizations/roles/"+roleID, nil)
	faketest.WantAstraError(t, reader.Do("GET", "/v2/organizations/roles", nil), 403)
	reader.Must(200, "GET", "/v2/currentOrg", nil)
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	c := faketest.Loopback(t, faketest.New(t))
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		r := c.With("", "").DoHeaders("GET", "/v2/currentOrg", nil, http.Header{"Authorization": {scheme + " " + fakeserver.DefaultAstraToken}})
		if r.Status != 200 {
			t.Errorf("scheme %q: status %d, want 200", scheme, r.Status)
		}
	}
}

func TestV2EndpointsIgnoreTheOrgHeader(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	for _, org := range []string{"", "someone-else", fakeserver.DefaultOrgID} {
		c.With(fakeserver.DefaultAstraToken, org).Must(200, "GET", "/v2/organizations/users", nil)
	}
}

func TestPermissionDeniedStatusCanBe401(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithPermissionDeniedStatus(http.StatusUnauthorized))
	token, err := srv.AddToken(fakeserver.DefaultOrgID)
	if err != nil {
		t.Fatal(err)
	}
	c := faketest.InProcess(t, srv)
	faketest.WantError(t, c.With(token, "").Do("GET", "/v2/organizations/users", nil), 401, "the token's roles do not grant the org-user-read permission")
	if _, err := fakeserver.New(fakeserver.WithPermissionDeniedStatus(500)); err == nil {
		t.Error("WithPermissionDeniedStatus(500) accepted")
	}
}

func TestAddTokenResolvesRolesAndRejectsBadInput(t *testing.T) {
	t.Parallel()
	a, b := faketest.New(t, fakeserver.WithSeed(3)), faketest.New(t, fakeserver.WithSeed(3))
	ta, err := a.AddToken(fakeserver.DefaultOrgID, "Organization Administrator", astra.BuiltinRoleID("RO User"))
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := b.AddToken(fakeserver.DefaultOrgID, "Organization Administrator", astra.BuiltinRoleID("RO User"))
	if ta != tb {
		t.Errorf("same seed gave tokens %q and %q", ta, tb)
	}
	if !astraTokenForm.MatchString(ta) {
		t.Errorf("token %q is not AstraCS:<24 letters>:<64 hex>", ta)
	}
	faketest.InProcess(t, a).With(ta, "").Must(200, "GET", "/v2/organizations/users", nil)

	for _, tc := range []struct {
		name, org string
		roles     []string
		want      string
	}{
		{"unknown org", "nope", nil, `fakeserver: unknown organization "nope"`},
		{"unknown role", fakeserver.DefaultOrgID, []string{"RO User", "Nobody"}, `fakeserver: organization ` + fakeserver.DefaultOrgID + ` has no role with ID or name "Nobody"`},
	} {
		tok, err := a.AddToken(tc.org, tc.roles...)
		if err == nil || err.Error() != tc.want || tok != "" {
			t.Errorf("%s: AddToken = %q, %v; want \"\", %q", tc.name, tok, err, tc.want)
		}
	}
}
