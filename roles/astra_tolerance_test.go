package roles_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// The role of testdata/astra/astra-role-policy-string.json, the docs'
// example with the policy as a JSON string.
func astraDocsRole() roles.Role {
	return roles.Role{
		ID:    "b125f9ab-675e-4bc7-9306-5e50a05b7c56",
		Name:  "newRoleName",
		OrgID: "dccb8c32-cc2a-4bea-bd95-47ab8eb20510",
		Policy: roles.Policy{
			Description: "keyspaces",
			Resources:   []string{"drn:astra:org:dccb8c32-cc2a-4bea-bd95-47ab8eb20510"},
			Actions:     []roles.Action{roles.ActionDBAllKeyspaceCreate, roles.ActionDBAllKeyspaceDescribe},
			Effect:      roles.EffectAllow,
		},
		LastUpdateDateTime: "",
		LastUpdateUserID:   "wsbCtHyXCfuSHkiKbYWHsYZa",
	}
}

// TestPolicyStringDecodesLikeObject: a role whose Policy is a JSON string
// holding the policy decodes, with encoding/json alone, to the same Role as
// the object form.
func TestPolicyStringDecodesLikeObject(t *testing.T) {
	t.Parallel()
	var got roles.Role
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "astra", "astra-role-policy-string.json"), &got)
	testkit.WantEqual(t, "decoded role", astraDocsRole(), got)
}

func TestTheDocsRoleExampleDecodesThroughGetAndList(t *testing.T) {
	t.Parallel()
	doc := string(testkit.ReadTestdata(t, "astra", "astra-role-policy-string.json"))
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"GET /v2/organizations/roles/b125f9ab-675e-4bc7-9306-5e50a05b7c56": {Status: 200, Body: doc},
		"GET /v2/organizations/roles":                                      {Status: 200, Body: "[" + doc + "]"},
	})
	svc := roles.NewAstra(sdktest.AstraStubClient(t, stub))
	ctx := context.Background()
	got, err := svc.Get(ctx, "b125f9ab-675e-4bc7-9306-5e50a05b7c56")
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Get", astraDocsRole(), got)
	list, err := svc.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "List", []roles.Role{astraDocsRole()}, list)
}

// The update's answer is decided as 200 with the role; the SDK accepts
// the alternatives and reads the role itself when the answer lacks it.
func TestUpdateAcceptsEveryAnswerShape(t *testing.T) {
	t.Parallel()
	const id = "b125f9ab-675e-4bc7-9306-5e50a05b7c56"
	doc := string(testkit.ReadTestdata(t, "astra", "astra-role-policy-string.json"))
	other := `{"ID":"11111111-1111-4111-8111-111111111111","Name":"other","Policy":{"effect":"allow"}}`
	put := "PUT /v2/organizations/roles/" + id
	get := "GET /v2/organizations/roles/" + id
	cases := []struct {
		name   string
		answer testkit.Reply
		want   []string // requests the update makes
	}{
		{"200 with the role", testkit.Reply{Status: 200, Body: doc}, []string{put}},
		{"200 with an empty body reads the role", testkit.Reply{Status: 200, Body: ""}, []string{put, get}},
		{"204 reads the role", testkit.Reply{Status: 204, Body: ""}, []string{put, get}},
		{"200 with an array takes the element with the ID", testkit.Reply{Status: 200, Body: "[" + other + "," + doc + "]"}, []string{put}},
		{"200 with an array without the role reads it", testkit.Reply{Status: 200, Body: "[" + other + "]"}, []string{put, get}},
		{"200 with another role reads the role", testkit.Reply{Status: 200, Body: other}, []string{put, get}},
		{"200 with a string reads the role", testkit.Reply{Status: 200, Body: `"OK"`}, []string{put, get}},
		{"200 with an object of another shape reads the role", testkit.Reply{Status: 200, Body: `{"Policy":42}`}, []string{put, get}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stub := testkit.NewAstraStub(t, map[string]testkit.Reply{put: tc.answer, get: {Status: 200, Body: doc}})
			got, err := roles.NewAstra(sdktest.AstraStubClient(t, stub)).Update(context.Background(), id, roles.Definition{Name: "newRoleName"})
			if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "Update", astraDocsRole(), got)
			testkit.WantEqual(t, "requests", tc.want, stub.Lines())
		})
	}
}

func TestCreateWithoutTheRoleInTheAnswerReadsItBackByName(t *testing.T) {
	t.Parallel()
	doc := string(testkit.ReadTestdata(t, "astra", "astra-role-policy-string.json"))
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"POST /v2/organizations/roles": {Status: 201, Body: ""},
		"GET /v2/organizations/roles":  {Status: 200, Body: "[" + doc + "]"},
	})
	got, err := roles.NewAstra(sdktest.AstraStubClient(t, stub)).Create(context.Background(), roles.Definition{Name: "newRoleName"})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Create", astraDocsRole(), got)
	testkit.WantEqual(t, "requests", []string{"POST /v2/organizations/roles", "GET /v2/organizations/roles"}, stub.Lines())
}

func TestAMalformedRoleListIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`[{"ID":"x"`, `{"roles":[]}`, `[{"Policy":"{not json"}]`, `[1]`} {
		stub := testkit.NewAstraStub(t, map[string]testkit.Reply{"GET /v2/organizations/roles": {Status: 200, Body: body}})
		if _, err := roles.NewAstra(sdktest.AstraStubClient(t, stub)).List(context.Background()); err == nil {
			t.Errorf("List of %s: err = nil", body)
		}
	}
}

// Request bodies use the spec's lowercase keys, as the docs' curl examples
// do, and the policy's lowercase keys inside.
func TestRoleBodiesUseTheWireKeys(t *testing.T) {
	t.Parallel()
	const id = "b125f9ab-675e-4bc7-9306-5e50a05b7c56"
	doc := string(testkit.ReadTestdata(t, "astra", "astra-role-policy-string.json"))
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"POST /v2/organizations/roles":      {Status: 201, Body: doc},
		"PUT /v2/organizations/roles/" + id: {Status: 200, Body: doc},
	})
	svc := roles.NewAstra(sdktest.AstraStubClient(t, stub))
	def := astraDocsRole()
	def.Policy.Description = "keyspaces"
	if _, err := svc.Create(context.Background(), roles.Definition{Name: def.Name, Policy: def.Policy}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(context.Background(), id, roles.Definition{Name: def.Name, Policy: def.Policy}); err != nil {
		t.Fatal(err)
	}
	body := `{"name":"newRoleName","policy":{"actions":["db-all-keyspace-create","db-all-keyspace-describe"],` +
		`"description":"keyspaces","effect":"allow","resources":["drn:astra:org:dccb8c32-cc2a-4bea-bd95-47ab8eb20510"]}}`
	testkit.WantEqual(t, "bodies", []string{body, body}, stub.Bodies())
}

// TestAstraGetRefusesAnAnswerWithoutTheObject: a 2xx without a body (or
// with null or {}) is not the object asked for.
func TestAstraGetRefusesAnAnswerWithoutTheObject(t *testing.T) {
	t.Parallel()
	sdktest.WantEmptyAnswersRefused(t, "GET /v2/organizations/roles/r1", func(ctx context.Context, c *client.Client) error {
		_, err := roles.NewAstra(c).Get(ctx, "r1")
		return err
	})
}
