package tenants_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// argoEnv is a fake ARGO server (sdktest.NewArgo) with an SDK tenants
// service for each of its default admin keys, and a users service.
type argoEnv struct {
	sdktest.Argo
	admin      *tenants.Argo // super_admin
	restricted *tenants.Argo // super_admin_restricted
	ui         *tenants.Argo // super_admin_ui
	users      *users.Argo   // super_admin
}

// newArgoEnv starts the fake with opts, reached over tr.
func newArgoEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) argoEnv {
	t.Helper()
	a := sdktest.NewArgo(t, tr, opts...)
	return argoEnv{Argo: a, admin: tenants.NewArgo(a.Admin), restricted: tenants.NewArgo(a.Restricted), ui: tenants.NewArgo(a.UI), users: users.NewArgo(a.Admin)}
}

// get reads a tenant with the super_admin key, failing the test on error.
func (e argoEnv) get(t *testing.T, id string) tenants.ArgoTenant {
	t.Helper()
	got, err := e.admin.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// argoFixtureData returns the "data" array of a fixture envelope as JSON,
// the shape SeedArgoTenants takes.
func argoFixtureData(t *testing.T, name string) string {
	t.Helper()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", name), &env)
	return string(env.Data)
}
