package fakeserver

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
		{"invite user", "PUT", users, invite("auth@example.com", builtinRoleID("RO User")), "org-user-write"},
		{"get user", "GET", users + "/" + defaultAdminUserID, nil, "org-user-read"},
		{"remove user", "DELETE", users + "/no-such-user", nil, "org-user-write"},
		{"set user roles", "PUT", users + "/" + defaultAdminUserID + "/roles", map[string]any{"roles": []string{builtinRoleID("Organization Administrator")}}, "org-user-write"},
		{"list roles", "GET", roles, nil, "org-role-read"},
		{"create role", "POST", roles, customRole("auth-created"), "org-role-write"},
		{"get role", "GET", roles + "/" + roleID, nil, "org-role-read"},
		{"update role", "PUT", roles + "/" + roleID, customRole("auth-target"), "org-role-write"},
		{"delete role", "DELETE", roles + "/no-such-role", nil, "org-role-delete"},
	}
	for _, prefix := range []string{"", "/api"} {
		eps = append(eps,
			astraEndpoint{"get tenant " + prefix, "GET", prefix + "/v1/orgs/" + DefaultOrgID + "/tenant/no-such-tenant", nil, "langflow-ide-build"},
			astraEndpoint{"list tenants " + prefix, "GET", prefix + "/v1/orgs/" + DefaultOrgID + "/tenants", nil, "langflow-ide-build"},
			astraEndpoint{"create tenant " + prefix, "POST", prefix + "/v1/tenant", createBody(t, DefaultOrgID), "langflow-ide-build"},
			astraEndpoint{"reactivate tenant " + prefix, "PATCH", prefix + "/v1/orgs/" + DefaultOrgID + "/tenant/no-such-tenant/reactivate", nil, "langflow-ide-build"},
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
		{"no scheme", DefaultAstraToken},
		{"basic scheme", "Basic " + DefaultAstraToken},
		{"empty bearer", "Bearer "},
		{"garbage", "Bearer garbage"},
		{"two tokens", "Bearer " + DefaultAstraToken + " " + DefaultAstraToken},
		{"unknown token", "Bearer " + unknown},
		{"token with a changed secret", "Bearer " + DefaultAstraToken[:len(DefaultAstraToken)-1] + "0"},
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		roleID := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("auth-target")).Body).(map[string]any)["ID"].(string)
		before := snapshot(t, c)
		for _, ep := range astraEndpoints(t, roleID) {
			for _, a := range auths {
				hdr := http.Header{}
				if a.header != "" {
					hdr.Set("Authorization", a.header)
				}
				r := c.with("", DefaultOrgID).doHeaders(ep.method, ep.path, ep.body, hdr)
				if r.Status != 401 {
					t.Errorf("%s with %s token: status %d, want 401; body %s", ep.name, a.name, r.Status, r.Body)
					continue
				}
				wantError(t, r, 401, "Invalid token")
				if strings.Contains(string(r.Body), "AstraCS") || strings.Contains(string(r.Body), "garbage") {
					t.Errorf("%s: 401 body echoes the token: %s", ep.name, r.Body)
				}
			}
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("a 401 changed the store (-before +after):\n%s", diff)
		}
	})
}

func TestEveryEndpointRequiresItsAction(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		roleID := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("auth-target")).Body).(map[string]any)["ID"].(string)
		// For each action, one token with every other action and one with
		// only that action.
		without, only := map[string]string{}, map[string]string{}
		for _, action := range allActions {
			others := slices.DeleteFunc(slices.Clone(allActions), func(a string) bool { return a == action })
			without[action] = tokenWithActions(t, srv, c, "without "+action, others...)
			only[action] = tokenWithActions(t, srv, c, "only "+action, action)
		}
		noRoles, err := srv.AddToken(DefaultOrgID)
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, c)
		for _, ep := range astraEndpoints(t, roleID) {
			if ep.action == "" {
				c.with(noRoles, DefaultOrgID).must(200, ep.method, ep.path, ep.body)
				continue
			}
			wantError(t, c.with(without[ep.action], DefaultOrgID).do(ep.method, ep.path, ep.body), 403,
				"the token's roles do not grant the "+ep.action+" permission")
			wantError(t, c.with(noRoles, DefaultOrgID).do(ep.method, ep.path, ep.body), 403,
				"the token's roles do not grant the "+ep.action+" permission")
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("a 403 changed the store (-before +after):\n%s", diff)
		}
		for _, ep := range astraEndpoints(t, roleID) {
			if ep.action == "" {
				continue
			}
			r := c.with(only[ep.action], DefaultOrgID).do(ep.method, ep.path, ep.body)
			if r.Status == 401 || r.Status == 403 || r.Status >= 500 {
				t.Errorf("%s with only %s: status %d; body %s", ep.name, ep.action, r.Status, r.Body)
			}
		}
	})
}

