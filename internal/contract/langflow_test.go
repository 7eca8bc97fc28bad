package contract_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/tenants"
)

func TestLangflowTenantsAreListedAndUnknownOnesNotFound(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		lf, _ := env.langflow(t)
		ctx := ctx(t)
		list, err := lf.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, lt := range list {
			if lt.ID == "" || lt.Status == "" {
				t.Errorf("listed tenant without an ID or a status: %+v", lt)
			}
		}
		if _, err := lf.Get(ctx, "00000000-0000-4000-8000-00000000c0de"); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get of an unknown tenant: %v; want not found", err)
		}
	})
}

// TestLangflowTenantBecomesActive creates a tenant and follows it to active.
// The API cannot delete it afterwards: live, it runs only when
// TENANTKIT_LIVE_LANGFLOW_CREATE=1 says that is fine.
func TestLangflowTenantBecomesActive(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		lf, patience := env.langflow(t)
		if !env.mayCreateLangflowTenants() {
			t.Skip("creating a Langflow tenant leaves it behind (the API cannot delete it); set TENANTKIT_LIVE_LANGFLOW_CREATE=1 to allow it")
		}
		ctx, cancel := context.WithTimeout(ctx(t), patience)
		defer cancel()
		created, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-east-2"})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("created Langflow tenant %s (%s); the API cannot delete it", created.ID, created.Status)
		if created.ID == "" || !created.Status.CanBecomeActive() {
			t.Fatalf("Create returned %+v", created)
		}
		var seen []tenants.LangflowStatus
		for lt, err := range lf.Watch(ctx, created.ID) {
			if err != nil {
				t.Fatalf("after %v: %v", seen, err)
			}
			if len(seen) == 0 || seen[len(seen)-1] != lt.Status {
				seen = append(seen, lt.Status)
			}
		}
		if len(seen) == 0 || seen[len(seen)-1] != tenants.LangflowStatusActive {
			t.Fatalf("statuses %v; want them to end active", seen)
		}
		t.Logf("statuses seen: %v", seen)
		list, err := lf.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(list, func(x tenants.LangflowTenant) bool { return x.ID == created.ID }) {
			t.Errorf("List does not hold %s", created.ID)
		}
		// Reactivating an active tenant changes nothing.
		again, err := lf.Reactivate(ctx, created.ID)
		if err != nil || again.Status != tenants.LangflowStatusActive {
			t.Errorf("Reactivate of an active tenant = %s, %v; want it active, unchanged", again.Status, err)
		}
	})
}
