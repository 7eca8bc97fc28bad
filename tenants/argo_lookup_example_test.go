package tenants_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
)

// A create whose answer is lost, recovered without a duplicate: the fake
// creates the tenant and drops the connection before answering, so the SDK
// cannot know whether it exists (and never sends the POST again). Tenant
// names are unique, so the tenant exists if and only if ByName finds it.
func ExampleArgo_ByName() {
	// spec: a fake for Example functions, which have no testing.T to report violations to.
	srv, err := fakeserver.New(fakeserver.WithSeed(1))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := client.New(client.WithBaseURL(srv.URL()), client.WithArgoAPIKey(srv.Credentials().ArgoAdminKey))
	if err != nil {
		log.Fatal(err)
	}
	argo := tenants.NewArgo(c)
	ctx := context.Background()

	// The next create is carried out, then its connection drops.
	err = srv.AddFault(fakeserver.Fault{Operation: tenantkit.OpArgoCreateTenant, Drop: fakeserver.DropAfterServing, Times: 1})
	if err != nil {
		log.Fatal(err)
	}

	acme := tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "acme"}}
	_, err = argo.Create(ctx, acme)
	fmt.Println("outcome unknown:", errors.Is(err, client.ErrOutcomeUnknown))

	t, err := argo.ByName(ctx, acme.Info.Name)
	if errors.Is(err, client.ErrNotFound) {
		// Not created: now it is safe to create it.
		created, err := argo.Create(ctx, acme)
		if err != nil {
			log.Fatal(err)
		}
		t.ID = created.ID
	} else if err != nil {
		log.Fatal(err)
	}
	fmt.Println("acme is", t.ID)

	named := 0
	for t, err := range argo.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		if t.Info.Name == acme.Info.Name {
			named++
		}
	}
	fmt.Println("tenants named acme:", named)
	fmt.Println("creates sent:", len(srv.Journal().CallsTo(tenantkit.OpArgoCreateTenant)))
	// Output:
	// outcome unknown: true
	// acme is 6ae6783f-4fbd-491b-aeb8-8b73a48ed247
	// tenants named acme: 1
	// creates sent: 1
}
