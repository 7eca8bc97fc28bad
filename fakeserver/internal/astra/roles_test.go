package astra_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
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

func listRolesWire(t testing.TB, c *faketest.Client) []wireRole {
	t.Helper()
	var roles []wireRole
	if err := json.Unmarshal(c.Must(200, "GET", "/v2/organizations/roles", nil).Body, &roles); err != nil {
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
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		byID := map[string]wireRole{}
		for _, r := range listRolesWire(t, c) {
			byID[r.ID] = r
		}
		for _, want := range fixture {
			want.OrgID = fakeserver.DefaultOrgID // the fake fills OrgID on built-ins; the fixture omits it
			if want.Name == "Organization Administrator" {
				// openapi.yaml: Organization Administrator also holds every Langflow action.
				want.Policy.Actions = slices.Concat(want.Policy.Actions, langflowActions)
			}
			if diff := testkit.Diff(want, byID[want.ID]); diff != "" {
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
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	var got []string
	for _, r := range listRolesWire(t, c) {
		got = append(got, r.Name)
		if r.OrgID != fakeserver.DefaultOrgID || r.LastUpdateDateTime != "" || r.LastUpdateUserID != "" || r.Policy.Effect != "allow" {
			t.Errorf("built-in role %q: OrgID %q, LastUpdateDateTime %q, LastUpdateUserID %q, effect %q; want org, \"\", \"\", allow",
				r.Name, r.OrgID, r.LastUpdateDateTime, r.LastUpdateUserID, r.Policy.Effect)
		}
		for _, res := range r.Policy.Resources {
			if !strings.HasPrefix(res, "drn:astra:org:__ORG_ID__") {
				t.Errorf("built-in role %q: resource %q lacks the __ORG_ID__ placeholder", r.Name, res)
			}
		}
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("built-in role names (-want +got):\n%s", diff)
	}
}

func TestLangflowRolesGrantTheDecidedActions(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	got := map[string][]string{}
	for _, r := range listRolesWire(t, c) {
		got[r.Name] = r.Policy.Actions
	}
	want := map[string][]string{
		"Langflow Administrator": langflowActions,
		"Langflow Run Flow":      {"langflow-flow-run"},
	}
	for name, actions := range want {
		if diff := testkit.Diff(actions, got[name]); diff != "" {
			t.Errorf("%s actions (-want +got):\n%s", name, diff)
		}
	}
}

// TestRoleListGolden pins the default organization's role list byte for
// byte. Set TENANTKIT_UPDATE_GOLDEN=1 to rewrite the golden file.
func TestRoleListGolden(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	got := c.Must(200, "GET", "/v2/organizations/roles", nil).Body
	path := filepath.Join("testdata", "default-roles.golden.json")
	if os.Getenv("TENANTKIT_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := testkit.Diff(string(want), string(got)); diff != "" {
		t.Errorf("GET /v2/organizations/roles (-golden +got):\n%s", diff)
	}
}

func TestRoleKeysMatchTheDocsExample(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	docs := faketest.Decode(t, readFixture(t, "docs-role.json")).(map[string]any)
	var cli []any
	if err := json.Unmarshal(readFixture(t, "astra-cli-roles.json"), &cli); err != nil {
		t.Fatal(err)
	}
	// The docs example carries Policy as a string; its keys come from the
	// astra-cli fixture, where it is an object.
	docs["Policy"] = cli[0].(map[string]any)["Policy"]
	want := faketest.KeyPaths(docs)

	raw := c.Must(200, "GET", "/v2/organizations/roles/"+astra.BuiltinRoleID("Admin User"), nil).Body
	if diff := testkit.Diff(want, faketest.KeyPaths(faketest.Decode(t, raw))); diff != "" {
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
	faketest.EachTarget(t, []fakeserver.Option{fakeserver.WithSeed(7)}, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		clock := e.Clock
		create := map[string]any{
			"name": "Keyspace Reader",
			"policy": map[string]any{
				"description": "reads keyspaces",
				"resources":   []string{"drn:astra:org:" + fakeserver.DefaultOrgID},
				"actions":     []string{"db-all-keyspace-describe", "a-future-action"},
				"effect":      "allow",
			},
		}
		r := c.Must(201, "POST", "/v2/organizations/roles", create)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("create Content-Type = %q", ct)
		}
		created := faketest.Decode(t, r.Body).(map[string]any)
		id, _ := created["ID"].(string)
		if !uuidV4.MatchString(id) {
			t.Fatalf("created role ID %q is not a UUID", id)
		}
		stamp := clock.Now().UTC().Format(time.RFC3339)
		want := map[string]any{
			"ID":                 id,
			"Name":               "Keyspace Reader",
			"Policy":             create["policy"],
			"OrgID":              fakeserver.DefaultOrgID,
			"LastUpdateDateTime": stamp,
			"LastUpdateUserID":   "tenantkitFakeOrgAdmin000",
		}
		want = faketest.Decode(t, faketest.MustJSON(t, want)).(map[string]any)
		if diff := testkit.Diff(want, created); diff != "" {
			t.Errorf("create response (-want +got):\n%s", diff)
		}
		if diff := testkit.Diff(want, faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/roles/"+id, nil).Body)); diff != "" {
			t.Errorf("get after create (-want +got):\n%s", diff)
		}

		clock.Advance(90 * time.Second)
		token, err := srv.AddToken(fakeserver.DefaultOrgID, "Organization Administrator")
		if err != nil {
			t.Fatal(err)
		}
		update := map[string]any{
			"name": "Keyspace Writer",
			"policy": map[string]any{
				"description": "",
				"resources":   []string{"drn:astra:org:" + fakeserver.DefaultOrgID + ":db:*"},
				"actions":     []string{"db-keyspace-create"},
				"effect":      "allow",
			},
		}
		r = c.With(token, "").Must(200, "PUT", "/v2/organizations/roles/"+id, update)
		want["Name"] = "Keyspace Writer"
		want["Policy"] = faketest.Decode(t, faketest.MustJSON(t, update["policy"]))
		want["LastUpdateDateTime"] = clock.Now().UTC().Format(time.RFC3339)
		want["LastUpdateUserID"] = token[len("AstraCS:") : len("AstraCS:")+24]
		if diff := testkit.Diff(want, faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("update response (-want +got):\n%s", diff)
		}
		if diff := testkit.Diff(want, faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/roles/"+id, nil).Body)); diff != "" {
			t.Errorf("get after update (-want +got):\n%s", diff)
		}
		roles := listRolesWire(t, c)
		if last := roles[len(roles)-1]; len(roles) != 19 || last.ID != id || last.Name != "Keyspace Writer" {
			t.Errorf("list after update: %d roles, last %+v; want 19 with the custom role last", len(roles), last)
		}

		r = c.Must(204, "DELETE", "/v2/organizations/roles/"+id, nil)
		if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
			t.Errorf("delete: body %q, Content-Type %q; want none", r.Body, r.Header.Get("Content-Type"))
		}
		faketest.WantError(t, c.Do("GET", "/v2/organizations/roles/"+id, nil), 404, "role not found")
		if n := len(listRolesWire(t, c)); n != 18 {
			t.Errorf("list after delete: %d roles, want 18", n)
		}
	})
}

func TestRoleNameConflicts(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		a := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("A")).Body).(map[string]any)["ID"].(string)
		c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("B"))
		unchanged := faketest.AstraUnchanged(t, c)
		cases := []struct {
			name, method, path, roleName, msg string
		}{
			{"create with a custom role's name", "POST", "/v2/organizations/roles", "A", "role with name A already exists"},
			{"create with a built-in role's name", "POST", "/v2/organizations/roles", "Admin User", "role with name Admin User already exists"},
			{"rename to another role's name", "PUT", "/v2/organizations/roles/" + a, "B", "role with name B already exists"},
			{"rename to a built-in role's name", "PUT", "/v2/organizations/roles/" + a, "RO User", "role with name RO User already exists"},
		}
		for _, tc := range cases {
			faketest.WantError(t, c.Do(tc.method, tc.path, faketest.CustomRole(tc.roleName)), 409, tc.msg)
		}
		unchanged("a conflict")
		// Names are case-sensitive, and a role may keep its own name.
		c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("a"))
		c.Must(200, "PUT", "/v2/organizations/roles/"+a, faketest.CustomRole("A"))
	})
}

