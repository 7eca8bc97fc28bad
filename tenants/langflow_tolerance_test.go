package tenants_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/tenants"
)

// langflowStubTenantValue is the tenant of testdata/langflow/tenant.json.
func langflowStubTenantValue() tenants.LangflowTenant {
	return tenants.LangflowTenant{
		ID:            langflowStubTenant,
		OrgID:         langflowStubOrg,
		CloudProvider: "aws",
		Region:        "us-west-2",
		Status:        tenants.LangflowStatusProvisioning,
		URL:           "https://aws-us-west-2.langflow.datastax.com/lf/" + langflowStubTenant,
		CreatedAt:     "2025-06-01T12:00:00Z",
		UpdatedAt:     "2025-06-01T12:00:00Z",
	}
}

// The tenant of tenant-with-tenant-id.json: tenant_id becomes ID, unknown
// fields are kept.
func langflowStubTenantWithExtras() tenants.LangflowTenant {
	tn := langflowStubTenantValue()
	tn.Extra = map[string]json.RawMessage{"plan": json.RawMessage(`"free"`), "limits": json.RawMessage(`{"flows": 100}`)}
	return tn
}

const (
	langflowStubCreate = "POST /v1/tenant"
	langflowStubList   = "GET /v1/orgs/" + langflowStubOrg + "/tenants"
	langflowStubGet    = "GET /v1/orgs/" + langflowStubOrg + "/tenant/" + langflowStubTenant
	langflowStubReact  = "PATCH /v1/orgs/" + langflowStubOrg + "/tenant/" + langflowStubTenant + "/reactivate"
)

// The create body is the docs' example (testdata/langflow/langflow-create-request.json).
func TestCreateSendsTheDocsBody(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubCreate: {Status: 201, Body: string(testkit.ReadTestdata(t, "langflow", "tenant.json"))}})
	if _, err := langflowStubService(t, stub).Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"}); err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	if err := json.Unmarshal([]byte(string(testkit.ReadTestdata(t, "langflow", "langflow-create-request.json"))), &want); err != nil {
		t.Fatal(err)
	}
	bodies := stub.Bodies()
	if len(bodies) != 1 || json.Unmarshal([]byte(bodies[0]), &got) != nil {
		t.Fatalf("bodies sent: %q", bodies)
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("create body (-want docs +got):\n%s", diff)
	}
}

func TestCreateAcceptsEveryAnswerShape(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		answer testkit.Reply
		want   tenants.LangflowTenant
	}{
		{"201 with the tenant", testkit.Reply{Status: 201, Body: string(testkit.ReadTestdata(t, "langflow", "tenant.json"))}, langflowStubTenantValue()},
		{"200 with the tenant", testkit.Reply{Status: 200, Body: string(testkit.ReadTestdata(t, "langflow", "tenant.json"))}, langflowStubTenantValue()},
		{"202 with tenant_id and unknown fields", testkit.Reply{Status: 202, Body: string(testkit.ReadTestdata(t, "langflow", "tenant-with-tenant-id.json"))}, langflowStubTenantWithExtras()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubCreate: tc.answer})
			got, err := langflowStubService(t, stub).Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
			if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "Create", tc.want, got)
		})
	}
}

// Without a tenant ID in the answer the SDK cannot name the tenant; it
// says the tenant may exist rather than pretending nothing happened.
func TestCreateWithoutATenantInTheAnswerFailsClearly(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", `{"status":"created"}`, `"accepted"`, `[]`} {
		stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubCreate: {Status: 202, Body: body}})
		_, err := langflowStubService(t, stub).Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
		if err == nil || !strings.HasPrefix(err.Error(), "tenantkit: tenants.Langflow.Create: the tenant may have been created (see List): ") {
			t.Errorf("answer %q: err = %v", body, err)
		}
	}
}

