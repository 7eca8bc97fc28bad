package fakeserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// wirePolicy and wireRole decode role responses strictly enough to compare.
type wirePolicy struct {
	Description string   `json:"description"`
	Resources   []string `json:"resources"`
	Actions     []string `json:"actions"`
	Effect      string   `json:"effect"`
}

type wireRole struct {
	ID                 string     `json:"ID"`
	Name               string     `json:"Name"`
	Policy             wirePolicy `json:"Policy"`
	OrgID              string     `json:"OrgID"`
	LastUpdateDateTime string     `json:"LastUpdateDateTime"`
	LastUpdateUserID   string     `json:"LastUpdateUserID"`
}

func listRolesWire(t testing.TB, c *astraClient) []wireRole {
	t.Helper()
	var roles []wireRole
	if err := json.Unmarshal(c.must(200, "GET", "/v2/organizations/roles", nil).Body, &roles); err != nil {
		t.Fatal(err)
	}
	return roles
}

var langflowActions = []string{
	"langflow-ide-build", "langflow-ide-run", "langflow-ide-delete",
	"langflow-org-terminate", "langflow-flow-run", "langflow-flow-delete",
}

func TestBuiltinRolesMatchAstraCLIFixture(t *testing.T) {
	t.Parallel()
	var fixture []wireRole
	if err := json.Unmarshal(readFixture(t, "astra-cli-roles.json"), &fixture); err != nil {
		t.Fatal(err)
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		byID := map[string]wireRole{}
		for _, r := range listRolesWire(t, c) {
			byID[r.ID] = r
		}
		for _, want := range fixture {
			want.OrgID = DefaultOrgID // the fake fills OrgID on built-ins; the fixture omits it
			if want.Name == "Organization Administrator" {
				// openapi.yaml: Organization Administrator also holds every Langflow action.
				want.Policy.Actions = slices.Concat(want.Policy.Actions, langflowActions)
			}
			if diff := cmp.Diff(want, byID[want.ID]); diff != "" {
				t.Errorf("role %s (-fixture +fake):\n%s", want.Name, diff)
			}
		}
	})
}

func TestBuiltinRolesAreTheEighteenInReferenceOrder(t *testing.T) {
	t.Parallel()
	var want []string
	if err := json.Unmarshal(readFixture(t, "builtin-role-names.json"), &want); err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	var got []string
	for _, r := range listRolesWire(t, c) {
		got = append(got, r.Name)
		if r.OrgID != DefaultOrgID || r.LastUpdateDateTime != "" || r.LastUpdateUserID != "" || r.Policy.Effect != "allow" {
			t.Errorf("built-in role %q: OrgID %q, LastUpdateDateTime %q, LastUpdateUserID %q, effect %q; want org, \"\", \"\", allow",
				r.Name, r.OrgID, r.LastUpdateDateTime, r.LastUpdateUserID, r.Policy.Effect)
		}
		for _, res := range r.Policy.Resources {
			if !strings.HasPrefix(res, "drn:astra:org:__ORG_ID__") {
				t.Errorf("built-in role %q: resource %q lacks the __ORG_ID__ placeholder", r.Name, res)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("built-in role names (-want +got):\n%s", diff)
	}
}

func TestLangflowRolesGrantTheDecidedActions(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	got := map[string][]string{}
	for _, r := range listRolesWire(t, c) {
		got[r.Name] = r.Policy.Actions
	}
	want := map[string][]string{
		"Langflow Administrator": langflowActions,
		"Langflow Run Flow":      {"langflow-flow-run"},
	}
	for name, actions := range want {
		if diff := cmp.Diff(actions, got[name]); diff != "" {
			t.Errorf("%s actions (-want +got):\n%s", name, diff)
		}
	}
}

// TestRoleListGolden pins the default organization's role list byte for
// byte. Set TENANTKIT_UPDATE_GOLDEN=1 to rewrite the golden file.
func TestRoleListGolden(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	got := c.must(200, "GET", "/v2/organizations/roles", nil).Body
	path := filepath.Join("testdata", "astra", "default-roles.golden.json")
	if os.Getenv("TENANTKIT_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("GET /v2/organizations/roles (-golden +got):\n%s", diff)
	}
}

func TestRoleKeysMatchTheDocsExample(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	docs := decode(t, readFixture(t, "docs-role.json")).(map[string]any)
	var cli []any
	if err := json.Unmarshal(readFixture(t, "astra-cli-roles.json"), &cli); err != nil {
		t.Fatal(err)
	}
	// The docs example carries Policy as a string; its keys come from the
	// astra-cli fixture, where it is an object.
	docs["Policy"] = cli[0].(map[string]any)["Policy"]
	want := keyPaths(docs)

	raw := c.must(200, "GET", "/v2/organizations/roles/"+builtinRoleID("Admin User"), nil).Body
	if diff := cmp.Diff(want, keyPaths(decode(t, raw))); diff != "" {
		t.Errorf("role key paths (-docs +fake):\n%s", diff)
	}
	for _, key := range []string{`"ID":`, `"Name":`, `"Policy":{"description":`, `"resources":`, `"actions":`, `"effect":"allow"`, `"OrgID":`, `"LastUpdateDateTime":`, `"LastUpdateUserID":`} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("raw role lacks %s: %s", key, raw)
		}
	}
}

