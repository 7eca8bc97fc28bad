package tenants_test

import (
	"context"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

// Parallel creates and waits through the SDK: every tenant is stored once,
// with its own ID, and every wait ends with the tenant active.
func TestParallelCreatesAndWaitsKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newLangflowEnv(t, transport)
		ctx := context.Background()
		const n = 24
		var (
			mu  sync.Mutex
			ids []string
		)
		testkit.Concurrently(n, func(int) {
			tn, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp", Region: "europe-west1"})
			if err != nil {
				t.Error(err)
				return
			}
			active, err := env.lf.WaitActive(ctx, tn.ID)
			if err != nil || !active.Status.IsActive() {
				t.Errorf("WaitActive(%s) = %q, %v", tn.ID, active.Status, err)
			}
			mu.Lock()
			ids = append(ids, tn.ID)
			mu.Unlock()
		})
		list, err := env.lf.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var listed []string
		for _, tn := range list {
			listed = append(listed, tn.ID)
			if !tn.Status.IsActive() {
				t.Errorf("%s is %q after its wait", tn.ID, tn.Status)
			}
		}
		if len(ids) != n {
			t.Errorf("%d creates succeeded, want %d", len(ids), n)
		}
		testkit.WantUnique(t, "tenant ID", ids)
		testkit.WantSameElements(t, "listed tenants", ids, listed)
	})
}
