package users_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// Fixed IDs of built-in roles in the fake (the astra-cli fixture's).
const (
	astraOrgAdminID      = "ad0566b5-2a67-49de-89e8-92258c2f2c98"
	astraLangflowAdminID = "66c2483d-e6a7-4274-9e85-b1baf2525efa"
	astraROUserID        = "878dccff-b5ab-4567-9f39-adc958da97d2"
	astraBillingAdminID  = "0a861990-bf2e-49af-91e0-026112b5c7b0"
	astraDefaultAdmin    = "admin@tenantkit.example"
)

// astraCustomRole creates a role in env's org and returns it.
func astraCustomRole(t *testing.T, env astraEnv, name string) roles.Role {
	t.Helper()
	r, err := env.roles.Create(context.Background(), roles.Definition{
		Name:   name,
		Policy: roles.Allow([]roles.Action{roles.ActionLangflowFlowRun}, roles.OrgResource(env.Org)),
	})
	if err != nil {
		t.Fatalf("creating role %q: %v", name, err)
	}
	return r
}

func TestUserLifecycleThroughTheSDK(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newAstraEnv(t, transport)
		ctx := context.Background()
		custom := astraCustomRole(t, env, "flow runners")
		env.Attempts.TakeOps()

		invited, err := env.users.Invite(ctx, "Dev@Example.com", roles.ReadOnlyUser, "flow runners")
		if err != nil {
			t.Fatalf("Invite: %v", err)
		}
		want := users.OrgUser{
			UserID: invited.UserID,
			Email:  "dev@example.com",
			Status: users.UserStatusInvited,
			Roles:  []users.UserRole{{ID: astraROUserID, Name: roles.ReadOnlyUser}, {ID: custom.ID, Name: "flow runners"}},
		}
		if diff := testkit.Diff(want, invited); diff != "" || invited.UserID == "" {
			t.Errorf("Invite returned (-want +got):\n%s", diff)
		}
		// Names resolved with one list, the invite, the user read back.
		wantOps := []string{"getOrganizationRoles", "inviteUserToOrganization", "getOrganizationUsers"}
		testkit.WantEqual(t, "requests of Invite", wantOps, env.Attempts.TakeOps())

		got, err := env.users.Get(ctx, invited.UserID)
		if err != nil || !testkit.Equal(want, got) {
			t.Errorf("Get = %+v, %v; want %+v", got, err, want)
		}
		byEmail, err := env.users.ByEmail(ctx, "DEV@example.COM")
		if err != nil || !testkit.Equal(want, byEmail) {
			t.Errorf("ByEmail = %+v, %v; want %+v", byEmail, err, want)
		}

		list, err := env.users.List(ctx)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var emails []string
		for _, u := range list {
			emails = append(emails, u.Email+" "+string(u.Status))
		}
		testkit.WantEqual(t, "List", []string{astraDefaultAdmin + " active", "dev@example.com invited"}, emails)

		if err := env.users.SetRoles(ctx, invited.UserID, roles.BillingAdmin, astraOrgAdminID); err != nil {
			t.Fatalf("SetRoles: %v", err)
		}
		got, err = env.users.Get(ctx, invited.UserID)
		wantRoles := []users.UserRole{{ID: astraBillingAdminID, Name: roles.BillingAdmin}, {ID: astraOrgAdminID, Name: roles.OrganizationAdministrator}}
		if diff := testkit.Diff(wantRoles, got.Roles); err != nil || diff != "" {
			t.Errorf("roles after SetRoles, err %v (-want +got):\n%s", err, diff)
		}

		if err := env.users.Remove(ctx, invited.UserID); err != nil {
			t.Fatalf("Remove: %v", err)
		}
		_, err = env.users.Get(ctx, invited.UserID)
		sdktest.WantAPIError(t, err, client.ErrNotFound, 404, "user not found")
		_, err = env.users.ByEmail(ctx, "dev@example.com")
		if !errors.Is(err, client.ErrNotFound) || err.Error() != `tenantkit: users.Astra.ByEmail: no user with email "dev@example.com": not found` {
			t.Errorf("ByEmail after Remove: err = %v", err)
		}
	})
}