func TestRoleCreateGetUpdateDelete(t *testing.T) {
	t.Parallel()
	forBothTransports(t, []Option{WithSeed(7)}, func(t *testing.T, srv *Server, c *astraClient) {
		clock := clockOf(srv)
		create := map[string]any{
			"name": "Keyspace Reader",
			"policy": map[string]any{
				"description": "reads keyspaces",
				"resources":   []string{"drn:astra:org:" + DefaultOrgID},
				"actions":     []string{"db-all-keyspace-describe", "a-future-action"},
				"effect":      "allow",
			},
		}
		r := c.must(201, "POST", "/v2/organizations/roles", create)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("create Content-Type = %q", ct)
		}
		created := decode(t, r.Body).(map[string]any)
		id, _ := created["ID"].(string)
		if !uuidV4.MatchString(id) {
			t.Fatalf("created role ID %q is not a UUID", id)
		}
		stamp := clock.Now().UTC().Format(time.RFC3339)
		want := map[string]any{
			"ID":                 id,
			"Name":               "Keyspace Reader",
			"Policy":             create["policy"],
			"OrgID":              DefaultOrgID,
			"LastUpdateDateTime": stamp,
			"LastUpdateUserID":   "tenantkitFakeOrgAdmin000",
		}
		want = decode(t, mustJSON(t, want)).(map[string]any)
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("create response (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, decode(t, c.must(200, "GET", "/v2/organizations/roles/"+id, nil).Body)); diff != "" {
			t.Errorf("get after create (-want +got):\n%s", diff)
		}

		clock.Advance(90 * time.Second)
		token, err := srv.AddToken(DefaultOrgID, "Organization Administrator")
		if err != nil {
			t.Fatal(err)
		}
		update := map[string]any{
			"name": "Keyspace Writer",
			"policy": map[string]any{
				"description": "",
				"resources":   []string{"drn:astra:org:" + DefaultOrgID + ":db:*"},
				"actions":     []string{"db-keyspace-create"},
				"effect":      "allow",
			},
		}
		r = c.with(token, "").must(200, "PUT", "/v2/organizations/roles/"+id, update)
		want["Name"] = "Keyspace Writer"
		want["Policy"] = decode(t, mustJSON(t, update["policy"]))
		want["LastUpdateDateTime"] = clock.Now().UTC().Format(time.RFC3339)
		want["LastUpdateUserID"] = token[len("AstraCS:") : len("AstraCS:")+24]
		if diff := cmp.Diff(want, decode(t, r.Body)); diff != "" {
			t.Errorf("update response (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, decode(t, c.must(200, "GET", "/v2/organizations/roles/"+id, nil).Body)); diff != "" {
			t.Errorf("get after update (-want +got):\n%s", diff)
		}
		roles := listRolesWire(t, c)
		if last := roles[len(roles)-1]; len(roles) != 19 || last.ID != id || last.Name != "Keyspace Writer" {
			t.Errorf("list after update: %d roles, last %+v; want 19 with the custom role last", len(roles), last)
		}

		r = c.must(204, "DELETE", "/v2/organizations/roles/"+id, nil)
		if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
			t.Errorf("delete: body %q, Content-Type %q; want none", r.Body, r.Header.Get("Content-Type"))
		}
		wantError(t, c.do("GET", "/v2/organizations/roles/"+id, nil), 404, "role not found")
		if n := len(listRolesWire(t, c)); n != 18 {
			t.Errorf("list after delete: %d roles, want 18", n)
		}
	})
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// customRole is a valid role body with the given name.
func customRole(name string) map[string]any {
	return map[string]any{
		"name": name,
		"policy": map[string]any{
			"description": name,
			"resources":   []string{"drn:astra:org:" + DefaultOrgID},
			"actions":     []string{"org-read"},
			"effect":      "allow",
		},
	}
}

