package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// TestFlagsReachTheFake runs the binary with each flag that changes what
// the fake answers and makes a request whose answer shows it did: every
// check fails with the flag left out.
func TestFlagsReachTheFake(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	limited := filepath.Join(dir, "limited-token.json")
	writeFile(t, limited, `{"organizations":[{"id":"`+fakeserver.DefaultOrgID+`","name":"limited",
		"roles":[{"name":"User Reader","policy":{"description":"","resources":["drn:astra:org:`+fakeserver.DefaultOrgID+`"],"actions":["org-user-read"]}}],
		"tokens":[{"token":"limited-token","roles":["User Reader"]}]}]}`)
	uiOnlyList := filepath.Join(dir, "ui-only-list.json")
	writeFile(t, uiOnlyList, `{"tenants.list":["super_admin_ui"]}`)
	const unknownTenant = "/api/v2/admin/tenants/00000000-0000-4000-8000-000000000000"

	cases := []struct {
		name  string
		args  []string
		check func(t *testing.T, p *process)
	}{
		{"-role-error-style string", []string{"-role-error-style", "string"}, func(t *testing.T, p *process) {
			role := p.send(t, "POST", "/v2/organizations/roles", p.astra(), `{}`)
			var msg string
			if role.status != 400 || json.Unmarshal([]byte(role.body), &msg) != nil || msg == "" {
				t.Errorf("bad role: %d %s; want 400 with a bare JSON string", role.status, role.body)
			}
			user := p.send(t, "GET", "/v2/organizations/users/nobody", p.astra(), "")
			if user.status != 404 || !strings.HasPrefix(user.body, `{"errors":[`) {
				t.Errorf("unknown user: %d %s; want 404 with the errors object (only roles change)", user.status, user.body)
			}
		}},
		{"-astra-error-style text", []string{"-astra-error-style", "text"}, func(t *testing.T, p *process) {
			for _, path := range []string{"/v2/organizations/users/nobody", "/v2/organizations/roles/nothing"} {
				x := p.send(t, "GET", path, p.astra(), "")
				if x.status != 404 || x.header.Get("Content-Type") != "text/plain; charset=utf-8" || strings.HasPrefix(x.body, "{") {
					t.Errorf("GET %s: %d %s %q; want 404 as text/plain (roles follow the Astra style)", path, x.status, x.header.Get("Content-Type"), x.body)
				}
			}
		}},
		{"-astra-error-style empty -role-error-style object", []string{"-astra-error-style", "empty", "-role-error-style", "object"}, func(t *testing.T, p *process) {
			if x := p.send(t, "GET", "/v2/organizations/users/nobody", p.astra(), ""); x.status != 404 || x.body != "" {
				t.Errorf("unknown user: %d %q; want 404 with no body", x.status, x.body)
			}
			if x := p.send(t, "GET", "/v2/organizations/roles/nothing", p.astra(), ""); x.status != 404 || !strings.HasPrefix(x.body, `{"errors":[`) {
				t.Errorf("unknown role: %d %q; want 404 with the errors object", x.status, x.body)
			}
		}},
		{"-astra-error-style null-message", []string{"-astra-error-style", "null-message"}, func(t *testing.T, p *process) {
			if x := p.send(t, "GET", "/v2/organizations/users/nobody", p.astra(), ""); x.status != 404 || !strings.Contains(x.body, `"message":null`) {
				t.Errorf("unknown user: %d %q; want 404 with a null message", x.status, x.body)
			}
		}},
		{"-policy-as-string", []string{"-policy-as-string"}, func(t *testing.T, p *process) {
			x := p.send(t, "GET", "/v2/organizations/roles", p.astra(), "")
			var list []struct{ Policy json.RawMessage }
			if err := json.Unmarshal([]byte(x.body), &list); err != nil || len(list) == 0 {
				t.Fatalf("roles: %d %v %.200s", x.status, err, x.body)
			}
			if p := list[0].Policy; len(p) == 0 || p[0] != '"' {
				t.Errorf("the first role's Policy is %.80s; want a JSON string", p)
			}
		}},
		{"-permission-denied-status 401", []string{"-permission-denied-status", "401", "-fixture", limited}, func(t *testing.T, p *process) {
			if p.vars["ASTRA_TOKEN"] != "limited-token" {
				t.Fatalf("printed the token %q, want the fixture's", p.vars["ASTRA_TOKEN"])
			}
			if x := p.send(t, "GET", "/v2/organizations/users", p.astra(), ""); x.status != 200 {
				t.Errorf("a permitted call: %d %s", x.status, x.body)
			}
			if x := p.send(t, "GET", "/v2/organizations/roles", p.astra(), ""); x.status != 401 {
				t.Errorf("a call the token's roles do not permit: %d %s; want 401", x.status, x.body)
			}
		}},
		{"-argo-route-roles unit-test", []string{"-argo-route-roles", "unit-test"}, func(t *testing.T, p *process) {
			// The unit tests' table opens tenants.get to UI admins and closes
			// tenants.get_status to restricted ones; the default does the opposite.
			if x := p.send(t, "GET", unknownTenant, argo(p.vars["ARGO_UI_ADMIN_KEY"]), ""); x.status != 404 {
				t.Errorf("a UI admin gets a tenant: %d; want 404 (allowed, no such tenant)", x.status)
			}
			if x := p.send(t, "GET", unknownTenant+"/status", argo(p.vars["ARGO_RESTRICTED_ADMIN_KEY"]), ""); x.status != 403 {
				t.Errorf("a restricted admin gets a status: %d; want 403", x.status)
			}
		}},
		{"-argo-route-roles file", []string{"-argo-route-roles", uiOnlyList}, func(t *testing.T, p *process) {
			if x := p.send(t, "GET", "/api/v2/admin/tenants", argo(p.vars["ARGO_UI_ADMIN_KEY"]), ""); x.status != 200 {
				t.Errorf("a UI admin lists tenants: %d; want 200", x.status)
			}
			for _, key := range []string{"ARGO_ADMIN_KEY", "ARGO_RESTRICTED_ADMIN_KEY"} {
				if x := p.send(t, "GET", "/api/v2/admin/tenants", argo(p.vars[key]), ""); x.status != 403 {
					t.Errorf("%s lists tenants: %d; want 403 (the file lists super_admin_ui only)", key, x.status)
				}
			}
			if x := p.send(t, "GET", unknownTenant, argo(p.vars["ARGO_ADMIN_KEY"]), ""); x.status != 403 {
				t.Errorf("a super admin gets a tenant: %d; want 403 (a route the file leaves out is closed)", x.status)
			}
		}},
		{"-argo-body-limit 16", []string{"-argo-body-limit", "16"}, func(t *testing.T, p *process) {
			body := `{"info":{"name":"longer than sixteen bytes"}}`
			if x := p.send(t, "POST", "/api/v2/admin/tenants", argo(p.vars["ARGO_ADMIN_KEY"]), body); x.status != 400 || !strings.Contains(x.body, "malformed JSON") {
				t.Errorf("a %d-byte body: %d %s; want 400, malformed JSON", len(body), x.status, x.body)
			}
			if x := p.send(t, "POST", "/api/v2/admin/tenants", argo(p.vars["ARGO_ADMIN_KEY"]), `{}`); x.status != 201 {
				t.Errorf("a 2-byte body: %d %s; want 201", x.status, x.body)
			}
		}},
		{"-provisioning-delay 0", []string{"-provisioning-delay", "0"}, func(t *testing.T, p *process) {
			x := p.send(t, "POST", "/v1/tenant", map[string]string{"Authorization": "Bearer " + p.vars["ASTRA_TOKEN"],
				"X-DataStax-Current-Org": p.vars["ORG_ID"], "Content-Type": "application/json"},
				`{"cloud_provider":"aws","region":"us-west-2","org_id":"`+p.vars["ORG_ID"]+`"}`)
			var tenant struct{ Status string }
			if err := json.Unmarshal([]byte(x.body), &tenant); err != nil || x.status != 201 || tenant.Status != "active" {
				t.Errorf("a new Langflow tenant: %d %s; want 201, active at once", x.status, x.body)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := start(t, append([]string{"-addr", "127.0.0.1:0"}, tc.args...)...)
			tc.check(t, p)
		})
	}
}

// TestSeedMakesGeneratedIDsRepeatable starts two processes with the same
// -seed and one with another: the same request creates the same tenant ID
// in the first two only.
func TestSeedMakesGeneratedIDsRepeatable(t *testing.T) {
	t.Parallel()
	create := func(seed string) string {
		p := start(t, "-addr", "127.0.0.1:0", "-seed", seed)
		x := p.send(t, "POST", "/api/v2/admin/tenants", argo(p.vars["ARGO_ADMIN_KEY"]), `{"info":{"name":"seeded"}}`)
		var created struct {
			Data struct{ ID string } `json:"data"`
		}
		if err := json.Unmarshal([]byte(x.body), &created); err != nil || created.Data.ID == "" {
			t.Fatalf("create: %d %s", x.status, x.body)
		}
		return created.Data.ID
	}
	a, b, c := create("7"), create("7"), create("8")
	if a != b || a == c {
		t.Errorf("tenant IDs with seeds 7, 7 and 8: %s, %s, %s; want the first two equal, the third not", a, b, c)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
