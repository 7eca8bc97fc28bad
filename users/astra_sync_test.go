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
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// roleRef looks a role up by name (one request, then the journal is
// forgotten) and returns it as a plan names it.
func (e syncEnv) roleRef(t *testing.T, name string) users.RoleRef {
	t.Helper()
	r, err := roles.NewAstra(e.c).ByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	e.Journal().Reset()
	return users.RoleRef{ID: r.ID, Name: r.Name}
}

func auditors(org string) roles.Definition {
	return roles.Definition{Name: "Auditors", Policy: roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(org))}
}

func TestPlanAccessIsADryRunThatListsEveryChange(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t,
		fakeserver.FixtureUser{Email: "keep@example.com", Roles: []string{roles.ReadOnlyUser}},
		fakeserver.FixtureUser{Email: "bob@example.com", Roles: []string{roles.ReadOnlyUser}},
		fakeserver.FixtureUser{Email: "carol@example.com", Roles: []string{roles.BillingAdmin}},
	)
	ro := e.roleRef(t, roles.ReadOnlyUser)
	want := users.Access{
		Members: []users.Member{
			{Email: "Ada@Example.com", Roles: []string{"Auditors", roles.ReadOnlyUser}},
			{Email: "keep@example.com", Roles: []string{ro.ID}},
			{Email: "BOB@example.com", Roles: []string{"Auditors"}},
			{Email: "admin@tenantkit.example", Roles: []string{roles.OrganizationAdministrator}},
		},
		Roles: []roles.Definition{auditors(e.org)},
	}

	plan, err := e.users.PlanAccess(context.Background(), want)
	if err != nil {
		t.Fatal(err)
	}
	reqs := e.TakeRequests()
	bobID := e.userID(t, "bob@example.com")
	wantPlan := users.AccessPlan{
		OrgID:       e.org,
		CreateRoles: []roles.Definition{auditors(e.org)},
		Invite:      []users.UserChange{{Email: "ada@example.com", To: []users.RoleRef{{Name: "Auditors"}, ro}}},
		SetRoles:    []users.UserChange{{Email: "bob@example.com", UserID: bobID, From: []users.RoleRef{ro}, To: []users.RoleRef{{Name: "Auditors"}}}},
		Unchanged:   2,
		Unlisted:    1,
	}
	testkit.WantEqual(t, "plan", wantPlan, plan)
	testkit.WantEqual(t, "requests", []string{"GET getOrganizationRoles", "GET getOrganizationUsers"}, reqs)
}

// userID finds a user's ID (one request, then the journal is forgotten).
func (e syncEnv) userID(t *testing.T, email string) string {
	t.Helper()
	u, err := e.users.ByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	e.Journal().Reset()
	return u.UserID
}

func TestAccessPlanStringSaysWhatItDoesAndShoutsRemovals(t *testing.T) {
	t.Parallel()
	ro := users.RoleRef{ID: "r-ro", Name: roles.ReadOnlyUser}
	plan := users.AccessPlan{
		OrgID:       "org-1",
		CreateRoles: []roles.Definition{auditors("org-1")},
		UpdateRoles: []users.RoleUpdate{{ID: "r-b", Name: "Builders",
			From: roles.Allow([]roles.Action{roles.ActionLangflowIDERun}, "drn:astra:org:org-1"),
			To:   roles.Allow([]roles.Action{roles.ActionLangflowIDERun, roles.ActionLangflowIDEBuild}, "drn:astra:org:org-1")}},
		Invite:    []users.UserChange{{Email: "ada@example.com", To: []users.RoleRef{{Name: "Auditors"}, ro}}},
		SetRoles:  []users.UserChange{{Email: "bob@example.com", UserID: "u-bob", From: []users.RoleRef{ro}, To: []users.RoleRef{{Name: "Auditors"}}}},
		Remove:    []users.UserChange{{Email: "carol@example.com", UserID: "u-carol", From: []users.RoleRef{ro}}, {Email: "dan@example.com", UserID: "u-dan", From: []users.RoleRef{{ID: "r-x"}}}},
		Unchanged: 3,
	}
	want := `access plan for organization org-1: create 1 role, update 1 role, invite 1 user, change the roles of 1 user, REMOVE 2 USERS; 3 unchanged
  + create role "Auditors": org-audits-read on drn:astra:org:org-1
  ~ update role "Builders": langflow-ide-run on drn:astra:org:org-1 → langflow-ide-run, langflow-ide-build on drn:astra:org:org-1
  + invite ada@example.com: "Auditors", "RO User"
  ~ set the roles of bob@example.com: "RO User" → "Auditors"
  - REMOVE carol@example.com (had "RO User")
  - REMOVE dan@example.com (had r-x)
WARNING: applying this plan REMOVES 2 USERS from the organization.
`
	testkit.WantEqual(t, "String", strings.Split(want, "\n"), strings.Split(plan.String(), "\n"))
	if !plan.RemovesUsers() || len(plan.Remove) != 2 {
		t.Errorf("RemovesUsers = %v with %d removals; want true, 2", plan.RemovesUsers(), len(plan.Remove))
	}
	quiet := users.AccessPlan{OrgID: "org-1", Unchanged: 2, Unlisted: 5}
	if got, want := quiet.String(), "access plan for organization org-1: no changes; 2 unchanged, 5 users not listed, kept\n"; got != want {
		t.Errorf("String of an empty plan = %q; want %q", got, want)
	}
	if !quiet.Empty() || plan.Empty() {
		t.Errorf("Empty = %v for an empty plan, %v for a full one", quiet.Empty(), plan.Empty())
	}
}

