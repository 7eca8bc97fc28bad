package tenantkit_test

import (
	"fmt"
	"testing"

	"github.com/tenantkit/tenantkit"
)

func TestOperationsAreUniqueAndFindable(t *testing.T) {
	ops := tenantkit.Operations()
	if len(ops) != 29 {
		t.Fatalf("openapi.yaml describes 29 operations, the registry %d", len(ops))
	}
	seen := map[tenantkit.Operation]bool{}
	for _, op := range ops {
		if seen[op.ID] {
			t.Errorf("%s is listed twice", op.ID)
		}
		seen[op.ID] = true
		info, ok := op.ID.Info()
		if !ok || info.ID != op.ID || info.Method != op.Method || info.Path != op.Path {
			t.Errorf("%s.Info() = %+v, %v; want the listed %+v", op.ID, info, ok, op)
		}
		if !op.ID.Valid() {
			t.Errorf("%s.Valid() = false", op.ID)
		}
		switch op.API {
		case tenantkit.APIAstra:
			if op.ArgoRoute != "" || op.ArgoRoles != nil || op.ArgoOptions {
				t.Errorf("Astra operation %s has ARGO route facts: %+v", op.ID, op)
			}
		case tenantkit.APIArgo:
			if op.ArgoRoute == "" || len(op.ArgoRoles) == 0 || op.Permission != "" || op.OrgHeader {
				t.Errorf("ARGO operation %s: want a route and roles only, got %+v", op.ID, op)
			}
		default:
			t.Errorf("%s: unknown API %q", op.ID, op.API)
		}
	}
}

func TestOperationInfoIsTheCallersOwn(t *testing.T) {
	a, _ := tenantkit.OpArgoCreateTenant.Info()
	a.ArgoRoles[0] = "changed"
	b, _ := tenantkit.OpArgoCreateTenant.Info()
	if b.ArgoRoles[0] != "super_admin" {
		t.Errorf("a change to one Info result reached the next: %q", b.ArgoRoles)
	}
}

func TestMisspeltOperationIsNotValid(t *testing.T) {
	for _, op := range []tenantkit.Operation{"", "createLangflowTenants", "CreateLangflowTenant", "getorganizationusers"} {
		if op.Valid() {
			t.Errorf("Operation(%q).Valid() = true", op)
		}
		if info, ok := op.Info(); ok {
			t.Errorf("Operation(%q).Info() = %+v, true", op, info)
		}
	}
}

// Every operation carries what openapi.yaml says of it: how it is sent,
// what it needs, and whether sending it again is safe.
func ExampleOperation_Info() {
	info, _ := tenantkit.OpReactivateLangflowTenant.Info()
	fmt.Println(info.API, info.Method, info.Path)
	fmt.Println("permission:", info.Permission, "org header:", info.OrgHeader, "idempotent:", info.Idempotent)

	info, _ = tenantkit.OpArgoGetUserByID.Info()
	fmt.Println(info.API, info.Method, info.Path, info.ArgoRoute, info.ArgoRoles)
	// Output:
	// astra PATCH /v1/orgs/{org_id}/tenant/{tenant_id}/reactivate
	// permission: langflow-ide-build org header: true idempotent: true
	// argo GET /api/v2/admin/users:byID/{ID} tenants.user_by_id [super_admin super_admin_restricted super_admin_ui]
}
