package roles_test

import (
	"fmt"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/roles"
)

func TestResourceNameBuilders(t *testing.T) {
	t.Parallel()
	const org = "dccb8c32-cc2a-4bea-bd95-47ab8eb20510"
	got := []string{
		roles.OrgResource(org),
		roles.DatabaseResource(org, roles.Wildcard),
		roles.KeyspaceResource(org, "db1", roles.Wildcard),
		roles.TableResource(org, "db1", "ks", "t"),
		roles.StreamResource(org),
		roles.RoleResource(org),
		roles.OrgResource(roles.OrgPlaceholder),
	}
	want := []string{
		"drn:astra:org:" + org,
		"drn:astra:org:" + org + ":db:*",
		"drn:astra:org:" + org + ":db:db1:keyspace:*",
		"drn:astra:org:" + org + ":db:db1:keyspace:ks:table:t",
		"drn:astra:org:" + org + ":stream:*",
		"drn:astra:org:" + org + ":role:*",
		"drn:astra:org:__ORG_ID__",
	}
	testkit.WantEqual(t, "resource names", want, got)
	for _, name := range got {
		if !roles.IsResourceName(name) {
			t.Errorf("IsResourceName(%q) = false, want true", name)
		}
	}
	for _, bad := range []string{"", "drn:astra:org:", "drn:astra:org::db:*", "arn:aws:iam::1", "org:123"} {
		if roles.IsResourceName(bad) {
			t.Errorf("IsResourceName(%q) = true, want false", bad)
		}
	}
}

func TestBuiltinNames(t *testing.T) {
	t.Parallel()
	names := roles.BuiltinNames()
	if len(names) != 18 {
		t.Fatalf("%d built-in roles, want 18: %q", len(names), names)
	}
	names[0] = "mutated"
	if !roles.IsBuiltin(roles.OrganizationAdministrator) {
		t.Error("mutating the returned slice changed the built-in set")
	}
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Admin Svc Acct", true},
		{"Langflow Run Flow", true},
		{"admin svc acct", false},                // names compare exactly
		{"Administrator Service Account", false}, // a UI label, not an API name
		{"my role", false},
	} {
		if got := roles.IsBuiltin(tc.name); got != tc.want {
			t.Errorf("IsBuiltin(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func ExampleTableResource() {
	fmt.Println(roles.TableResource("my-org", roles.Wildcard, "sales", roles.Wildcard))
	// Output: drn:astra:org:my-org:db:*:keyspace:sales:table:*
}
