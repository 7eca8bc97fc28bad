package users_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// The users of testdata/astra/astra-org-users-list.json.
func astraDocsUsers() []users.OrgUser {
	return []users.OrgUser{
		{
			UserID: "388def78-0040-4dge-b235-d67806929c8f",
			Email:  "john.smith@datastax.com",
			Status: users.UserStatusActive,
			Roles:  []users.UserRole{{ID: "704fc2af-9c11-4c57-b9e5-5667b8889b3e", Name: "Admin User"}},
		},
		{
			UserID: "d8bb706b-95a0-499b-aadc-5a43b4f9042d",
			Email:  "jane.doe@datastax.com",
			Status: users.UserStatusActive,
			Roles:  []users.UserRole{{ID: "21ef3576-0197-415a-b167-d510af12ecf0", Name: "Organization Administrator"}},
		},
	}
}

func TestTheDocsUserExamplesDecodeThroughTheService(t *testing.T) {
	t.Parallel()
	const id = "388def78-0040-4dfe-b235-d67806939c8f"
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"GET /v2/organizations/users":       {Status: 200, Body: string(testkit.ReadTestdata(t, "astra", "astra-org-users-list.json"))},
		"GET /v2/organizations/users/" + id: {Status: 200, Body: string(testkit.ReadTestdata(t, "astra", "astra-get-user.json"))},
	})
	svc := users.NewAstra(sdktest.AstraStubClient(t, stub))
	ctx := context.Background()

	list, err := svc.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "List", astraDocsUsers(), list)
	jane, err := svc.ByEmail(ctx, "Jane.Doe@DataStax.com")
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "ByEmail", astraDocsUsers()[1], jane)
	got, err := svc.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := users.OrgUser{
		UserID: id,
		Email:  "sebastian.estevez@datastax.com",
		Status: users.UserStatusActive,
		Roles:  []users.UserRole{{ID: "704fc2af-9c11-4c57-b9e5-5667b8889b3e", Name: "Admin User"}},
	}
	testkit.WantEqual(t, "Get", want, got)
}

// Some sources put whole roles, with their policy, inside a user; unknown
// statuses pass through as they are.
func TestUsersWithFullRolesAndUnknownStatusesDecode(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"GET /v2/organizations/users": {Status: 200, Body: `{"OrgID":"o1","OrgName":"Acme","Users":[{"UserID":"u1","Email":"a@example.com",` +
			`"Status":"suspended","Roles":[{"ID":"r1","Name":"readers","Policy":{"description":"","resources":["drn:astra:org:o1"],` +
			`"actions":["org-read"],"effect":"allow"},"OrgID":"o1","LastUpdateDateTime":""}]}]}`},
	})
	list, err := users.NewAstra(sdktest.AstraStubClient(t, stub)).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	policy := roles.Allow([]roles.Action{roles.ActionOrgRead}, "drn:astra:org:o1")
	want := []users.OrgUser{{
		UserID: "u1", Email: "a@example.com", Status: "suspended",
		Roles: []users.UserRole{{ID: "r1", Name: "readers", Policy: &policy}},
	}}
	testkit.WantEqual(t, "List", want, list)
}

// The invite is decided to answer 200 with an empty body; when the answer
// carries the user, Invite uses it instead of listing the users.
func TestInviteUsesAUserInTheAnswer(t *testing.T) {
	t.Parallel()
	const answer = `{"UserID":"u9","Email":"dev@example.com","Status":"invited","Roles":[{"ID":"` + astraROUserID + `","Name":"RO User"}]}`
	cases := []struct {
		name   string
		answer testkit.Reply
		want   []string
	}{
		{"a user object", testkit.Reply{Status: 200, Body: answer}, []string{"PUT /v2/organizations/users"}},
		{"an empty body", testkit.Reply{Status: 200, Body: ""}, []string{"PUT /v2/organizations/users", "GET /v2/organizations/users"}},
		{"204", testkit.Reply{Status: 204, Body: ""}, []string{"PUT /v2/organizations/users", "GET /v2/organizations/users"}},
		{"another user's object", testkit.Reply{Status: 200, Body: `{"UserID":"u1","Email":"other@example.com"}`},
			[]string{"PUT /v2/organizations/users", "GET /v2/organizations/users"}},
		{"a message", testkit.Reply{Status: 200, Body: `"invitation sent"`}, []string{"PUT /v2/organizations/users", "GET /v2/organizations/users"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
				"PUT /v2/organizations/users": tc.answer,
				"GET /v2/organizations/users": {Status: 200, Body: `{"OrgID":"o1","Users":[` + answer + `]}`},
			})
			u, err := users.NewAstra(sdktest.AstraStubClient(t, stub, client.WithOrgID("o1"))).Invite(context.Background(), "Dev@Example.com", astraROUserID)
			if err != nil {
				t.Fatal(err)
			}
			want := users.OrgUser{UserID: "u9", Email: "dev@example.com", Status: users.UserStatusInvited,
				Roles: []users.UserRole{{ID: astraROUserID, Name: "RO User"}}}
			testkit.WantEqual(t, "Invite", want, u)
			testkit.WantEqual(t, "requests", tc.want, stub.Lines())
		})
	}
}

