package contract_test

import (
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/tenants"
)

// fakeEnvironment is the in-memory fake, reached over loopback HTTP, with
// every exchange checked against openapi.yaml. Its Langflow tenants are
// active 300 ms after they are created.
type fakeEnvironment struct {
	srv *fakeserver.Server
}

func newFakeEnvironment(t *testing.T) environment {
	t.Helper()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithProvisioningDelay(300*time.Millisecond))
	return fakeEnvironment{srv: srv}
}

func (fakeEnvironment) name() string { return "fake" }

func (e fakeEnvironment) client(t *testing.T, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.New(append([]client.Option{client.WithBaseURL(e.srv.URL())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e fakeEnvironment) astra(t *testing.T) *client.Client {
	return e.withAstraToken(t, e.srv.Credentials().AstraToken)
}

func (e fakeEnvironment) argo(t *testing.T) *client.Client {
	return e.argoAs(t, superAdmin)
}

func (e fakeEnvironment) argoAs(t *testing.T, flavour argoFlavour) *client.Client {
	t.Helper()
	c := e.srv.Credentials()
	key := map[argoFlavour]string{
		superAdmin:      c.ArgoAdminKey,
		restrictedAdmin: c.ArgoRestrictedAdminKey,
		uiAdmin:         c.ArgoUIAdminKey,
	}[flavour]
	if key == "" {
		t.Fatalf("the fake's fixture has no %s key", flavour)
	}
	return e.withArgoKey(t, key)
}

func (e fakeEnvironment) withAstraToken(t *testing.T, token string) *client.Client {
	return e.client(t, client.WithBearerToken(token), client.WithOrgID(e.srv.Credentials().OrgID))
}

func (e fakeEnvironment) withArgoKey(t *testing.T, key string) *client.Client {
	return e.client(t, client.WithArgoAPIKey(key))
}

func (e fakeEnvironment) langflow(t *testing.T) (*tenants.Langflow, time.Duration) {
	return tenants.NewLangflow(e.astra(t), tenants.WithLangflowPollInterval(50*time.Millisecond, 200*time.Millisecond)), 10 * time.Second
}

func (fakeEnvironment) mayCreateLangflowTenants() bool { return true }