// tokenWithActions makes a custom role granting actions and a token holding it.
func tokenWithActions(t testing.TB, srv *Server, c *astraClient, name string, actions ...string) string {
	t.Helper()
	role := customRole(name)
	role["policy"].(map[string]any)["actions"] = actions
	c.must(201, "POST", "/v2/organizations/roles", role)
	token, err := srv.AddToken(DefaultOrgID, name)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestPermissionsFollowRoleChanges(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	token := tokenWithActions(t, srv, c, "reader", "org-user-read")
	reader := c.with(token, "")
	reader.must(200, "GET", "/v2/organizations/users", nil)

	roleID := roleIDByName(t, c, "reader")
	role := customRole("reader")
	role["policy"].(map[string]any)["actions"] = []string{"org-role-read"}
	c.must(200, "PUT", "/v2/organizations/roles/"+roleID, role)
	wantAstraError(t, reader.do("GET", "/v2/organizations/users", nil), 403)
	reader.must(200, "GET", "/v2/organizations/roles", nil)

	c.must(204, "DELETE", "/v2/organizations/roles/"+roleID, nil)
	wantAstraError(t, reader.do("GET", "/v2/organizations/roles", nil), 403)
	reader.must(200, "GET", "/v2/currentOrg", nil)
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "loopback")
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		r := c.with("", "").doHeaders("GET", "/v2/currentOrg", nil, http.Header{"Authorization": {scheme + " " + DefaultAstraToken}})
		if r.Status != 200 {
			t.Errorf("scheme %q: status %d, want 200", scheme, r.Status)
		}
	}
}

func TestV2EndpointsIgnoreTheOrgHeader(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	for _, org := range []string{"", "someone-else", DefaultOrgID} {
		c.with(DefaultAstraToken, org).must(200, "GET", "/v2/organizations/users", nil)
	}
}

func TestPermissionDeniedStatusCanBe401(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithPermissionDeniedStatus(http.StatusUnauthorized))
	token, err := srv.AddToken(DefaultOrgID)
	if err != nil {
		t.Fatal(err)
	}
	c := newAstraClient(t, srv, "in-process")
	wantError(t, c.with(token, "").do("GET", "/v2/organizations/users", nil), 401, "the token's roles do not grant the org-user-read permission")
	if _, err := New(WithPermissionDeniedStatus(500)); err == nil {
		t.Error("WithPermissionDeniedStatus(500) accepted")
	}
}

func TestAddTokenResolvesRolesAndRejectsBadInput(t *testing.T) {
	t.Parallel()
	a, b := newTestServer(t, WithSeed(3)), newTestServer(t, WithSeed(3))
	ta, err := a.AddToken(DefaultOrgID, "Organization Administrator", builtinRoleID("RO User"))
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := b.AddToken(DefaultOrgID, "Organization Administrator", builtinRoleID("RO User"))
	if ta != tb {
		t.Errorf("same seed gave tokens %q and %q", ta, tb)
	}
	if !astraTokenForm.MatchString(ta) {
		t.Errorf("token %q is not AstraCS:<24 letters>:<64 hex>", ta)
	}
	newAstraClient(t, a, "in-process").with(ta, "").must(200, "GET", "/v2/organizations/users", nil)

	for _, tc := range []struct {
		name, org string
		roles     []string
		want      string
	}{
		{"unknown org", "nope", nil, `fakeserver: unknown organization "nope"`},
		{"unknown role", DefaultOrgID, []string{"RO User", "Nobody"}, `fakeserver: organization ` + DefaultOrgID + ` has no role with ID or name "Nobody"`},
	} {
		tok, err := a.AddToken(tc.org, tc.roles...)
		if err == nil || err.Error() != tc.want || tok != "" {
			t.Errorf("%s: AddToken = %q, %v; want \"\", %q", tc.name, tok, err, tc.want)
		}
	}
}
