package roles_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

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

func TestTheDocsRoleExampleDecodesThroughGetAndList(t *testing.T) {
	t.Parallel()
	doc := string(readAstraFixture(t, "astra-role-policy-string.json"))
	stub := newAstraStub(t, map[string]astraStubRoute{
		"GET /v2/organizations/roles/b125f9ab-675e-4bc7-9306-5e50a05b7c56": {200, doc},
		"GET /v2/organizations/roles":                                      {200, "[" + doc + "]"},
	})
	svc := roles.NewAstra(stub.client(t))
	ctx := context.Background()
	got, err := svc.Get(ctx, "b125f9ab-675e-4bc7-9306-5e50a05b7c56")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(astraDocsRole(), got); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
	list, err := svc.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]roles.Role{astraDocsRole()}, list); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
}

// The update's answer is decided as 200 with the role; the SDK accepts
// the alternatives and reads the role itself when the answer lacks it.
func TestUpdateAcceptsEveryAnswerShape(t *testing.T) {
	t.Parallel()
	const id = "b125f9ab-675e-4bc7-9306-5e50a05b7c56"
	doc := string(readAstraFixture(t, "astra-role-policy-string.json"))
	other := `{"ID":"11111111-1111-4111-8111-111111111111","Name":"other","Policy":{"effect":"allow"}}`
	put := "PUT /v2/organizations/roles/" + id
	get := "GET /v2/organizations/roles/" + id
	cases := []struct {
		name   string
		answer astraStubRoute
		want   []string // requests the update makes
	}{
		{"200 with the role", astraStubRoute{200, doc}, []string{put}},
		{"200 with an empty body reads the role", astraStubRoute{200, ""}, []string{put, get}},
		{"204 reads the role", astraStubRoute{204, ""}, []string{put, get}},
		{"200 with an array takes the element with the ID", astraStubRoute{200, "[" + other + "," + doc + "]"}, []string{put}},
		{"200 with an array without the role reads it", astraStubRoute{200, "[" + other + "]"}, []string{put, get}},
		{"200 with another role reads the role", astraStubRoute{200, other}, []string{put, get}},
		{"200 with a string reads the role", astraStubRoute{200, `"OK"`}, []string{put, get}},
		{"200 with an object of another shape reads the role", astraStubRoute{200, `{"Policy":42}`}, []string{put, get}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stub := newAstraStub(t, map[string]astraStubRoute{put: tc.answer, get: {200, doc}})
			got, err := roles.NewAstra(stub.client(t)).Update(context.Background(), id, roles.Definition{Name: "newRoleName"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(astraDocsRole(), got); diff != "" {
				t.Errorf("Update (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, stub.received()); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateWithoutTheRoleInTheAnswerReadsItBackByName(t *testing.T) {
	t.Parallel()
	doc := string(readAstraFixture(t, "astra-role-policy-string.json"))
	stub := newAstraStub(t, map[string]astraStubRoute{
		"POST /v2/organizations/roles": {201, ""},
		"GET /v2/organizations/roles":  {200, "[" + doc + "]"},
	})
	got, err := roles.NewAstra(stub.client(t)).Create(context.Background(), roles.Definition{Name: "newRoleName"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(astraDocsRole(), got); diff != "" {
		t.Errorf("Create (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"POST /v2/organizations/roles", "GET /v2/organizations/roles"}, stub.received()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestAMalformedRoleListIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`[{"ID":"x"`, `{"roles":[]}`, `[{"Policy":"{not json"}]`, `[1]`} {
		stub := newAstraStub(t, map[string]astraStubRoute{"GET /v2/organizations/roles": {200, body}})
		if _, err := roles.NewAstra(stub.client(t)).List(context.Background()); err == nil {
			t.Errorf("List of %s: err = nil", body)
		}
	}
}

// Request bodies use the spec's lowercase keys, as the docs' curl examples
// do, and the policy's lowercase keys inside.
func TestRoleBodiesUseTheWireKeys(t *testing.T) {
	t.Parallel()
	const id = "b125f9ab-675e-4bc7-9306-5e50a05b7c56"
	doc := string(readAstraFixture(t, "astra-role-policy-string.json"))
	stub := newAstraStub(t, map[string]astraStubRoute{
		"POST /v2/organizations/roles":      {201, doc},
		"PUT /v2/organizations/roles/" + id: {200, doc},
	})
	svc := roles.NewAstra(stub.client(t))
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
	if diff := cmp.Diff([]string{body, body}, stub.sentBodies()); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}
