package contract_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/tenants"
)

// environment is what a contract test runs against: the fake, or a real
// API. Each method that hands out a client skips the test when the
// environment has no credentials for that API.
type environment interface {
	// name names the environment in subtest names ("fake", "live").
	name() string
	// astra returns a client for the Astra DevOps API, with a token and the
	// organization it belongs to.
	astra(t *testing.T) *client.Client
	// argo returns a client for an ARGO Web API server, with a super_admin
	// key.
	argo(t *testing.T) *client.Client
	// argoAs returns a client for the same ARGO server with an admin key of
	// the given flavour.
	argoAs(t *testing.T, flavour argoFlavour) *client.Client
	// withAstraToken and withArgoKey return clients for the same servers
	// sending other credentials.
	withAstraToken(t *testing.T, token string) *client.Client
	withArgoKey(t *testing.T, key string) *client.Client
	// langflow returns the Langflow service with the polling this
	// environment suits, and how long a new tenant may take to be active.
	langflow(t *testing.T) (*tenants.Langflow, time.Duration)
	// mayCreateLangflowTenants reports whether a test may create a Langflow
	// tenant, which nothing can delete afterwards.
	mayCreateLangflowTenants() bool
}

// argoFlavour is the kind of an ARGO admin key, which decides what the
// server shows it and which routes it may use.
type argoFlavour string

// The ARGO admin flavours (the roles of the real server's role table).
const (
	superAdmin      argoFlavour = "super_admin"
	restrictedAdmin argoFlavour = "super_admin_restricted"
	uiAdmin         argoFlavour = "super_admin_ui"
)

// forEachEnvironment runs body as a subtest per environment: the fake
// always, and the real APIs when built with the live tag.
func forEachEnvironment(t *testing.T, body func(t *testing.T, env environment)) {
	t.Helper()
	envs := []func(*testing.T) environment{newFakeEnvironment}
	if live := liveEnvironment(); live != nil {
		envs = append(envs, live)
	}
	for _, newEnv := range envs {
		env := newEnv(t)
		t.Run(env.name(), func(t *testing.T) {
			t.Parallel()
			body(t, env)
		})
	}
}

// unique returns a name for an object this run creates: recognisably
// tenantkit's, and unlike any other run's.
func unique(t *testing.T, kind string) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "tenantkit-contract-" + kind + "-" + hex.EncodeToString(b)
}

// cleanup registers the deletion of something a test created; it runs
// however the test ends, on a context of its own, and a failure to delete
// (other than "already gone") is reported with what was left behind.
func cleanup(t *testing.T, what string, del func(ctx context.Context) error) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := del(ctx); err != nil && !errors.Is(err, client.ErrNotFound) {
			t.Errorf("cleanup: %s was left behind, delete it by hand: %v", what, err)
		}
	})
}

// ctx returns a context bounded by the test's deadline, less a margin for
// cleanups.
func ctx(t *testing.T) context.Context {
	t.Helper()
	c := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		c, cancel = context.WithDeadline(c, d.Add(-30*time.Second))
		t.Cleanup(cancel)
	}
	return c
}

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