// TestSyncAccessInvitesNUsersWithNPlusThreeRequests pins the cost of
// inviting N users into an organization of M: the roles once, the users
// once, one invitation each and one read back at the end: N + 3 requests
// and 2M + N user records read.
func TestSyncAccessInvitesNUsersWithNPlusThreeRequests(t *testing.T) {
	t.Parallel()
	const m, n = 40, 12 // m seeded users besides the administrator
	e := newSyncEnv(t, seededMembers(m, roles.ReadOnlyUser)...)
	want := users.Access{}
	for i := range n {
		want.Members = append(want.Members, users.Member{Email: fmt.Sprintf("new%d@example.com", i), Roles: []string{roles.ReadOnlyUser, roles.BillingAdmin}})
	}
	res, err := e.users.SyncAccess(context.Background(), want)
	if err != nil {
		t.Fatal(err)
	}
	records := e.userRecordsRead(t)
	reqs := e.TakeRequests()
	if len(reqs) != n+3 || count(reqs, "PUT inviteUserToOrganization") != n {
		t.Errorf("%d requests; want %d (N + 3), %d of them invitations:\n%s", len(reqs), n+3, n, strings.Join(reqs, "\n"))
	}
	if orgSize := m + 1; records != 2*orgSize+n {
		t.Errorf("%d user records read; want %d (2M + N)", records, 2*orgSize+n)
	}
	if len(res.Users) != n {
		t.Fatalf("%d users in the result; want %d", len(res.Users), n)
	}
	for i, u := range res.Users {
		if u.Email != want.Members[i].Email || u.UserID == "" || u.Status != users.UserStatusInvited || len(u.Roles) != 2 {
			t.Errorf("user %d = %+v; want %s invited with 2 roles", i, u, want.Members[i].Email)
		}
	}
	plan := res.Plan
	plan.Unchanged, plan.Unlisted = 0, 0 // counts, not steps
	if diff := testkit.Diff(plan, res.Done); diff != "" {
		t.Errorf("Done differs from the plan (-plan +done):\n%s", diff)
	}
}

func TestSyncAccessRemovesNobodyUnlessAsked(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t, seededMembers(3, roles.ReadOnlyUser)...)
	ctx := context.Background()
	want := users.Access{Members: []users.Member{
		{Email: "admin@tenantkit.example", Roles: []string{roles.OrganizationAdministrator}},
		{Email: "user0@example.com", Roles: []string{roles.ReadOnlyUser}},
	}}

	res, err := e.users.SyncAccess(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.RemovesUsers() || res.Plan.Unlisted != 2 || strings.Contains(res.Plan.String(), "REMOVE") {
		t.Errorf("without RemoveUnlisted the plan removes: %v", res.Plan)
	}
	if w := e.writes(); len(w) != 0 {
		t.Errorf("writes without RemoveUnlisted: %q", w)
	}

	plan, err := e.users.PlanAccess(ctx, want, users.RemoveUnlisted())
	if err != nil {
		t.Fatal(err)
	}
	removes, n := plan.RemovesUsers(), len(plan.Remove)
	if !removes || n != 2 || !strings.HasPrefix(strings.Split(plan.String(), "\n")[0], "access plan for organization "+e.org+": REMOVE 2 USERS") {
		t.Errorf("with RemoveUnlisted: RemovesUsers = %v, %d; String:\n%s", removes, n, plan)
	}
	ids := []string{e.userID(t, "user1@example.com"), e.userID(t, "user2@example.com")}
	if _, err := e.users.ApplyAccess(ctx, plan); err != nil {
		t.Fatal(err)
	}
	wantWrites := []string{
		"DELETE /v2/organizations/users/" + ids[0] + " ",
		"DELETE /v2/organizations/users/" + ids[1] + " ",
	}
	testkit.WantEqual(t, "writes", wantWrites, e.writes())
}