func TestOrganizationIsTheTokensOrg(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.Loopback)
	org, err := env.users.Organization(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := users.Organization{ID: fakeserver.DefaultOrgID, Name: fakeserver.DefaultOrgName}
	testkit.WantEqual(t, "Organization", want, org)
	// Any valid token may read it, even one without roles.
	token, err := env.AddToken(env.Org)
	if err != nil {
		t.Fatal(err)
	}
	if org, err := env.withToken(t, token).users.Organization(context.Background()); err != nil || org.ID != env.Org {
		t.Errorf("Organization with a role-less token = %+v, %v", org, err)
	}
}

func TestInviteWithRoleIDsSkipsTheRoleList(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	u, err := env.users.Invite(context.Background(), "ids@example.com", astraLangflowAdminID)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "roles", []users.UserRole{{ID: astraLangflowAdminID, Name: roles.LangflowAdministrator}}, u.Roles)
	testkit.WantEqual(t, "requests", []string{"inviteUserToOrganization", "getOrganizationUsers"}, env.Attempts.TakeOps())
}

// Without client.WithOrgID, Invite learns the org the body needs from the
// token.
func TestInviteWithoutAClientOrgReadsTheCurrentOrg(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess).Astra.WithOrg(t, "")
	u, err := users.NewAstra(env.Client).Invite(context.Background(), "noorg@example.com", roles.ReadOnlyUser)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "noorg@example.com" || u.Status != users.UserStatusInvited {
		t.Errorf("Invite = %+v", u)
	}
	want := []string{"getOrganizationRoles", "getCurrentOrganization", "inviteUserToOrganization", "getOrganizationUsers"}
	testkit.WantEqual(t, "requests", want, env.Attempts.TakeOps())
}

// An unknown role name fails before the invitation is sent: the only
// request is the role list, and the organization has no new user.
func TestInviteWithAnUnknownRoleNameSendsNothing(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	_, err := env.users.Invite(ctx, "dev@example.com", roles.ReadOnlyUser, "Read Only User")
	want := `tenantkit: users.Astra.Invite: roles.Astra.ResolveIDs: unknown role "Read Only User": not found`
	if err == nil || err.Error() != want || !errors.Is(err, client.ErrNotFound) {
		t.Errorf("err = %v, want %q matching client.ErrNotFound", err, want)
	}
	testkit.WantEqual(t, "requests", []string{"getOrganizationRoles"}, env.Attempts.TakeOps())
	if _, err := env.users.ByEmail(ctx, "dev@example.com"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("ByEmail after the failed invite: err = %v, want not found", err)
	}
}

func TestSetRolesWithAnUnknownRoleNameSendsNothing(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	u, err := env.users.Invite(ctx, "dev@example.com", astraROUserID)
	if err != nil {
		t.Fatal(err)
	}
	env.Attempts.TakeOps()
	err = env.users.SetRoles(ctx, u.UserID, roles.BillingAdmin, "billing admin")
	if !errors.Is(err, client.ErrNotFound) || !strings.Contains(err.Error(), `unknown role "billing admin" (did you mean "Billing Admin"?)`) {
		t.Errorf("err = %v", err)
	}
	testkit.WantEqual(t, "requests", []string{"getOrganizationRoles"}, env.Attempts.TakeOps())
	if got, err := env.users.Get(ctx, u.UserID); err != nil || !testkit.Equal(u, got) {
		t.Errorf("user after the failed SetRoles = %+v, %v; want unchanged %+v", got, err, u)
	}
}

