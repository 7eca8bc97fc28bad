package faketest

import (
	_ "embed"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// langflowCreateDoc is the create-tenant body of the Langflow docs
// (../shared/api-docs/astra-langflow-tenants.txt); ORG_ID stands for the
// organization.
//
//go:embed testdata/docs-langflow-create.json
var langflowCreateDoc string

// LangflowCreateBody is the docs' create-tenant body for org.
func LangflowCreateBody(org string) string {
	return strings.ReplaceAll(langflowCreateDoc, "ORG_ID", org)
}

// LangflowTenant is a Langflow tenant as the API sends it.
type LangflowTenant struct {
	ID            string `json:"id"`
	OrgID         string `json:"org_id"`
	CloudProvider string `json:"cloud_provider"`
	Region        string `json:"region"`
	Status        string `json:"status"`
	URL           string `json:"url"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
}

// CreateLangflowTenant creates a tenant with the docs' body in c's
// organization, under prefix ("" or "/api"), and fails the test unless it
// answers 201.
func CreateLangflowTenant(t testing.TB, c *Client, prefix string) LangflowTenant {
	t.Helper()
	var tn LangflowTenant
	if err := json.Unmarshal(c.Must(201, "POST", prefix+"/v1/tenant", LangflowCreateBody(c.Org)).Body, &tn); err != nil {
		t.Fatal(err)
	}
	return tn
}

// Invite is an invite body for the default organization.
func Invite(email string, roles ...string) map[string]any {
	return map[string]any{"email": email, "orgID": fakeserver.DefaultOrgID, "roles": roles}
}

// CustomRole is a valid role body with the given name.
func CustomRole(name string) map[string]any {
	return map[string]any{
		"name": name,
		"policy": map[string]any{
			"description": name,
			"resources":   []string{"drn:astra:org:" + fakeserver.DefaultOrgID},
			"actions":     []string{"org-read"},
			"effect":      "allow",
		},
	}
}

// GetLangflowTenant reads a tenant of c's organization and fails the test
// unless it answers 200.
func GetLangflowTenant(t testing.TB, c *Client, id string) LangflowTenant {
	t.Helper()
	var tn LangflowTenant
	if err := json.Unmarshal(c.Must(200, "GET", "/v1/orgs/"+c.Org+"/tenant/"+id, nil).Body, &tn); err != nil {
		t.Fatal(err)
	}
	return tn
}

// AstraState captures everything the Astra API shows of the default
// organization, to prove that a failed request changed nothing.
func AstraState(t testing.TB, c *Client) map[string]any {
	t.Helper()
	return map[string]any{
		"users":   Decode(t, c.Must(200, "GET", "/v2/organizations/users", nil).Body),
		"roles":   Decode(t, c.Must(200, "GET", "/v2/organizations/roles", nil).Body),
		"tenants": Decode(t, c.Must(200, "GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenants", nil).Body),
	}
}

// UserJSON is a user as Decode decodes it, with built-in roles by name.
func UserJSON(id, email, status string, roles ...string) map[string]any {
	rs := []any{}
	for _, name := range roles {
		rs = append(rs, map[string]any{"ID": astra.BuiltinRoleID(name), "Name": name})
	}
	return map[string]any{"UserID": id, "Email": email, "Status": status, "Roles": rs}
}

// UserListJSON is the default organization's user list as Decode decodes
// it.
func UserListJSON(users ...map[string]any) map[string]any {
	us := []any{}
	for _, u := range users {
		us = append(us, u)
	}
	return map[string]any{"OrgID": fakeserver.DefaultOrgID, "OrgName": fakeserver.DefaultOrgName, "Users": us}
}

// UserIDByEmail finds a user's ID through the list endpoint.
func UserIDByEmail(t testing.TB, c *Client, email string) string {
	t.Helper()
	var list struct {
		Users []struct{ UserID, Email string }
	}
	if err := json.Unmarshal(c.Must(200, "GET", "/v2/organizations/users", nil).Body, &list); err != nil {
		t.Fatal(err)
	}
	for _, u := range list.Users {
		if u.Email == email {
			return u.UserID
		}
	}
	t.Fatalf("no user %q", email)
	return ""
}

// AstraUnchanged captures the Astra state (AstraState) and returns a check
// that fails the test if the state has changed since, naming what changed
// it: that a failed request changed nothing.
func AstraUnchanged(t testing.TB, c *Client) func(what string) {
	t.Helper()
	before := AstraState(t, c)
	return func(what string) {
		t.Helper()
		if diff := testkit.Diff(before, AstraState(t, c)); diff != "" {
			t.Errorf("%s changed the store (-before +after):\n%s", what, diff)
		}
	}
}