func TestRoleNameConflicts(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		a := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("A")).Body).(map[string]any)["ID"].(string)
		c.must(201, "POST", "/v2/organizations/roles", customRole("B"))
		before := snapshot(t, c)
		cases := []struct {
			name, method, path, roleName, msg string
		}{
			{"create with a custom role's name", "POST", "/v2/organizations/roles", "A", "role with name A already exists"},
			{"create with a built-in role's name", "POST", "/v2/organizations/roles", "Admin User", "role with name Admin User already exists"},
			{"rename to another role's name", "PUT", "/v2/organizations/roles/" + a, "B", "role with name B already exists"},
			{"rename to a built-in role's name", "PUT", "/v2/organizations/roles/" + a, "RO User", "role with name RO User already exists"},
		}
		for _, tc := range cases {
			wantError(t, c.do(tc.method, tc.path, customRole(tc.roleName)), 409, tc.msg)
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("a conflict changed the store (-before +after):\n%s", diff)
		}
		// Names are case-sensitive, and a role may keep its own name.
		c.must(201, "POST", "/v2/organizations/roles", customRole("a"))
		c.must(200, "PUT", "/v2/organizations/roles/"+a, customRole("A"))
	})
}

func TestBuiltinRolesCannotBeModifiedOrDeleted(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		before := snapshot(t, c)
		for _, name := range []string{"Organization Administrator", "Langflow Run Flow", "RO User"} {
			id := builtinRoleID(name)
			wantError(t, c.do("PUT", "/v2/organizations/roles/"+id, customRole("renamed")), 403, "cannot modify a built-in role")
			wantError(t, c.do("DELETE", "/v2/organizations/roles/"+id, nil), 403, "cannot delete a built-in role")
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("store changed (-before +after):\n%s", diff)
		}
	})
}

func TestDeleteOfRoleAssignedToUserConflicts(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		id := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("Temp")).Body).(map[string]any)["ID"].(string)
		c.must(200, "PUT", "/v2/organizations/users", invite("x@example.com", id))
		wantError(t, c.do("DELETE", "/v2/organizations/roles/"+id, nil), 409, "role is assigned to users")

		uid := userIDByEmail(t, c, "x@example.com")
		c.must(204, "PUT", "/v2/organizations/users/"+uid+"/roles", map[string]any{"roles": []string{builtinRoleID("RO User")}})
		c.must(204, "DELETE", "/v2/organizations/roles/"+id, nil)

		// Removing the last holder frees a role too.
		id2 := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("Temp2")).Body).(map[string]any)["ID"].(string)
		c.must(200, "PUT", "/v2/organizations/users", invite("y@example.com", id2, id2))
		c.must(200, "PUT", "/v2/organizations/users", invite("z@example.com", id2))
		c.must(204, "DELETE", "/v2/organizations/users/"+userIDByEmail(t, c, "y@example.com"), nil)
		wantError(t, c.do("DELETE", "/v2/organizations/roles/"+id2, nil), 409, "role is assigned to users")
		c.must(204, "DELETE", "/v2/organizations/users/"+userIDByEmail(t, c, "z@example.com"), nil)
		c.must(204, "DELETE", "/v2/organizations/roles/"+id2, nil)
	})
}