// TestSyncAccessRefusesBadInputWholeBeforeWriting gives a desired state
// with one problem of every kind: the error names each, and nothing is
// written. Without a resolver the roles are read (to know which names
// exist); with a loaded one, nothing at all is sent.
func TestSyncAccessRefusesBadInputWholeBeforeWriting(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t)
	bad := users.Access{
		Members: []users.Member{
			{Email: "ada@example.com", Roles: []string{roles.ReadOnlyUser, "ro user", "Wizards"}},
			{Email: "ADA@example.com", Roles: []string{roles.ReadOnlyUser}},
			{Email: "", Roles: []string{roles.ReadOnlyUser}},
			{Email: "bob at example.com", Roles: []string{roles.ReadOnlyUser}},
			{Email: "carol@example.com"},
		},
		Roles: []roles.Definition{
			{Name: "Empty"},
			{Name: roles.BillingAdmin, Policy: roles.Allow([]roles.Action{roles.ActionOrgBillingRead}, roles.OrgResource(e.org))},
		},
	}
	wantProblems := []string{
		`member 2 (ada@example.com): email "ADA@example.com" repeats member 1 (emails compare case-insensitively)`,
		`member 3: empty email`,
		`member 4: malformed email "bob at example.com" (want one address such as ada@example.com)`,
		`member 5 (carol@example.com): no roles (the API requires at least one)`,
		`role 1 ("Empty"): no policy (give it actions and resources, for instance with roles.Allow)`,
		`role 2 ("Billing Admin"): a built-in role, which cannot be changed (give members it by name instead)`,
		`member 1 (ada@example.com): unknown roles "ro user" (did you mean "RO User"?), "Wizards": not found`,
	}
	resolver := roles.NewResolver(e.c)
	for _, withResolver := range []bool{false, true} {
		var opts []users.AccessOption
		wantRequests := []string{"GET getOrganizationRoles"}
		if withResolver {
			if err := resolver.Refresh(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.Journal().Reset()
			opts, wantRequests = []users.AccessOption{users.WithRoleResolver(resolver)}, nil
		}
		res, err := e.users.SyncAccess(context.Background(), bad, opts...)
		var invalid *users.ValidationError
		if !errors.As(err, &invalid) {
			t.Fatalf("SyncAccess = %v; want a *users.ValidationError", err)
		}
		var got []string
		for _, p := range invalid.Problems {
			got = append(got, p.Error())
		}
		testkit.WantEqual(t, "problems", wantProblems, got)
		if !errors.Is(err, roles.ErrUnknownRole) || !errors.Is(err, client.ErrBadRequest) {
			t.Errorf("the error does not match roles.ErrUnknownRole and client.ErrBadRequest: %v", err)
		}
		if !strings.HasPrefix(err.Error(), "tenantkit: users.Astra.PlanAccess: 7 problems, nothing sent; member 2 (ada@example.com): email") {
			t.Errorf("Error() = %q", err)
		}
		if !res.Plan.Empty() {
			t.Errorf("a refused state has a plan: %v", res.Plan)
		}
		if diff := testkit.Diff(wantRequests, e.TakeRequests()); diff != "" {
			t.Errorf("with a resolver: %v: requests (-want +got):\n%s", withResolver, diff)
		}
	}
}

