package users_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

func ExampleAstra_Invite() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
	)
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
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
	)
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
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
	)
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
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
	)
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
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
	)
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
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
	)
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