func TestUnknownRoleIsNotFound(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		for _, id := range []string{"6b1c2d3e-0000-4000-8000-000000000000", "x", strings.Repeat("9", 5000), "a%2Fb", "%FF%FE"} {
			path := "/v2/organizations/roles/" + id
			wantError(t, c.do("GET", path, nil), 404, "role not found")
			wantError(t, c.do("PUT", path, customRole("n")), 404, "role not found")
			wantError(t, c.do("DELETE", path, nil), 404, "role not found")
		}
	})
}

func TestRoleBodyValidation(t *testing.T) {
	t.Parallel()
	policy := func(mut func(p map[string]any)) map[string]any {
		p := map[string]any{"description": "d", "resources": []string{"drn:astra:org:x"}, "actions": []string{"org-read"}, "effect": "allow"}
		mut(p)
		return p
	}
	cases := []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"empty body", "", 400, "request body is required"},
		{"malformed JSON", `{"name":`, 400, "malformed JSON in request body at offset 8"},
		{"trailing garbage", `{"name":"x"} x`, 400, "malformed JSON in request body at offset 14"},
		{"not an object", `["name"]`, 400, "request body must be a JSON object"},
		{"name of the wrong type", `{"name":5,"policy":{}}`, 400, `invalid value for "name": want a string, got number`},
		{"policy of the wrong type", `{"name":"n","policy":"{}"}`, 400, `invalid value for "policy": want an object, got string`},
		{"actions of the wrong type", `{"name":"n","policy":{"actions":"org-read"}}`, 400, `invalid value for "policy.actions": want an array, got string`},
		{"action of the wrong type", `{"name":"n","policy":{"actions":[1]}}`, 400, `invalid value for "policy.actions": want a string, got number`},
		{"missing name", map[string]any{"policy": policy(func(map[string]any) {})}, 400, "name is required"},
		{"blank name", map[string]any{"name": " \t ", "policy": policy(func(map[string]any) {})}, 400, "name is required"},
		{"name too long", map[string]any{"name": strings.Repeat("é", 257), "policy": policy(func(map[string]any) {})}, 400, "name must be at most 256 characters"},
		{"missing policy", map[string]any{"name": "n"}, 400, "policy is required"},
		{"null policy", `{"name":"n","policy":null}`, 400, "policy is required"},
		{"deny effect", map[string]any{"name": "n", "policy": policy(func(p map[string]any) { p["effect"] = "deny" })}, 400, `policy.effect must be "allow"`},
		{"missing effect", map[string]any{"name": "n", "policy": policy(func(p map[string]any) { delete(p, "effect") })}, 400, `policy.effect must be "allow"`},
		{"missing description", map[string]any{"name": "n", "policy": policy(func(p map[string]any) { delete(p, "description") })}, 400, "policy.description is required (it may be empty)"},
		{"no actions", map[string]any{"name": "n", "policy": policy(func(p map[string]any) { p["actions"] = []string{} })}, 400, "policy.actions must not be empty"},
		{"no resources", map[string]any{"name": "n", "policy": policy(func(p map[string]any) { delete(p, "resources") })}, 400, "policy.resources must not be empty"},
		{"resource outside the org", map[string]any{"name": "n", "policy": policy(func(p map[string]any) { p["resources"] = []string{"drn:astra:org:x", "arn:aws:s3"} })}, 400, `invalid resource "arn:aws:s3": must start with "drn:astra:org:"`},
		{"oversized body", `{"name":"` + strings.Repeat("n", 1<<20) + `"}`, 413, "request body exceeds the limit of 1 MiB"},
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		custom := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("Mine")).Body).(map[string]any)["ID"].(string)
		before := snapshot(t, c)
		for _, tc := range cases {
			wantError(t, c.do("POST", "/v2/organizations/roles", tc.body), tc.status, tc.msg)
			wantError(t, c.do("PUT", "/v2/organizations/roles/"+custom, tc.body), tc.status, tc.msg)
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("a rejected body changed the store (-before +after):\n%s", diff)
		}
	})
}