func TestListAcceptsAnArrayOrAWrapperObject(t *testing.T) {
	t.Parallel()
	tenant := string(testkit.ReadTestdata(t, "langflow", "tenant.json"))
	other := string(testkit.ReadTestdata(t, "langflow", "tenant-with-tenant-id.json"))
	both := []tenants.LangflowTenant{langflowStubTenantValue(), langflowStubTenantWithExtras()}
	cases := []struct {
		name string
		body string
		want []tenants.LangflowTenant
	}{
		{"a top-level array", "[" + tenant + "," + other + "]", both},
		{"tenants", `{"tenants":[` + tenant + "," + other + `],"count":2}`, both},
		{"data", `{"status":"ok","data":[` + tenant + "," + other + `]}`, both},
		{"items", `{"items":[` + tenant + "," + other + `]}`, both},
		{"a key in another case", `{"Tenants":[` + tenant + `]}`, []tenants.LangflowTenant{langflowStubTenantValue()}},
		{"an empty array", `[]`, nil},
		{"null", `null`, nil},
		{"an empty body", ``, nil},
		{"a wrapper with a null list", `{"tenants":null}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubList: {Status: 200, Body: tc.body}})
			got, err := langflowStubService(t, stub).List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "List", tc.want, got)
		})
	}
}

func TestAMalformedTenantListIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"results":[]}`, `{"tenants":{}}`, `[{"id":1}]`, `[{"id":"x"`, `{"tenants":[`, `"tenants"`, `[1]`} {
		stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubList: {Status: 200, Body: body}})
		_, err := langflowStubService(t, stub).List(context.Background())
		if err == nil || !strings.HasPrefix(err.Error(), "tenantkit: listLangflowTenants GET /v1/orgs/") {
			t.Errorf("List of %s: err = %v", body, err)
		}
	}
}

func TestGetKeepsUnknownFieldsAndTakesTenantID(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubGet: {Status: 200, Body: string(testkit.ReadTestdata(t, "langflow", "tenant-with-tenant-id.json"))}})
	got, err := langflowStubService(t, stub).Get(context.Background(), langflowStubTenant)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Get", langflowStubTenantWithExtras(), got)
	// Encoding it again keeps the unknown fields.
	out, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(out, &back); err != nil || back["plan"] != "free" || back["id"] != langflowStubTenant || back["tenant_id"] != nil {
		t.Errorf("re-encoded: %s (%v); want plan kept, the ID under id only", out, err)
	}
}

// The reactivate answer is decided as 200 with the tenant; after 202 or
// 204, or an answer without the tenant, the SDK reads it with Get.
func TestReactivateAcceptsEveryAnswerShape(t *testing.T) {
	t.Parallel()
	tenant := string(testkit.ReadTestdata(t, "langflow", "tenant.json"))
	cases := []struct {
		name   string
		answer testkit.Reply
		want   []string
	}{
		{"200 with the tenant", testkit.Reply{Status: 200, Body: tenant}, []string{langflowStubReact}},
		{"204 reads the tenant", testkit.Reply{Status: 204, Body: ""}, []string{langflowStubReact, langflowStubGet}},
		{"202 reads the tenant", testkit.Reply{Status: 202, Body: tenant}, []string{langflowStubReact, langflowStubGet}},
		{"200 without a body reads the tenant", testkit.Reply{Status: 200, Body: ""}, []string{langflowStubReact, langflowStubGet}},
		{"200 with a message reads the tenant", testkit.Reply{Status: 200, Body: `{"message":"reactivating"}`}, []string{langflowStubReact, langflowStubGet}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubReact: tc.answer, langflowStubGet: {Status: 200, Body: tenant}})
			got, err := langflowStubService(t, stub).Reactivate(context.Background(), langflowStubTenant)
			if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "Reactivate", langflowStubTenantValue(), got)
			testkit.WantEqual(t, "requests", tc.want, stub.Lines())
			if bodies := stub.Bodies(); bodies[0] != "" {
				t.Errorf("reactivate sent a body: %q", bodies[0])
			}
		})
	}
}
