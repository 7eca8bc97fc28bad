package users_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

func ExampleArgo_Create() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)

	// The server generates the key and does not return it; Create reads
	// the new user back, so it comes with its key.
	u, err := argo.Create(context.Background(), "t1", users.ArgoUser{
		Name: "ada", Email: "ada@acme.test", Roles: []string{"admin", "admin_ui"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Email, u.Roles)
	fmt.Println("key:", len(u.APIKey), "hex characters")
	fmt.Println(u) // printing a user masks its key
	// Output:
	// ada ada@acme.test [admin admin_ui]
	// key: 64 hex characters
	// {ID:0cd87274-d670-44ca-af0e-0d36c8496db7 Name:ada Email:ada@acme.test APIKey:6ae6**** Roles:[admin admin_ui]}
}

func ExampleArgo_Update() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)

	// A patch: empty fields are left as they are.
	u, err := argo.Update(context.Background(), "t1", "u1", users.ArgoUser{Email: "captain@acme.test"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Email, u.Roles)
	// Output:
	// cap captain@acme.test [admin]
}

func ExampleArgo_RenewAPIKey() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)

	key, err := argo.RenewAPIKey(context.Background(), "t1", "u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("new key:", users.MaskArgoAPIKey(key))
	// Output:
	// new key: 6ae6****
}

func ExampleArgo_ByID() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)
	ctx := context.Background()

	// Across all tenants; ByIDFlat asks for the bare-object form and
	// returns the same user.
	u, err := argo.ByID(ctx, "u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	flat, err := argo.ByIDFlat(ctx, "u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Roles, u.ID == flat.ID && u.APIKey == flat.APIKey)

	_, err = argo.ByID(ctx, "nobody")
	fmt.Println(errors.Is(err, client.ErrNotFound))
	// Output:
	// cap [admin] true
	// true
}

func ExampleArgo_List() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)
	ctx := context.Background()

	us, err := argo.List(ctx, "t1")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range us {
		fmt.Println(u.ID, u.Name, u.Roles)
	}
	// After the last user goes the list is empty, not an error.
	if err := argo.Delete(ctx, "t1", "u1"); err != nil {
		fmt.Println(err)
		return
	}
	us, err = argo.List(ctx, "t1")
	fmt.Println(len(us), us != nil, err)
	// Output:
	// u1 cap [admin]
	// 0 true <nil>
}

func ExampleAstra_Invite() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := users.NewAstra(c)
	ctx := context.Background()

	// Roles by name (resolved through the roles API) or by ID.
	u, err := svc.Invite(ctx, "Ada@Example.com", roles.ReadOnlyUser, roles.LangflowRunFlow)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.UserID, u.Email, u.Status)
	for _, r := range u.Roles {
		fmt.Println(" ", r.ID, r.Name)
	}

	// An unknown role name fails before anything is sent.
	_, err = svc.Invite(ctx, "bob@example.com", "Read Only")
	fmt.Println(errors.Is(err, client.ErrNotFound), err)

	// Once the invitation is accepted, inviting again conflicts.
	if err := srv.AcceptInvitation(srv.Credentials().OrgID, "ada@example.com"); err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Invite(ctx, "ada@example.com", roles.ReadOnlyUser)
	fmt.Println(errors.Is(err, client.ErrConflict), err)
	// Output:
	// 6ae6783f-4fbd-491b-aeb8-8b73a48ed247 ada@example.com invited
	//   878dccff-b5ab-4567-9f39-adc958da97d2 RO User
	//   15681eb4-30f7-4af4-a6b3-be883db509d9 Langflow Run Flow
	// true tenantkit: users.Astra.Invite: roles.Astra.ResolveIDs: unknown role "Read Only": not found
	// true tenantkit: inviteUserToOrganization PUT /v2/organizations/users: 409 Conflict: user is already a member of the organization
}

func ExampleAstra_ByEmail() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := users.NewAstra(c)
	ctx := context.Background()

	// One list request, filtered case-insensitively.
	u, err := svc.ByEmail(ctx, "Admin@TenantKit.example")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Email, u.Status, u.Roles[0].Name)

	_, err = svc.ByEmail(ctx, "nobody@example.com")
	fmt.Println(errors.Is(err, client.ErrNotFound), err)
	// Output:
	// admin@tenantkit.example active Organization Administrator
	// true tenantkit: users.Astra.ByEmail: no user with email "nobody@example.com": not found
}

func ExampleAstra_SetRoles() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := users.NewAstra(c)
	ctx := context.Background()

	u, err := svc.Invite(ctx, "ada@example.com", roles.ReadOnlyUser)
	if err != nil {
		fmt.Println(err)
		return
	}
	// A full replacement: afterwards the user has exactly these roles.
	if err := svc.SetRoles(ctx, u.UserID, roles.BillingAdmin, roles.LangflowAdministrator); err != nil {
		fmt.Println(err)
		return
	}
	u, err = svc.Get(ctx, u.UserID)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range u.Roles {
		fmt.Println(r.Name)
	}
	// Output:
	// Billing Admin
	// Langflow Administrator
}

func ExampleAstra_All() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := users.NewAstra(c)
	ctx := context.Background()

	for _, email := range []string{"ada@example.com", "bob@example.com"} {
		if _, err := svc.Invite(ctx, email, roles.ReadOnlyUser); err != nil {
			fmt.Println(err)
			return
		}
	}
	for u, err := range svc.All(ctx) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(u.Email, u.Status)
	}
	// Output:
	// admin@tenantkit.example active
	// ada@example.com invited
	// bob@example.com invited
}

func ExampleAstra_Remove() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := users.NewAstra(c)
	ctx := context.Background()

	u, err := svc.Invite(ctx, "ada@example.com", roles.ReadOnlyUser)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Removing an invited user cancels the invitation.
	fmt.Println(svc.Remove(ctx, u.UserID))
	err = svc.Remove(ctx, u.UserID)
	fmt.Println(errors.Is(err, client.ErrNotFound))
	// Output:
	// <nil>
	// true
}

func ExampleAstra_Organization() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := users.NewAstra(c)

	org, err := svc.Organization(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(org.ID, org.Name)
	// Output:
	// 5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b tenantkit-fake
}

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
	c, err := srv.SDKClient(fakeserver.AsAstra())
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
	c, err := srv.SDKClient(fakeserver.AsAstra())
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