// The invite and set-roles bodies use the wire keys of the docs' example
// (testdata/astra/astra-invite-request.json): email, orgID, roles.
func TestInviteAndSetRolesBodiesUseTheWireKeys(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"PUT /v2/organizations/users":          {Status: 200, Body: `{"UserID":"u9","Email":"dev@example.com"}`},
		"PUT /v2/organizations/users/u9/roles": {Status: 204},
	})
	svc := users.NewAstra(sdktest.AstraStubClient(t, stub, client.WithOrgID("o1")))
	ctx := context.Background()
	// Role IDs only, so no role list is needed.
	ids := []string{"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"}
	if _, err := svc.Invite(ctx, "dev@example.com", ids...); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetRoles(ctx, "u9", ids...); err != nil {
		t.Fatal(err)
	}
	wantInvite := `{"email":"dev@example.com","orgID":"o1","roles":["` + ids[0] + `","` + ids[1] + `"]}`
	wantRoles := `{"roles":["` + ids[0] + `","` + ids[1] + `"]}`
	testkit.WantEqual(t, "bodies", []string{wantInvite, wantRoles}, stub.Bodies())
	// The docs' example has the keys Invite sends, and no others.
	type inviteBody struct {
		Email string   `json:"email"`
		OrgID string   `json:"orgID"`
		Roles []string `json:"roles"`
	}
	var doc inviteBody
	if err := testkit.DecodeStrict(testkit.ReadTestdata(t, "astra", "astra-invite-request.json"), &doc); err != nil {
		t.Fatalf("the docs' invite example does not decode into Invite's body: %v", err)
	}
	testkit.WantEqual(t, "docs' invite example", inviteBody{Email: "<userEmail>", OrgID: "<organizationId>", Roles: []string{"<roleId1>", "<roleId2>", "<roleId3>"}}, doc)
}

func TestAMalformedUserListIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"Users":[{"UserID":"u1"`, `{"Users":{}}`, `[]`, `{"Users":[{"Roles":"x"}]}`} {
		stub := testkit.NewAstraStub(t, map[string]testkit.Reply{"GET /v2/organizations/users": {Status: 200, Body: body}})
		if _, err := users.NewAstra(sdktest.AstraStubClient(t, stub)).List(context.Background()); err == nil {
			t.Errorf("List of %s: err = nil", body)
		}
	}
}

// When the invitation went out but the user cannot be read back, the error
// says so, names every step once, and keeps the API error reachable.
func TestInviteSaysTheInvitationWasSentWhenTheReadBackFails(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{
		"PUT /v2/organizations/users": {Status: 200},
		"GET /v2/organizations/users": {Status: 200, Body: `{"OrgID":"o1","Users":[]}`},
	})
	_, err := users.NewAstra(sdktest.AstraStubClient(t, stub, client.WithOrgID("o1"))).Invite(context.Background(), "dev@example.com", astraROUserID)
	want := `tenantkit: users.Astra.Invite: the invitation was sent but reading the user back failed: ` +
		`users.Astra.ByEmail: no user with email "dev@example.com": not found`
	if err == nil || err.Error() != want || !errors.Is(err, client.ErrNotFound) {
		t.Errorf("err = %v, want %q matching client.ErrNotFound", err, want)
	}
}

// TestAstraGetRefusesAnAnswerWithoutTheObject: a 2xx without a body (or
// with null or {}) is not the object asked for.
func TestAstraGetRefusesAnAnswerWithoutTheObject(t *testing.T) {
	t.Parallel()
	sdktest.WantEmptyAnswersRefused(t, "GET /v2/organizations/users/u1", func(ctx context.Context, c *client.Client) error {
		_, err := users.NewAstra(c).Get(ctx, "u1")
		return err
	})
}
