package conformance_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
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

// TestRegistryListsEveryOperationOfTheSpec: the operation registry
// (tenantkit.Operations, generated from openapi.yaml) holds exactly the
// spec's operations, each with its method, path, tag and API, so that what
// reads the registry (the client, the fake, these tests) sees the whole
// spec. A new operation in openapi.yaml is covered once the registry is
// regenerated (go generate .).
func TestRegistryListsEveryOperationOfTheSpec(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	var fromSpec, fromRegistry []string
	for _, o := range operations(doc) {
		api := "astra"
		if o.op.Security != nil && len(*o.op.Security) == 1 {
			if _, ok := (*o.op.Security)[0]["ArgoAPIKey"]; ok {
				api = "argo"
			}
		}
		fromSpec = append(fromSpec, strings.Join([]string{o.method, o.path, o.op.OperationID, strings.Join(o.op.Tags, ","), api}, " "))
	}
	for _, op := range registry() {
		fromRegistry = append(fromRegistry, strings.Join([]string{op.Method, op.Path, string(op.ID), op.Tag, string(op.API)}, " "))
	}
	if diff := testkit.Diff(fromSpec, fromRegistry); diff != "" {
		t.Errorf("the registry differs from openapi.yaml; run go generate . (-spec +registry):\n%s", diff)
	}
	if len(fromRegistry) == 0 {
		t.Error("the registry holds no operations")
	}
}

// registry returns tenantkit.Operations() in the order of operations(doc):
// by path, then method.
func registry() []tenantkit.OperationInfo {
	ops := tenantkit.Operations()
	slices.SortFunc(ops, func(a, b tenantkit.OperationInfo) int {
		return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
	})
	return ops
}

// TestSpecOperationsCarryTagSecurityAndPermission checks what code and tests
// derive from each operation: exactly one known tag, a security requirement,
// and what it needs to be allowed: an ARGO operation names its route
// (unique, in the server's "tenants.<name>" form) and the admin roles of
// the server's default table; an Astra operation that writes names the
// action a token's roles must grant, one of the spec's Actions. Astra error
// responses carry JSON bodies.
func TestSpecOperationsCarryTagSecurityAndPermission(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	actions := specActions(t)
	flavours := []string{string(fakeserver.ArgoSuperAdmin), string(fakeserver.ArgoSuperAdminRestricted), string(fakeserver.ArgoSuperAdminUI)}
	routes := map[string]tenantkit.Operation{}
	for _, info := range registry() {
		id := info.ID
		o := doc.Paths.Find(info.Path).GetOperation(info.Method)
		if !slices.Contains([]string{"tenants", "users", "roles"}, info.Tag) {
			t.Errorf("%s: tag %q, want one of tenants, users, roles", id, info.Tag)
		}
		if o.Security == nil || len(*o.Security) == 0 {
			t.Errorf("%s: no security requirement", id)
		}
		if info.API == tenantkit.APIArgo {
			if !strings.HasPrefix(info.Path, "/api/v2/admin/") {
				t.Errorf("%s: an ARGO admin operation outside /api/v2/admin/: %s", id, info.Path)
			}
			if got := o.Extensions["x-argo-route"]; got != info.ArgoRoute {
				t.Errorf("%s: x-argo-route = %v, the registry says %q", id, got, info.ArgoRoute)
			}
			if !strings.HasPrefix(info.ArgoRoute, "tenants.") || strings.ContainsAny(info.ArgoRoute[len("tenants."):], ". ") {
				t.Errorf("%s: route %q is not of the form tenants.<name>", id, info.ArgoRoute)
			}
			if other, dup := routes[info.ArgoRoute]; dup {
				t.Errorf("%s and %s share the route %q", other, id, info.ArgoRoute)
			}
			routes[info.ArgoRoute] = id
			if !slices.Contains(info.ArgoRoles, string(fakeserver.ArgoSuperAdmin)) {
				t.Errorf("%s: roles %v leave out super_admin, which the default table allows everywhere", id, info.ArgoRoles)
			}
			for _, r := range info.ArgoRoles {
				if !slices.Contains(flavours, r) {
					t.Errorf("%s: role %q is not an admin flavour %v", id, r, flavours)
				}
			}
			continue
		}
		switch {
		case info.Permission != "" && !slices.Contains(actions, info.Permission):
			t.Errorf("%s: x-tenantkit-permission %q is not an Action of the spec", id, info.Permission)
		case info.Permission == "" && info.Method != http.MethodGet:
			t.Errorf("%s: a %s that any valid token may call; name the action it needs (x-tenantkit-permission)", id, info.Method)
		}
		for status := range o.Responses.Map() {
			if status >= "400" && status != "default" && o.Responses.Value(status).Value.Content.Get("application/json") == nil {
				t.Errorf("%s: error response %s has no JSON body", id, status)
			}
		}
	}
}

// TestSpecSuccessStatuses pins the success status of every operation that
// differs from 200: openapi.yaml's decisions, which the fake sends and the
// SDK expects.
func TestSpecSuccessStatuses(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	got := map[tenantkit.Operation]string{}
	for _, o := range operations(doc) {
		for status := range o.op.Responses.Map() {
			if strings.HasPrefix(status, "2") && status != "200" {
				got[tenantkit.Operation(o.op.OperationID)] = status
			}
		}
	}
	want := map[tenantkit.Operation]string{
		tenantkit.OpCreateLangflowTenant:             "201",
		tenantkit.OpAddOrganizationRole:              "201",
		tenantkit.OpDeleteOrganizationRole:           "204",
		tenantkit.OpRemoveUserFromOrganization:       "204",
		tenantkit.OpUpdateRolesForUserInOrganization: "204",
		tenantkit.OpArgoCreateTenant:                 "201",
		tenantkit.OpArgoCreateTenantUser:             "201",
	}
	testkit.WantEqual(t, "non-200 success statuses", want, got)
}
