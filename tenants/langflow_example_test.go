package tenants_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
)

func ExampleLangflow_WaitActive() {
	clock := client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(clock),
		fakeserver.WithProvisioningDelay(5*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	lf := tenants.NewLangflow(c)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	tn, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tn.Status)

	tn, err = lf.WaitActive(ctx, tn.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tn.Status, "after", clock.Slept()) // polls at 0, 1, 3 and 7 s
	fmt.Println(tn.URL)

	// A deactivated tenant cannot become active by waiting.
	if err := srv.DeactivateLangflowTenant(tn.ID); err != nil {
		fmt.Println(err)
		return
	}
	_, err = lf.WaitActive(ctx, tn.ID)
	var se *tenants.LangflowStatusError
	fmt.Println(errors.As(err, &se), se.Status)
	// Output:
	// created
	// active after 7s
	// https://aws-us-west-2.langflow.datastax.com/lf/6ae6783f-4fbd-491b-aeb8-8b73a48ed247
	// true deactivated
}

func ExampleLangflow_Watch() {
	clock := client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(clock),
		fakeserver.WithProvisioningDelay(5*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	lf := tenants.NewLangflow(c)
	ctx := context.Background()

	tn, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp", Region: "us-central1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	start := clock.Now()
	for tn, err := range lf.Watch(ctx, tn.ID) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-4s %s\n", clock.Now().Sub(start), tn.Status)
	}
	// Output:
	// 0s   created
	// 1s   provisioning
	// 3s   provisioning
	// 7s   active
}

func ExampleLangflow_Create() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
		fakeserver.WithProvisioningDelay(5*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	lf := tenants.NewLangflow(c)

	// The organization comes from the client (client.WithOrgID).
	tn, err := lf.Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "AWS", Region: "eu-west-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tn.ID)
	fmt.Println(tn.OrgID, tn.CloudProvider, tn.Region, tn.Status, tn.CreatedAt)

	// A client without an organization cannot create tenants.
	noOrg, err := client.New(client.WithBaseURL(srv.URL()), client.WithBearerToken(srv.Credentials().AstraToken))
	if err != nil {
		log.Fatal(err)
	}
	_, err = tenants.NewLangflow(noOrg).Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "eu-west-1"})
	fmt.Println(err)
	// Output:
	// 6ae6783f-4fbd-491b-aeb8-8b73a48ed247
	// 5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b aws eu-west-1 created 2025-06-01T12:00:00Z
	// tenantkit: tenants.Langflow.Create: the client has no organization ID: set it with client.WithOrgID (the Langflow endpoints need it in the path and the X-DataStax-Current-Org header)
}

func ExampleLangflow_Reactivate() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
		fakeserver.WithProvisioningDelay(5*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	lf := tenants.NewLangflow(c)
	ctx := context.Background()

	tn, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "azure", Region: "eastus"})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The service deactivates idle tenants; the fake has a hook for it.
	if err := srv.DeactivateLangflowTenant(tn.ID); err != nil {
		fmt.Println(err)
		return
	}
	tn, err = lf.Reactivate(ctx, tn.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tn.Status)
	tn, err = lf.WaitActive(ctx, tn.ID)
	fmt.Println(tn.Status, err)
	// Output:
	// reactivating
	// active <nil>
}

func ExampleLangflow_All() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))),
		fakeserver.WithProvisioningDelay(5*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	lf := tenants.NewLangflow(c)
	ctx := context.Background()

	for _, region := range []string{"us-west-2", "eu-west-1"} {
		if _, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: region}); err != nil {
			fmt.Println(err)
			return
		}
	}
	for tn, err := range lf.All(ctx) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(tn.Region, tn.Status)
	}
	// Output:
	// us-west-2 created
	// eu-west-1 created
}

func ExampleNewLangflow() {
	c, err := client.New(
		client.WithBearerToken("AstraCS:…"),
		client.WithOrgID("5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The docs' endpoint headings use /api/v1; provisioning is slow, so
	// poll every 5 s at first and at most every minute.
	lf := tenants.NewLangflow(c,
		tenants.WithLangflowPathPrefix(tenants.LangflowAPIPathPrefix),
		tenants.WithLangflowPollInterval(5*time.Second, time.Minute),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	tn, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if tn, err = lf.WaitActive(ctx, tn.ID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tn.URL)
}

func ExampleLangflowStatus_CanBecomeActive() {
	for _, s := range []tenants.LangflowStatus{"provisioning", "active", "deactivated", "failed", "migrating"} {
		fmt.Printf("%-12s active=%-5t can become active=%-5t terminal=%t\n", s, s.IsActive(), s.CanBecomeActive(), s.IsTerminal())
	}
	// Output:
	// provisioning active=false can become active=true  terminal=false
	// active       active=true  can become active=true  terminal=false
	// deactivated  active=false can become active=false terminal=false
	// failed       active=false can become active=false terminal=true
	// migrating    active=false can become active=true  terminal=false
}