func TestBuiltinRolesCannotBeModifiedOrDeleted(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		unchanged := faketest.AstraUnchanged(t, c)
		for _, name := range []string{"Organization Administrator", "Langflow Run Flow", "RO User"} {
			id := astra.BuiltinRoleID(name)
			faketest.WantError(t, c.Do("PUT", "/v2/organizations/roles/"+id, faketest.CustomRole("renamed")), 403, "cannot modify a built-in role")
			faketest.WantError(t, c.Do("DELETE", "/v2/organizations/roles/"+id, nil), 403, "cannot delete a built-in role")
		}
		unchanged("the requests")
	})
}

func TestDeleteOfRoleAssignedToUserConflicts(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		id := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("Temp")).Body).(map[string]any)["ID"].(string)
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("x@example.com", id))
		faketest.WantError(t, c.Do("DELETE", "/v2/organizations/roles/"+id, nil), 409, "role is assigned to users")

		uid := faketest.UserIDByEmail(t, c, "x@example.com")
		c.Must(204, "PUT", "/v2/organizations/users/"+uid+"/roles", map[string]any{"roles": []string{astra.BuiltinRoleID("RO User")}})
		c.Must(204, "DELETE", "/v2/organizations/roles/"+id, nil)

		// Removing the last holder frees a role too.
		id2 := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("Temp2")).Body).(map[string]any)["ID"].(string)
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("y@example.com", id2, id2))
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("z@example.com", id2))
		c.Must(204, "DELETE", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, "y@example.com"), nil)
		faketest.WantError(t, c.Do("DELETE", "/v2/organizations/roles/"+id2, nil), 409, "role is assigned to users")
		c.Must(204, "DELETE", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, "z@example.com"), nil)
		c.Must(204, "DELETE", "/v2/organizations/roles/"+id2, nil)
	})
}

