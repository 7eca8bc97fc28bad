//go:build live

package contract_test

import (
	"os"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/tenants"
)

// The environment variables of the live runs.
const (
	envAstraToken     = "ASTRA_DB_APPLICATION_TOKEN"
	envAstraOrg       = "ASTRA_ORG_ID"
	envAstraURL       = "ASTRA_API_URL" // optional: another Astra DevOps API
	envArgoURL        = "ARGO_API_URL"
	envArgoKey        = "ARGO_API_KEY"            // a super_admin key
	envArgoRestricted = "ARGO_RESTRICTED_API_KEY" // optional: a super_admin_restricted key
	envArgoUI         = "ARGO_UI_API_KEY"         // optional: a super_admin_ui key
	envLangflowCreate = "TENANTKIT_LIVE_LANGFLOW_CREATE"
)

// liveEnvironment is the real APIs, built with the live tag.
func liveEnvironment() func(*testing.T) environment {
	return func(*testing.T) environment { return liveEnv{} }
}

// liveEnv reaches the real APIs with the credentials in the environment.
type liveEnv struct{}

func (liveEnv) name() string { return "live" }

func (liveEnv) astra(t *testing.T) *client.Client {
	t.Helper()
	return liveEnv{}.withAstraToken(t, os.Getenv(envAstraToken))
}

func (e liveEnv) argo(t *testing.T) *client.Client {
	t.Helper()
	return e.argoAs(t, superAdmin)
}

func (e liveEnv) argoAs(t *testing.T, flavour argoFlavour) *client.Client {
	t.Helper()
	variable := map[argoFlavour]string{superAdmin: envArgoKey, restrictedAdmin: envArgoRestricted, uiAdmin: envArgoUI}[flavour]
	key := os.Getenv(variable)
	if key == "" {
		t.Skipf("live: %s is not set; skipping the checks of a %s key against the ARGO server", variable, flavour)
	}
	return e.withArgoKey(t, key)
}

func (liveEnv) withAstraToken(t *testing.T, token string) *client.Client {
	t.Helper()
	if os.Getenv(envAstraToken) == "" || os.Getenv(envAstraOrg) == "" {
		t.Skipf("live: %s and %s are not both set; skipping the run against the Astra DevOps API", envAstraToken, envAstraOrg)
	}
	opts := []client.Option{client.WithBearerToken(token), client.WithOrgID(os.Getenv(envAstraOrg))}
	if u := os.Getenv(envAstraURL); u != "" {
		opts = append(opts, client.WithBaseURL(u))
	}
	c, err := client.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (liveEnv) withArgoKey(t *testing.T, key string) *client.Client {
	t.Helper()
	if os.Getenv(envArgoURL) == "" || os.Getenv(envArgoKey) == "" {
		t.Skipf("live: %s and %s are not both set; skipping the run against an ARGO server", envArgoURL, envArgoKey)
	}
	c, err := client.New(client.WithBaseURL(os.Getenv(envArgoURL)), client.WithArgoAPIKey(key))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e liveEnv) langflow(t *testing.T) (*tenants.Langflow, time.Duration) {
	t.Helper()
	return tenants.NewLangflow(e.astra(t)), 20 * time.Minute
}

func (liveEnv) mayCreateLangflowTenants() bool { return os.Getenv(envLangflowCreate) == "1" }