func TestRoleRequestKeysMatchCaseInsensitively(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	body := `{"Name":"Upper","POLICY":{"Description":"d","Resources":["drn:astra:org:x"],"ACTIONS":["org-read"],"Effect":"allow"}}`
	r := decode(t, c.must(201, "POST", "/v2/organizations/roles", body).Body).(map[string]any)
	if r["Name"] != "Upper" || r["Policy"].(map[string]any)["description"] != "d" {
		t.Errorf("created role %v; want the upper-case keys honoured", r)
	}
}

func TestPolicyAsStringEmitsPolicyAsJSONString(t *testing.T) {
	t.Parallel()
	forBothTransportsOffSpec(t, []Option{WithPolicyAsString()}, func(t *testing.T, _ *Server, c *astraClient) {
		created := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("S")).Body).(map[string]any)
		list := decode(t, c.must(200, "GET", "/v2/organizations/roles", nil).Body).([]any)
		for _, role := range append([]any{created}, list[0], list[len(list)-1]) {
			s, ok := role.(map[string]any)["Policy"].(string)
			if !ok {
				t.Fatalf("Policy is %T, want a string: %v", role.(map[string]any)["Policy"], role)
			}
			var p wirePolicy
			if err := json.Unmarshal([]byte(s), &p); err != nil || p.Effect != "allow" || len(p.Actions) == 0 {
				t.Errorf("Policy string %q does not hold a policy: %v", s, err)
			}
		}
	})
}

func TestRoleErrorStyleStringAffectsOnlyRoleEndpoints(t *testing.T) {
	t.Parallel()
	forBothTransportsOffSpec(t, []Option{WithRoleErrorStyle(AstraErrorsString)}, func(t *testing.T, _ *Server, c *astraClient) {
		r := c.do("GET", "/v2/organizations/roles/nope", nil)
		if r.Status != 404 || string(r.Body) != `"role not found"` || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("role 404: %d %q %q; want 404, a bare JSON string, application/json", r.Status, r.Body, r.Header.Get("Content-Type"))
		}
		wantError(t, c.do("GET", "/v2/organizations/users/nope", nil), 404, "user not found")
	})
}

func TestAstraErrorStyles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		style       AstraErrorStyle
		contentType string
		body        string
	}{
		{AstraErrorsObject, "application/json", `{"errors":[{"ID":1404,"message":"user not found"}]}`},
		{AstraErrorsString, "application/json", `"user not found"`},
		{AstraErrorsPlainText, "text/plain; charset=utf-8", `user not found`},
		{AstraErrorsEmpty, "", ``},
		{AstraErrorsNullMessage, "application/json", `{"errors":[{"ID":1404,"message":null}]}`},
	}
	for _, tc := range cases {
		c := newAstraClient(t, newOffSpecServer(t, WithAstraErrorStyle(tc.style)), "loopback")
		r := c.do("GET", "/v2/organizations/users/nope", nil)
		got := []string{string(rune('0' + r.Status/100)), r.Header.Get("Content-Type"), string(r.Body)}
		if diff := cmp.Diff([]string{"4", tc.contentType, tc.body}, got); diff != "" {
			t.Errorf("style %d (-want +got):\n%s", tc.style, diff)
		}
	}
	if _, err := New(WithAstraErrorStyle(AstraErrorStyle(99))); err == nil {
		t.Error("New accepted an unknown error style")
	}
}