// TestSyncAccessFinishesAPartialApplyWithoutRepeatingIt fails the third
// invitation: the error says which steps took effect and which did not,
// and syncing the same state again sends only the missing writes.
func TestSyncAccessFinishesAPartialApplyWithoutRepeatingIt(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t, seededMembers(5, roles.ReadOnlyUser)...)
	ctx := context.Background()
	ro := e.roleRef(t, roles.ReadOnlyUser)
	want := users.Access{Roles: []roles.Definition{auditors(e.org)}}
	for i := range 5 {
		want.Members = append(want.Members, users.Member{Email: fmt.Sprintf("new%d@example.com", i), Roles: []string{roles.ReadOnlyUser}})
	}
	want.Members = append(want.Members, users.Member{Email: "user0@example.com", Roles: []string{"Auditors"}})
	if err := e.AddFault(fakeserver.Fault{Operation: "inviteUserToOrganization", After: 2, Times: 1, Status: 403, Message: "quota exceeded"}); err != nil {
		t.Fatal(err)
	}

	res, err := e.users.SyncAccess(ctx, want)
	var partial *users.ApplyError
	if !errors.As(err, &partial) || !errors.Is(err, client.ErrForbidden) {
		t.Fatalf("SyncAccess = %v; want an *users.ApplyError wrapping the 403", err)
	}
	invites := func(from, to int) []users.UserChange {
		var out []users.UserChange
		for i := from; i < to; i++ {
			out = append(out, users.UserChange{Email: fmt.Sprintf("new%d@example.com", i), To: []users.RoleRef{ro}})
		}
		return out
	}
	testkit.WantEqual(t, "Done.Invite", invites(0, 2), partial.Done.Invite)
	testkit.WantEqual(t, "NotDone.Invite", invites(2, 5), partial.NotDone.Invite)
	if len(partial.Done.CreateRoles) != 1 || len(partial.NotDone.CreateRoles) != 0 || len(partial.NotDone.SetRoles) != 1 {
		t.Errorf("Done %v\nNotDone %v", partial.Done, partial.NotDone)
	}
	if partial.Step != "invite new2@example.com" || !strings.Contains(err.Error(), "invite new2@example.com failed after 3 of 7 steps") {
		t.Errorf("Step %q, Error() %q", partial.Step, err)
	}
	if diff := testkit.Diff(partial.Done, res.Done); diff != "" {
		t.Errorf("the result's Done differs from the error's (-error +result):\n%s", diff)
	}
	e.Journal().Reset()

	if _, err := e.users.SyncAccess(ctx, want); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range e.writes() {
		got = append(got, strings.SplitN(w, " ", 3)[0]+" "+strings.SplitN(w, " ", 3)[1]+" "+emailIn(w))
	}
	wantWrites := []string{
		"PUT /v2/organizations/users new2@example.com",
		"PUT /v2/organizations/users new3@example.com",
		"PUT /v2/organizations/users new4@example.com",
		"PUT /v2/organizations/users/" + e.userID(t, "user0@example.com") + "/roles ",
	}
	testkit.WantEqual(t, "writes of the second sync", wantWrites, got)
}

// emailIn returns the email of an invitation's body in a journal line.
func emailIn(line string) string {
	_, rest, ok := strings.Cut(line, `"email":"`)
	if !ok {
		return ""
	}
	email, _, _ := strings.Cut(rest, `"`)
	return email
}

// TestSyncAccessCreatesRolesBeforeGivingThem gives members a role that the
// same Access defines: it is created first, and the members get its new
// ID; a role whose policy changed is updated in place.
func TestSyncAccessCreatesRolesBeforeGivingThem(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t)
	ctx := context.Background()
	builders := roles.Definition{Name: "Builders", Policy: roles.Allow([]roles.Action{roles.ActionLangflowIDERun}, roles.OrgResource(e.org))}
	old, err := roles.NewAstra(e.c).Create(ctx, builders)
	if err != nil {
		t.Fatal(err)
	}
	builders.Policy.Actions = append(builders.Policy.Actions, roles.ActionLangflowIDEBuild)
	want := users.Access{
		Roles:   []roles.Definition{auditors(e.org), builders},
		Members: []users.Member{{Email: "ada@example.com", Roles: []string{"Auditors", "Builders"}}},
	}
	res, err := e.users.SyncAccess(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Roles) != 2 || res.Roles[0].Name != "Auditors" || res.Roles[1].ID != old.ID || len(res.Roles[1].Policy.Actions) != 2 {
		t.Fatalf("roles written: %+v", res.Roles)
	}
	if len(res.Users) != 1 {
		t.Fatalf("users: %+v", res.Users)
	}
	var got []string
	for _, r := range res.Users[0].Roles {
		got = append(got, r.ID)
	}
	testkit.WantEqual(t, "ada's role IDs", []string{res.Roles[0].ID, old.ID}, got)

	again, err := e.users.PlanAccess(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() || again.Unchanged != 1 {
		t.Errorf("planning the applied state again: %v", again)
	}
}

