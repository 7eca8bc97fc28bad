package roles_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
)

func ExampleAstra_Create() {
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
	svc := roles.NewAstra(c)
	org := srv.Credentials().OrgID
	ctx := context.Background()

	def := roles.Definition{
		Name: "Langflow builders",
		Policy: roles.Allow(
			[]roles.Action{roles.ActionLangflowIDEBuild, roles.ActionLangflowFlowRun},
			roles.OrgResource(org),
		),
	}
	role, err := svc.Create(ctx, def)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(role.ID)
	fmt.Println(role.Name, role.Policy.Actions, role.LastUpdateDateTime)

	// Names are unique in an organization.
	_, err = svc.Create(ctx, def)
	fmt.Println(errors.Is(err, client.ErrConflict))
	fmt.Println(err)
	// Output:
	// 6ae6783f-4fbd-491b-aeb8-8b73a48ed247
	// Langflow builders [langflow-ide-build langflow-flow-run] 2025-06-01T12:00:00Z
	// true
	// tenantkit: addOrganizationRole POST /v2/organizations/roles: 409 Conflict: role with name Langflow builders already exists
}

func ExampleAstra_ByName() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := roles.NewAstra(c)

	// One list request, filtered by exact name.
	role, err := svc.ByName(context.Background(), roles.LangflowAdministrator)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(role.ID)
	fmt.Println(role.Policy.Actions)
	fmt.Println(role.Policy.Resources)
	// Output:
	// 66c2483d-e6a7-4274-9e85-b1baf2525efa
	// [langflow-ide-build langflow-ide-run langflow-ide-delete langflow-org-terminate langflow-flow-run langflow-flow-delete]
	// [drn:astra:org:__ORG_ID__]
}

func ExampleAstra_ResolveIDs() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := roles.NewAstra(c)
	ctx := context.Background()

	ids, err := svc.ResolveIDs(ctx, roles.ReadOnlyUser, "16a4b1d7-a615-41f8-95ca-52b0280f4d77")
	fmt.Println(ids, err)

	_, err = svc.ResolveIDs(ctx, roles.ReadOnlyUser, "Read Only User")
	fmt.Println(errors.Is(err, client.ErrNotFound))
	fmt.Println(err)
	// Output:
	// [878dccff-b5ab-4567-9f39-adc958da97d2 16a4b1d7-a615-41f8-95ca-52b0280f4d77] <nil>
	// true
	// tenantkit: roles.Astra.ResolveIDs: unknown role "Read Only User": not found
}

func ExampleAstra_Update() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := roles.NewAstra(c)
	org := srv.Credentials().OrgID
	ctx := context.Background()

	read := []roles.Action{roles.ActionOrgRead}
	role, err := svc.Create(ctx, roles.Definition{Name: "readers", Policy: roles.Allow(read, roles.OrgResource(org))})
	if err != nil {
		fmt.Println(err)
		return
	}
	// PUT replaces the whole definition: name and policy.
	updated, err := svc.Update(ctx, role.ID, roles.Definition{
		Name:   "auditors",
		Policy: roles.Allow([]roles.Action{roles.ActionOrgRead, roles.ActionOrgAuditsRead}, roles.OrgResource(org)),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(updated.Name, updated.Policy.Actions)

	// Built-in roles are protected.
	admin, err := svc.ByName(ctx, roles.OrganizationAdministrator)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Update(ctx, admin.ID, roles.Definition{Name: "mine", Policy: admin.Policy})
	fmt.Println(errors.Is(err, client.ErrForbidden), err)
	// Output:
	// auditors [org-read org-audits-read]
	// true tenantkit: updateRole PUT /v2/organizations/roles/ad0566b5-2a67-49de-89e8-92258c2f2c98: 403 Forbidden: cannot modify a built-in role
}

func ExampleAstra_Delete() {
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	svc := roles.NewAstra(c)
	org := srv.Credentials().OrgID
	ctx := context.Background()

	role, err := svc.Create(ctx, roles.Definition{
		Name:   "temporary",
		Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(org)),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(svc.Delete(ctx, role.ID))
	_, err = svc.Get(ctx, role.ID)
	fmt.Println(errors.Is(err, client.ErrNotFound))
	// Output:
	// <nil>
	// true
}

func ExampleAllow() {
	p := roles.Allow(
		[]roles.Action{roles.ActionDBTableSelect, roles.ActionDBTableDescribe},
		roles.TableResource("org-1", roles.Wildcard, "sales", roles.Wildcard),
	)
	p.Description = "read every sales table"
	fmt.Printf("%s %v %v\n", p.Effect, p.Actions, p.Resources)
	// Output:
	// allow [db-table-select db-table-describe] [drn:astra:org:org-1:db:*:keyspace:sales:table:*]
}
