package tenants_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/tenantkit/tenantkit/client"
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

// langflowEnv is a fake and a Langflow service of an SDK client on it,
// sharing a virtual clock: the SDK's waits move the fake's provisioning
// along.
type langflowEnv struct {
	sdktest.Astra
	lf     *tenants.Langflow
	lfOpts []tenants.LangflowOption
}

// newLangflowEnv starts a fake with opts and builds a client on it over tr
// with the default fixture's token and organization (sdktest.NewAstra).
func newLangflowEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) langflowEnv {
	t.Helper()
	return langflowEnv{Astra: sdktest.NewAstra(t, tr, opts...)}.with()
}

// withOrg returns the environment with a client configured for org ("" for
// none).
func (env langflowEnv) withOrg(t *testing.T, org string) langflowEnv {
	t.Helper()
	env.Astra = env.Astra.WithOrg(t, org)
	return env.with()
}

// withOptions returns the environment with a service built with opts.
func (env langflowEnv) withOptions(t *testing.T, opts ...tenants.LangflowOption) langflowEnv {
	t.Helper()
	env.Astra = env.Astra.WithToken(t, env.Token) // a new attempt log
	env.lfOpts = opts
	return env.with()
}

func (env langflowEnv) with() langflowEnv {
	env.lf = tenants.NewLangflow(env.Client, env.lfOpts...)
	return env
}

// create makes a tenant in aws us-west-2 through the SDK.
func (env langflowEnv) create(t *testing.T) tenants.LangflowTenant {
	t.Helper()
	tn, err := env.lf.Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return tn
}

// The organization and tenant of the Langflow stubs (testdata/langflow).
const (
	langflowStubOrg    = "ORG_ID"
	langflowStubTenant = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b"
)

// langflowStubService returns a Langflow service of a client of stub for
// organization langflowStubOrg.
func langflowStubService(t *testing.T, stub *testkit.Stub) *tenants.Langflow {
	t.Helper()
	return tenants.NewLangflow(sdktest.AstraStubClient(t, stub, client.WithOrgID(langflowStubOrg)))
}
