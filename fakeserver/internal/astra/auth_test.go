package astra_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
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