// Inviting an email that is still invited resends the invitation with the
// new roles: same user, roles replaced.
func TestInviteOfAnInvitedUserReplacesItsRoles(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	first, err := env.users.Invite(ctx, "dev@example.com", roles.ReadOnlyUser)
	if err != nil {
		t.Fatal(err)
	}
	second, err := env.users.Invite(ctx, "DEV@example.com", roles.LangflowAdministrator)
	if err != nil {
		t.Fatal(err)
	}
	want := users.OrgUser{
		UserID: first.UserID,
		Email:  "dev@example.com",
		Status: users.UserStatusInvited,
		Roles:  []users.UserRole{{ID: astraLangflowAdminID, Name: roles.LangflowAdministrator}},
	}
	testkit.WantEqual(t, "second Invite", want, second)
	list, err := env.users.List(ctx)
	if err != nil || len(list) != 2 {
		t.Errorf("List = %d users, %v; want 2", len(list), err)
	}
}

func TestInviteOfAnActiveMemberConflicts(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	if _, err := env.users.Invite(ctx, "dev@example.com", roles.ReadOnlyUser); err != nil {
		t.Fatal(err)
	}
	if err := env.AcceptInvitation(env.Org, "dev@example.com"); err != nil {
		t.Fatal(err)
	}
	u, err := env.users.ByEmail(ctx, "dev@example.com")
	if err != nil || u.Status != users.UserStatusActive {
		t.Fatalf("after AcceptInvitation: %+v, %v", u, err)
	}
	_, err = env.users.Invite(ctx, "dev@example.com", roles.BillingAdmin)
	sdktest.WantAPIError(t, err, client.ErrConflict, 409, "user is already a member of the organization")
	if got, _ := env.users.Get(ctx, u.UserID); !testkit.Equal(u, got) {
		t.Errorf("member after the rejected invite = %+v, want unchanged %+v", got, u)
	}
}

func TestUserErrorsAreAPIErrorsWithStatusAndMessage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const unknown = "00000000-0000-4000-8000-000000000000"
	cases := []struct {
		name    string
		call    func(env astraEnv) error
		kind    client.Kind
		status  int
		message string
	}{
		{"get of an unknown user is not found", func(env astraEnv) error {
			_, err := env.users.Get(ctx, unknown)
			return err
		}, client.ErrNotFound, 404, "user not found"},
		{"remove of an unknown user is not found", func(env astraEnv) error {
			return env.users.Remove(ctx, unknown)
		}, client.ErrNotFound, 404, "user not found"},
		{"set roles of an unknown user is not found", func(env astraEnv) error {
			return env.users.SetRoles(ctx, unknown, roles.ReadOnlyUser)
		}, client.ErrNotFound, 404, "user not found"},
		{"an invalid email is a bad request", func(env astraEnv) error {
			_, err := env.users.Invite(ctx, "not-an-email", roles.ReadOnlyUser)
			return err
		}, client.ErrBadRequest, 400, `invalid email address "not-an-email"`},
		{"an email with two @ is a bad request", func(env astraEnv) error {
			_, err := env.users.Invite(ctx, "a@b@example.com", astraROUserID)
			return err
		}, client.ErrBadRequest, 400, `invalid email address "a@b@example.com"`},
		{"an unknown role ID is a bad request", func(env astraEnv) error {
			_, err := env.users.Invite(ctx, "dev@example.com", unknown)
			return err
		}, client.ErrBadRequest, 400, "Role ID not found: " + unknown},
		{"set roles with an unknown role ID is a bad request", func(env astraEnv) error {
			u, err := env.users.ByEmail(ctx, astraDefaultAdmin)
			if err != nil {
				return err
			}
			return env.users.SetRoles(ctx, u.UserID, unknown)
		}, client.ErrBadRequest, 400, "Role ID not found: " + unknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newAstraEnv(t, sdktest.InProcess)
			sdktest.WantAPIError(t, tc.call(env), tc.kind, tc.status, tc.message)
		})
	}
}