func TestUnknownRoleIsNotFound(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		for _, id := range []string{"6b1c2d3e-0000-4000-8000-000000000000", "x", strings.Repeat("9", 5000), "a%2Fb", "%FF%FE"} {
			path := "/v2/organizations/roles/" + id
			faketest.WantError(t, c.Do("GET", path, nil), 404, "role not found")
			faketest.WantError(t, c.Do("PUT", path, faketest.CustomRole("n")), 404, "role not found")
			faketest.WantError(t, c.Do("DELETE", path, nil), 404, "role not found")
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
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		custom := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("Mine")).Body).(map[string]any)["ID"].(string)
		unchanged := faketest.AstraUnchanged(t, c)
		for _, tc := range cases {
			faketest.WantError(t, c.Do("POST", "/v2/organizations/roles", tc.body), tc.status, tc.msg)
			faketest.WantError(t, c.Do("PUT", "/v2/organizations/roles/"+custom, tc.body), tc.status, tc.msg)
		}
		unchanged("a rejected body")
	})
}

func TestRoleRequestKeysMatchCaseInsensitively(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	body := `{"Name":"Upper","POLICY":{"Description":"d","Resources":["drn:astra:org:x"],"ACTIONS":["org-read"],"Effect":"allow"}}`
	r := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", body).Body).(map[string]any)
	if r["Name"] != "Upper" || r["Policy"].(map[string]any)["description"] != "d" {
		t.Errorf("created role %v; want the upper-case keys honoured", r)
	}
}

func TestPolicyAsStringEmitsPolicyAsJSONString(t *testing.T) {
	t.Parallel()
	faketest.EachTargetOffSpec(t, []fakeserver.Option{fakeserver.WithPolicyAsString()}, func(t *testing.T, e faketest.Env) {
		c := e.C
		created := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("S")).Body).(map[string]any)
		list := faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/roles", nil).Body).([]any)
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
	faketest.EachTargetOffSpec(t, []fakeserver.Option{fakeserver.WithRoleErrorStyle(fakeserver.AstraErrorsString)}, func(t *testing.T, e faketest.Env) {
		c := e.C
		r := c.Do("GET", "/v2/organizations/roles/nope", nil)
		if r.Status != 404 || string(r.Body) != `"role not found"` || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("role 404: %d %q %q; want 404, a bare JSON string, application/json", r.Status, r.Body, r.Header.Get("Content-Type"))
		}
		faketest.WantError(t, c.Do("GET", "/v2/organizations/users/nope", nil), 404, "user not found")
	})
}

func TestAstraErrorStyles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		style       fakeserver.AstraErrorStyle
		contentType string
		body        string
	}{
		{fakeserver.AstraErrorsObject, "application/json", `{"errors":[{"ID":1404,"message":"user not found"}]}`},
		{fakeserver.AstraErrorsString, "application/json", `"user not found"`},
		{fakeserver.AstraErrorsPlainText, "text/plain; charset=utf-8", `user not found`},
		{fakeserver.AstraErrorsEmpty, "", ``},
		{fakeserver.AstraErrorsNullMessage, "application/json", `{"errors":[{"ID":1404,"message":null}]}`},
	}
	for _, tc := range cases {
		c := faketest.Loopback(t, faketest.NewOffSpec(t, fakeserver.WithAstraErrorStyle(tc.style)))
		r := c.Do("GET", "/v2/organizations/users/nope", nil)
		got := []string{string(rune('0' + r.Status/100)), r.Header.Get("Content-Type"), string(r.Body)}
		if diff := testkit.Diff([]string{"4", tc.contentType, tc.body}, got); diff != "" {
			t.Errorf("style %d (-want +got):\n%s", tc.style, diff)
		}
	}
	if _, err := fakeserver.New(fakeserver.WithAstraErrorStyle(fakeserver.AstraErrorStyle(99))); err == nil {
		t.Error("New accepted an unknown error style")
	}
}