// TestSyncAccessAfterAnAmbiguousRoleCreateDoesNotCreateItTwice drops the
// connection after the fake served a role create: the apply fails with an
// error matching client.ErrOutcomeUnknown, and the next sync sees the role
// and does not create it again.
func TestSyncAccessAfterAnAmbiguousRoleCreateDoesNotCreateItTwice(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t)
	ctx := context.Background()
	want := users.Access{
		Roles:   []roles.Definition{auditors(e.org)},
		Members: []users.Member{{Email: "ada@example.com", Roles: []string{"Auditors"}}},
	}
	if err := e.AddFault(fakeserver.Fault{Operation: "addOrganizationRole", Drop: fakeserver.DropAfterServing, Times: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := e.users.SyncAccess(ctx, want)
	var partial *users.ApplyError
	if !errors.As(err, &partial) || !errors.Is(err, client.ErrOutcomeUnknown) || len(partial.NotDone.CreateRoles) != 1 {
		t.Fatalf("SyncAccess = %v; want an *users.ApplyError matching client.ErrOutcomeUnknown, the create not done", err)
	}
	if _, err := e.users.SyncAccess(ctx, want); err != nil {
		t.Fatal(err)
	}
	if n := len(e.Journal().CallsTo("addOrganizationRole")); n != 1 {
		t.Errorf("the role create was sent %d times; want 1", n)
	}
	list, err := roles.NewAstra(e.c).List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range list {
		if r.Name == "Auditors" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d roles named Auditors; want 1", n)
	}
}

func TestInviteManyReadsTheUsersBackOnce(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t, seededMembers(10, roles.ReadOnlyUser)...)
	members := []users.Member{
		{Email: "Ada@Example.com", Roles: []string{roles.ReadOnlyUser}},
		{Email: "bob@example.com", Roles: []string{roles.BillingAdmin, roles.ReadOnlyUser}},
		{Email: "user3@example.com", Roles: []string{roles.BillingAdmin}}, // active: the API refuses
	}
	got, err := e.users.InviteMany(context.Background(), members[:2])
	if err != nil {
		t.Fatal(err)
	}
	wantReqs := []string{"GET getOrganizationRoles", "PUT inviteUserToOrganization", "PUT inviteUserToOrganization", "GET getOrganizationUsers"}
	testkit.WantEqual(t, "requests", wantReqs, e.TakeRequests())
	if len(got) != 2 || got[0].Email != "ada@example.com" || got[1].Email != "bob@example.com" || len(got[1].Roles) != 2 || got[0].UserID == "" {
		t.Errorf("invited users: %+v", got)
	}

	_, err = e.users.InviteMany(context.Background(), members)
	var partial *users.ApplyError
	if !errors.As(err, &partial) || !errors.Is(err, client.ErrConflict) {
		t.Fatalf("InviteMany with an active member = %v; want an *users.ApplyError wrapping the 409", err)
	}
	if len(partial.Done.Invite) != 2 || len(partial.NotDone.Invite) != 1 || partial.NotDone.Invite[0].Email != "user3@example.com" ||
		!strings.HasPrefix(err.Error(), "tenantkit: users.Astra.InviteMany: invite user3@example.com failed after 2 of 3 steps: ") {
		t.Errorf("partial failure: %v\nDone %v\nNotDone %v", err, partial.Done, partial.NotDone)
	}
}

func TestInviteManyRefusesBadMembersBeforeSending(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t)
	_, err := e.users.InviteMany(context.Background(), []users.Member{
		{Email: "ada@example.com", Roles: []string{"Nobody"}},
		{Email: "ada@example.com.", Roles: []string{roles.ReadOnlyUser}},
	})
	var invalid *users.ValidationError
	if !errors.As(err, &invalid) || len(invalid.Problems) != 2 || !errors.Is(err, roles.ErrUnknownRole) {
		t.Fatalf("InviteMany = %v; want a *users.ValidationError with 2 problems", err)
	}
	if w := e.writes(); len(w) != 0 {
		t.Errorf("writes: %q", w)
	}
}

// TestApplyAccessRefusesAHandMadeStepWithoutAUserID: a plan is plain data
// a caller may build; a step that cannot address a user fails before it
// is sent, and the error says what was done before it.
func TestApplyAccessRefusesAHandMadeStepWithoutAUserID(t *testing.T) {
	t.Parallel()
	e := newSyncEnv(t)
	ro := e.roleRef(t, roles.ReadOnlyUser)
	plan := users.AccessPlan{OrgID: e.org,
		Invite:   []users.UserChange{{Email: "ada@example.com", To: []users.RoleRef{ro}}},
		SetRoles: []users.UserChange{{Email: "bob@example.com", To: []users.RoleRef{ro}}},
	}
	_, err := e.users.ApplyAccess(context.Background(), plan)
	var partial *users.ApplyError
	if !errors.As(err, &partial) || len(partial.Done.Invite) != 1 || len(partial.NotDone.SetRoles) != 1 {
		t.Fatalf("ApplyAccess = %v; want an *users.ApplyError after the invitation", err)
	}
	testkit.WantEqual(t, "requests", []string{"PUT inviteUserToOrganization"}, e.TakeRequests())
}
