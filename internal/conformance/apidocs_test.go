package conformance_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// apidocs holds the examples of the seed API documents, at the module's
// root.
const apidocs = "../../testdata/apidocs"

// argoEnvelope is the ARGO response envelope, for decoding example bodies
// strictly.
type argoEnvelope[T any] struct {
	Status struct {
		Message string `json:"message"`
		Code    string `json:"code"`
		Details string `json:"details,omitempty"`
	} `json:"status"`
	Data T `json:"data"`
}

// The wire bodies the SDK sends or reads inside its methods without
// exporting them, in the shapes of openapi.yaml's schemas of these names.
type (
	orgUserList struct {
		OrgID   string          `json:"OrgID"`
		OrgName string          `json:"OrgName"`
		Users   []users.OrgUser `json:"Users"`
	}
	inviteRequest struct {
		Email string   `json:"email"`
		OrgID string   `json:"orgID"`
		Roles []string `json:"roles"`
	}
	argoRenewedKey struct {
		APIKey string `json:"api_key"`
	}
)

// decodeStrict decodes into a new T and fails on unknown keys, so an example
// key the SDK's types would silently drop is caught.
func decodeStrict[T any](b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var v T
	return dec.Decode(&v)
}

// TestAPIDocExamples checks every JSON example of the seed API documents
// (testdata/apidocs, see its README for the examples the documents print
// malformed) against openapi.yaml's schemas and the SDK's types.
func TestAPIDocExamples(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	cases := []struct {
		file   string
		schema string
		decode func([]byte) error
		// schemaErr is the substring of the expected validation error, for
		// examples that show a documented alternative rather than the wire.
		schemaErr string
	}{
		{"astra-org-users-list.json", "OrgUserList", decodeStrict[orgUserList], ""},
		{"astra-invite-request.json", "InviteRequest", decodeStrict[inviteRequest], ""},
		{"astra-get-user.json", "OrgUser", decodeStrict[users.OrgUser], ""},
		// The policy arrives as a JSON string here: openapi.yaml says object,
		// the SDK decodes both.
		{"astra-role-policy-string.json", "Role", decodeStrict[roles.Role], `"/Policy": value must be an object`},
		{"langflow-create-request.json", "LangflowCreateRequest", decodeStrict[tenants.LangflowCreateRequest], ""},
		{"argo-list-tenants-super-admin.json", "ArgoTenantListResponse", decodeStrict[argoEnvelope[[]tenants.ArgoTenant]], ""},
		{"argo-list-tenants-restricted.json", "ArgoTenantListResponse", decodeStrict[argoEnvelope[[]tenants.ArgoTenant]], ""},
		{"argo-list-tenants-ui.json", "ArgoTenantListResponse", decodeStrict[argoEnvelope[[]tenants.ArgoTenant]], ""},
		{"argo-get-tenant.json", "ArgoTenantListResponse", decodeStrict[argoEnvelope[[]tenants.ArgoTenant]], ""},
		{"argo-get-tenant-ui.json", "ArgoTenantListResponse", decodeStrict[argoEnvelope[[]tenants.ArgoTenant]], ""},
		{"argo-user-by-id.json", "ArgoUserByIDResponse", decodeStrict[argoEnvelope[[]users.ArgoUser]], ""},
		{"argo-user-by-id-flat.json", "ArgoUserByIDResponse", decodeStrict[users.ArgoUser], ""},
		{"argo-create-tenant-request.json", "ArgoTenantInput", decodeStrict[tenants.ArgoTenant], ""},
		{"argo-create-tenant-response.json", "ArgoCreatedResponse", decodeStrict[argoEnvelope[tenants.ArgoCreated]], ""},
		{"argo-update-tenant-request.json", "ArgoTenantInput", decodeStrict[tenants.ArgoTenant], ""},
		{"argo-update-tenant-response.json", "ArgoMessageResponse", decodeStrict[argoEnvelope[*struct{}]], ""},
		{"argo-delete-tenant-response.json", "ArgoMessageResponse", decodeStrict[argoEnvelope[*struct{}]], ""},
		{"argo-get-status-response.json", "ArgoTenantStatusResponse", decodeStrict[argoEnvelope[[]tenants.ArgoTenantStatus]], ""},
		// The document misspells "blank_recomputation" as "blank_recompuation";
		// the server ignores unknown keys, so the body is valid but that flag
		// stays false. Strict decoding reports the misspelt key.
		{"argo-update-status-request.json", "ArgoEngineStatusInput", func(b []byte) error {
			err := decodeStrict[tenants.ArgoEngineStatus](b)
			if err == nil || !strings.Contains(err.Error(), `"blank_recompuation"`) {
				return err
			}
			return json.Unmarshal(b, new(tenants.ArgoEngineStatus))
		}, ""},
		{"argo-update-status-response.json", "ArgoMessageResponse", decodeStrict[argoEnvelope[*struct{}]], ""},
		{"argo-create-user-request.json", "ArgoUserInput", decodeStrict[users.ArgoUser], ""},
		{"argo-create-user-response.json", "ArgoCreatedResponse", decodeStrict[argoEnvelope[tenants.ArgoCreated]], ""},
		{"argo-update-user-request.json", "ArgoUserInput", decodeStrict[users.ArgoUser], ""},
		{"argo-update-user-response.json", "ArgoMessageResponse", decodeStrict[argoEnvelope[*struct{}]], ""},
		{"argo-renew-key-response.json", "ArgoRenewedKeyResponse", decodeStrict[argoEnvelope[argoRenewedKey]], ""},
		{"argo-delete-user-response.json", "ArgoMessageResponse", decodeStrict[argoEnvelope[*struct{}]], ""},
		{"argo-list-users-response.json", "ArgoUserListResponse", decodeStrict[argoEnvelope[[]users.ArgoUser]], ""},
		{"argo-get-user-response.json", "ArgoUserListResponse", decodeStrict[argoEnvelope[[]users.ArgoUser]], ""},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(filepath.Join(apidocs, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var value any
			if err := json.Unmarshal(body, &value); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			ref := doc.Components.Schemas[tc.schema]
			if ref == nil {
				t.Fatalf("openapi.yaml has no schema %q", tc.schema)
			}
			err = ref.Value.VisitJSON(value)
			switch {
			case tc.schemaErr == "" && err != nil:
				t.Errorf("does not validate against %s: %v", tc.schema, err)
			case tc.schemaErr != "" && (err == nil || !strings.Contains(err.Error(), tc.schemaErr)):
				t.Errorf("validation against %s = %v, want an error about %s", tc.schema, err, tc.schemaErr)
			}
			if err := tc.decode(body); err != nil {
				t.Errorf("does not decode into the SDK type: %v", err)
			}
		})
	}

	// Every example file is covered, and every malformed original really is
	// malformed (so its correction is needed).
	files, err := filepath.Glob(filepath.Join(apidocs, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		switch {
		case strings.HasSuffix(name, ".json") && !seen[name]:
			t.Errorf("%s: example not checked", name)
		case strings.HasSuffix(name, ".malformed.txt"):
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if json.Valid(b) {
				t.Errorf("%s is valid JSON; use it as the example instead of a correction", name)
			}
			if _, err := os.Stat(strings.TrimSuffix(f, ".malformed.txt") + ".json"); err != nil {
				t.Errorf("%s has no corrected .json beside it", name)
			}
		}
	}
}
