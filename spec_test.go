package tenantkit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit"
)

// loadSpec parses and validates openapi.yaml. Open enumerations
// (x-tenantkit-open-enum) lose their enum constraint, as the document asks
// validators to do.
func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(tenantkit.OpenAPI())
	if err != nil {
		t.Fatalf("loading openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI 3.0 document: %v", err)
	}
	for _, ref := range doc.Components.Schemas {
		if open, _ := ref.Value.Extensions["x-tenantkit-open-enum"].(bool); open {
			ref.Value.Enum = nil
		}
	}
	return doc
}

type specOperation struct {
	method, path string
	op           *openapi3.Operation
}

func operations(doc *openapi3.T) []specOperation {
	var ops []specOperation
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			ops = append(ops, specOperation{method, path, op})
		}
	}
	slices.SortFunc(ops, func(a, b specOperation) int {
		return strings.Compare(a.path+" "+a.method, b.path+" "+b.method)
	})
	return ops
}

// TestSpecDescribesEveryOperation pins the 29 operations of the three APIs:
// their methods, paths and operationIds.
func TestSpecDescribesEveryOperation(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	var got []string
	for _, o := range operations(doc) {
		got = append(got, o.method+" "+o.path+" "+o.op.OperationID)
	}
	want := []string{
		"GET /api/v2/admin/tenants argoListTenants",
		"POST /api/v2/admin/tenants argoCreateTenant",
		"DELETE /api/v2/admin/tenants/{ID} argoDeleteTenant",
		"GET /api/v2/admin/tenants/{ID} argoGetTenant",
		"PUT /api/v2/admin/tenants/{ID} argoUpdateTenant",
		"GET /api/v2/admin/tenants/{ID}/status argoGetTenantStatus",
		"PUT /api/v2/admin/tenants/{ID}/status argoUpdateTenantStatus",
		"GET /api/v2/admin/tenants/{ID}/users argoListTenantUsers",
		"POST /api/v2/admin/tenants/{ID}/users argoCreateTenantUser",
		"DELETE /api/v2/admin/tenants/{ID}/users/{USER_ID} argoDeleteTenantUser",
		"GET /api/v2/admin/tenants/{ID}/users/{USER_ID} argoGetTenantUser",
		"PUT /api/v2/admin/tenants/{ID}/users/{USER_ID} argoUpdateTenantUser",
		"POST /api/v2/admin/tenants/{ID}/users/{USER_ID}/renew_api_key argoRenewTenantUserAPIKey",
		"GET /api/v2/admin/users:byID/{ID} argoGetUserByID",
		"GET /v1/orgs/{org_id}/tenant/{tenant_id} getLangflowTenant",
		"PATCH /v1/orgs/{org_id}/tenant/{tenant_id}/reactivate reactivateLangflowTenant",
		"GET /v1/orgs/{org_id}/tenants listLangflowTenants",
		"POST /v1/tenant createLangflowTenant",
		"GET /v2/currentOrg getCurrentOrganization",
		"GET /v2/organizations/roles getOrganizationRoles",
		"POST /v2/organizations/roles addOrganizationRole",
		"DELETE /v2/organizations/roles/{roleID} deleteOrganizationRole",
		"GET /v2/organizations/roles/{roleID} getOrganizationRole",
		"PUT /v2/organizations/roles/{roleID} updateRole",
		"GET /v2/organizations/users getOrganizationUsers",
		"PUT /v2/organizations/users inviteUserToOrganization",
		"DELETE /v2/organizations/users/{userID} removeUserFromOrganization",
		"GET /v2/organizations/users/{userID} getOrganizationUser",
		"PUT /v2/organizations/users/{userID}/roles UpdateRolesForUserInOrganization",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("operations (-want +got):\n%s", diff)
	}
}

// TestSpecOperationsCarryTagSecurityAndPermission checks what code and tests
// derive from each operation: exactly one known tag, a security requirement,
// and the permission (Astra action or ARGO route name) it needs.
func TestSpecOperationsCarryTagSecurityAndPermission(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	argoRoutes := map[string]string{
		"argoListTenants": "tenants.list", "argoCreateTenant": "tenants.create", "argoGetTenant": "tenants.get",
		"argoUpdateTenant": "tenants.update", "argoDeleteTenant": "tenants.delete",
		"argoGetTenantStatus": "tenants.get_status", "argoUpdateTenantStatus": "tenants.update_status",
		"argoListTenantUsers": "tenants.list_users", "argoCreateTenantUser": "tenants.create_user",
		"argoGetTenantUser": "tenants.get_user", "argoUpdateTenantUser": "tenants.update_user",
		"argoDeleteTenantUser": "tenants.delete_user", "argoRenewTenantUserAPIKey": "tenants.user_refresh_token",
		"argoGetUserByID": "tenants.user_by_id",
	}
	for _, o := range operations(doc) {
		id := o.op.OperationID
		if len(o.op.Tags) != 1 || !slices.Contains([]string{"tenants", "users", "roles"}, o.op.Tags[0]) {
			t.Errorf("%s: tags %v, want exactly one of tenants, users, roles", id, o.op.Tags)
		}
		if o.op.Security == nil || len(*o.op.Security) == 0 {
			t.Errorf("%s: no security requirement", id)
		}
		if strings.HasPrefix(o.path, "/api/v2/admin/") {
			if got := o.op.Extensions["x-argo-route"]; got != argoRoutes[id] {
				t.Errorf("%s: x-argo-route = %v, want %q", id, got, argoRoutes[id])
			}
			continue
		}
		perm, _ := o.op.Extensions["x-tenantkit-permission"].(string)
		if (perm == "") != (id == "getCurrentOrganization") {
			t.Errorf("%s: x-tenantkit-permission = %q", id, perm)
		}
		for status := range o.op.Responses.Map() {
			if status >= "400" && status != "default" && o.op.Responses.Value(status).Value.Content.Get("application/json") == nil {
				t.Errorf("%s: error response %s has no JSON body", id, status)
			}
		}
	}
}

// TestSpecSuccessStatuses pins the success status of every Astra operation
// that differs from 200.
func TestSpecSuccessStatuses(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	got := map[string]string{}
	for _, o := range operations(doc) {
		for status := range o.op.Responses.Map() {
			if strings.HasPrefix(status, "2") && status != "200" {
				got[o.op.OperationID] = status
			}
		}
	}
	want := map[string]string{
		"createLangflowTenant":             "201",
		"addOrganizationRole":              "201",
		"deleteOrganizationRole":           "204",
		"removeUserFromOrganization":       "204",
		"UpdateRolesForUserInOrganization": "204",
		"argoCreateTenant":                 "201",
		"argoCreateTenantUser":             "201",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("non-200 success statuses (-want +got):\n%s", diff)
	}
}