func TestUserMethodsRejectMissingArgumentsBeforeSending(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"Get", func() error { _, err := env.users.Get(ctx, ""); return err }, "tenantkit: users.Astra.Get: empty user ID"},
		{"Remove", func() error { return env.users.Remove(ctx, "") }, "tenantkit: users.Astra.Remove: empty user ID"},
		{"SetRoles without a user", func() error { return env.users.SetRoles(ctx, "", roles.ReadOnlyUser) }, "tenantkit: users.Astra.SetRoles: empty user ID"},
		{"SetRoles without roles", func() error { return env.users.SetRoles(ctx, "u1") }, "tenantkit: users.Astra.SetRoles: no roles: name at least one role"},
		{"ByEmail", func() error { _, err := env.users.ByEmail(ctx, " "); return err }, "tenantkit: users.Astra.ByEmail: empty email"},
		{"Invite without an email", func() error { _, err := env.users.Invite(ctx, "", roles.ReadOnlyUser); return err }, "tenantkit: users.Astra.Invite: empty email"},
		{"Invite without roles", func() error { _, err := env.users.Invite(ctx, "dev@example.com"); return err }, "tenantkit: users.Astra.Invite: no roles: name at least one role"},
	}
	for _, tc := range cases {
		if err := tc.call(); err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	if ops := env.Attempts.TakeOps(); len(ops) != 0 {
		t.Errorf("requests sent: %v, want none", ops)
	}
	var nilSvc *users.Astra
	if _, err := nilSvc.List(ctx); err == nil || !strings.Contains(err.Error(), "no client") {
		t.Errorf("List on a nil service: err = %v", err)
	}
	if _, err := users.NewAstra(nil).Invite(ctx, "a@example.com", "x"); err == nil {
		t.Error("Invite without a client: err = nil")
	}
}

func TestUserErrorBodiesDecodeInEveryStyle(t *testing.T) {
	t.Parallel()
	sdktest.WantErrorInEveryStyle(t, fakeserver.WithAstraErrorStyle, client.ErrNotFound, 404, "user not found", func(t *testing.T, a sdktest.Astra) error {
		_, err := users.NewAstra(a.Client).Get(context.Background(), "00000000-0000-4000-8000-000000000000")
		return err
	})
}

// Parallel invites through the SDK keep the store consistent: each email
// ends up as one user, re-invites of one email included, and every user
// holds exactly the roles of one of its invitations.
func TestParallelInvitesKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newAstraEnv(t, transport)
		ctx := context.Background()
		const distinct, repeats = 24, 12
		role := []string{roles.ReadOnlyUser, roles.BillingAdmin, roles.LangflowRunFlow}
		testkit.Concurrently(distinct+repeats, func(i int) {
			email, r := fmt.Sprintf("user%02d@example.com", i), roles.ReadOnlyUser
			if i >= distinct {
				// Mixed case: the same user for the API.
				email = map[bool]string{true: "Shared@Example.com", false: "shared@example.com"}[i%2 == 0]
				r = role[i%len(role)]
			}
			if _, err := env.users.Invite(ctx, email, r); err != nil {
				t.Error(err)
			}
		})

		list, err := env.users.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids, emails []string
		for _, u := range list {
			ids = append(ids, u.UserID)
			emails = append(emails, u.Email)
			if len(u.Roles) != 1 {
				t.Errorf("%s has roles %+v, want exactly one invitation's", u.Email, u.Roles)
			}
		}
		want := []string{astraDefaultAdmin, "shared@example.com"}
		for i := range distinct {
			want = append(want, fmt.Sprintf("user%02d@example.com", i))
		}
		testkit.WantUnique(t, "user ID", ids)
		testkit.WantSameElements(t, "users", want, emails)
	})
}

