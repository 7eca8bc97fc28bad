package tenants_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// Rotate the API keys of every user of a tenant. Every key renewal wipes
// the tenant's engine status on the server; RestoreStatus writes the status
// read beforehand back at the end (racing with argo-engine, which may write
// a newer one meanwhile).
func ExampleArgo_RotateKeys() {
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

	created, err := argo.Create(ctx, tenants.ArgoTenant{
		Info:  tenants.ArgoTenantInfo{Name: "acme"},
		Users: []users.ArgoUser{{Name: "ada", Roles: []string{"admin"}}, {Name: "bob"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := argo.UpdateStatus(ctx, created.ID, tenants.ArgoHealthyStatus(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))); err != nil {
		log.Fatal(err)
	}

	rotation, err := argo.RotateKeys(ctx, created.ID, tenants.RestoreStatus())
	if err != nil {
		log.Fatal(err) // rotation.Rotated still holds the keys renewed before the failure
	}
	for _, u := range rotation.Rotated {
		fmt.Println(u.Name, "has a new key:", users.MaskArgoAPIKey(u.APIKey)) // hand u.APIKey to its owner
	}
	fmt.Println("status wiped:", rotation.StatusWiped, "restored:", rotation.StatusRestored)
	st, err := argo.Status(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total_status:", st.Status.TotalStatus, "last_check:", st.Status.LastCheckTime())
	// Output:
	// ada has a new key: 7404****
	// bob has a new key: 3c75****
	// status wiped: true restored: true
	// total_status: true last_check: 2025-06-01 12:00:00 +0000 UTC
}
