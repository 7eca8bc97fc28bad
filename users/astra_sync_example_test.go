package users_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// Bring an organization to a desired state: plan (a dry run that changes
// nothing), read the plan, apply it. Planning again afterwards finds
// nothing left to do.
func ExampleAstra_PlanAccess() {
	// A fake organization with an administrator, bob and carol.
	f := fakeserver.DefaultFixture()
	f.Organizations[0].Users = append(f.Organizations[0].Users,
		fakeserver.FixtureUser{Email: "bob@example.com", Roles: []string{roles.ReadOnlyUser}},
		fakeserver.FixtureUser{Email: "carol@example.com", Roles: []string{roles.ReadOnlyUser}})
	// spec: a fake for Example functions, which have no testing.T to report violations to.
	srv, err := fakeserver.New(fakeserver.WithFixture(f), fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	orgID := srv.Credentials().OrgID
	c, err := client.New(client.WithBaseURL(srv.URL()),
		client.WithBearerToken(srv.Credentials().AstraToken), client.WithOrgID(orgID))
	if err != nil {
		log.Fatal(err)
	}
	astra := users.NewAstra(c)
	ctx := context.Background()

	want := users.Access{
		Roles: []roles.Definition{{
			Name:   "Auditors",
			Policy: roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(orgID)),
		}},
		Members: []users.Member{
			{Email: "admin@tenantkit.example", Roles: []string{roles.OrganizationAdministrator}},
			{Email: "ada@example.com", Roles: []string{"Auditors", roles.ReadOnlyUser}},
			{Email: "bob@example.com", Roles: []string{"Auditors"}},
		},
	}
	plan, err := astra.PlanAccess(ctx, want, users.RemoveUnlisted()) // nothing is removed without it
	if err != nil {
		log.Fatal(err) // a *users.ValidationError names every problem of want
	}
	fmt.Print(plan)

	res, err := astra.ApplyAccess(ctx, plan)
	if err != nil {
		log.Fatal(err) // a *users.ApplyError says what was done; SyncAccess(want) again finishes
	}
	for _, u := range res.Users { // the users invited or changed, read back once
		fmt.Print(u.Email, " ", u.Status, ":")
		for _, r := range u.Roles {
			fmt.Printf(" %q", r.Name)
		}
		fmt.Println()
	}

	again, err := astra.PlanAccess(ctx, want, users.RemoveUnlisted())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(again)
	// Output:
	// access plan for organization 5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b: create 1 role, invite 1 user, change the roles of 1 user, REMOVE 1 USER; 1 unchanged
	//   + create role "Auditors": org-audits-read on drn:astra:org:5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b
	//   + invite ada@example.com: "Auditors", "RO User"
	//   ~ set the roles of bob@example.com: "RO User" → "Auditors"
	//   - REMOVE carol@example.com (had "RO User")
	// WARNING: applying this plan REMOVES 1 USER from the organization.
	// ada@example.com invited: "Auditors" "RO User"
	// bob@example.com active: "Auditors"
	// access plan for organization 5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b: no changes; 3 unchanged
}

// Invite many users with one read-back: the roles are resolved with one
// list, and the users listed once at the end, whatever the size of the
// organization.
func ExampleAstra_InviteMany() {
	// spec: a fake for Example functions, which have no testing.T to report violations to.
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL()),
		client.WithBearerToken(srv.Credentials().AstraToken), client.WithOrgID(srv.Credentials().OrgID))
	if err != nil {
		log.Fatal(err)
	}
	invited, err := users.NewAstra(c).InviteMany(context.Background(), []users.Member{
		{Email: "ada@example.com", Roles: []string{roles.ReadOnlyUser}},
		{Email: "bob@example.com", Roles: []string{roles.BillingAdmin, roles.ReadOnlyUser}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range invited {
		fmt.Println(u.Email, u.Status, len(u.Roles), "roles")
	}
	for _, call := range srv.Journal().Calls() { // what was sent
		fmt.Println(call.Method, call.Path)
	}
	// Output:
	// ada@example.com invited 1 roles
	// bob@example.com invited 2 roles
	// GET /v2/organizations/roles
	// PUT /v2/organizations/users
	// PUT /v2/organizations/users
	// GET /v2/organizations/users
}