// astraUserCalls are the user service's calls on a's client, each with the
// permission it needs. Invite and SetRoles name roles by ID, so the role
// list (which needs org-role-read) is not involved.
func astraUserCalls(a sdktest.Astra) []testkit.Call {
	const someID = "00000000-0000-4000-8000-000000000000"
	svc := users.NewAstra(a.Client)
	return []testkit.Call{
		{Name: "List", Permission: "org-user-read", Do: func(ctx context.Context) error { _, err := svc.List(ctx); return err }},
		{Name: "Get", Permission: "org-user-read", Do: func(ctx context.Context) error { _, err := svc.Get(ctx, someID); return err }},
		{Name: "ByEmail", Permission: "org-user-read", Do: func(ctx context.Context) error { _, err := svc.ByEmail(ctx, astraDefaultAdmin); return err }},
		{Name: "Invite", Permission: "org-user-write", Do: func(ctx context.Context) error {
			_, err := svc.Invite(ctx, "dev@example.com", astraROUserID)
			return err
		}},
		{Name: "SetRoles", Permission: "org-user-write", Do: func(ctx context.Context) error { return svc.SetRoles(ctx, someID, astraROUserID) }},
		{Name: "Remove", Permission: "org-user-write", Do: func(ctx context.Context) error { return svc.Remove(ctx, someID) }},
		{Name: "Organization", Do: func(ctx context.Context) error { _, err := svc.Organization(ctx); return err }},
	}
}

// An unknown token is refused every call; so is a token holding only RO
// User, which grants none of their permissions.
func TestEveryUserCallRefusesUnknownTokensAndMissingPermissions(t *testing.T) {
	t.Parallel()
	sdktest.WantAuthEnforced(t, roles.ReadOnlyUser, astraUserCalls)
}

// Inviting by role name also needs the right to read roles: a token that
// may write users but not read roles fails on the role list, before the
// invitation.
func TestInviteByNameNeedsRoleReadToo(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	inviter, err := env.roles.Create(context.Background(), roles.Definition{
		Name:   "inviter",
		Policy: roles.Allow([]roles.Action{roles.ActionOrgUserWrite, roles.ActionOrgUserRead}, roles.OrgResource(env.Org)),
	})
	if err != nil {
		t.Fatal(err)
	}
	token, err := env.AddToken(env.Org, inviter.ID)
	if err != nil {
		t.Fatal(err)
	}
	limited := env.withToken(t, token)
	_, err = limited.users.Invite(context.Background(), "dev@example.com", roles.ReadOnlyUser)
	sdktest.WantAPIError(t, err, client.ErrForbidden, 403, "the token's roles do not grant the org-role-read permission")
	if !strings.HasPrefix(err.Error(), "tenantkit: users.Astra.Invite: roles.Astra.ResolveIDs: getOrganizationRoles GET") {
		t.Errorf("err = %q, want it to name Invite, ResolveIDs and the role list", err)
	}
	// By ID it works: no role list.
	if _, err := limited.users.Invite(context.Background(), "dev@example.com", astraROUserID); err != nil {
		t.Errorf("Invite by ID: %v", err)
	}
}

func TestOrgUserPrintsOnOneLineWithRoleNames(t *testing.T) {
	t.Parallel()
	u := users.OrgUser{
		UserID: "u1",
		Email:  "ada@example.com",
		Status: users.UserStatusInvited,
		Roles:  []users.UserRole{{ID: "r1", Name: "Read Only User"}, {ID: "r2"}},
	}
	got := []string{u.String(), fmt.Sprint(u), fmt.Sprintf("%v", []users.OrgUser{u}), users.OrgUser{}.String()}
	want := []string{
		"{UserID:u1 Email:ada@example.com Status:invited Roles:[Read Only User r2]}",
		"{UserID:u1 Email:ada@example.com Status:invited Roles:[Read Only User r2]}",
		"[{UserID:u1 Email:ada@example.com Status:invited Roles:[Read Only User r2]}]",
		"{UserID: Email: Status: Roles:[]}",
	}
	testkit.WantEqual(t, "printed", want, got)
}
