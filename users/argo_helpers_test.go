package users_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/users"
)

var (
	argoUUID   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	argoHexKey = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// argoSeedTenants are two tenants: t1 with users u1 (admin) and u2
// (admin, admin_ui), t2 with u3, and t3 without users.
const argoSeedTenants = `[
	{"id": "t1", "info": {"name": "one"}, "users": [
		{"id": "u1", "name": "cap", "email": "cap@email.com", "api_key": "C4PK3Y", "roles": ["admin"]},
		{"id": "u2", "name": "groot", "email": "groot@email.com", "api_key": "GR00TK3Y", "roles": ["admin", "admin_ui"]}]},
	{"id": "t2", "info": {"name": "two"}, "users": [
		{"id": "u3", "name": "thor", "email": "thor@email.com", "api_key": "TH0RK3Y", "roles": ["viewer"]}]},
	{"id": "t3", "info": {"name": "three"}}
]`

// argoEnv is a fake ARGO server, seeded with argoSeedTenants, with an SDK
// users service for each of its default admin keys.
type argoEnv struct {
	srv        *fakeserver.Server
	inProcess  bool
	admin      *users.Argo
	restricted *users.Argo
	ui         *users.Argo
}

// argoTransports names the two ways the tests reach the fake: over
// loopback HTTP and through its in-process transport.
func argoTransports() []struct {
	name      string
	inProcess bool
} {
	return []struct {
		name      string
		inProcess bool
	}{{"loopback", false}, {"in-process", true}}
}

func newArgoEnv(t *testing.T, inProcess bool, opts ...fakeserver.Option) argoEnv {
	t.Helper()
	clock := client.NewVirtualClock(time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC))
	srv := fakeserver.NewTest(t, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithSeed(7), fakeserver.WithClock(clock)}, opts...)...)
	if _, err := srv.SeedArgoTenants([]byte(argoSeedTenants)); err != nil {
		t.Fatal(err)
	}
	e := argoEnv{srv: srv, inProcess: inProcess}
	creds := srv.Credentials()
	e.admin = users.NewArgo(e.client(t, creds.ArgoAdminKey))
	e.restricted = users.NewArgo(e.client(t, creds.ArgoRestrictedAdminKey))
	e.ui = users.NewArgo(e.client(t, creds.ArgoUIAdminKey))
	return e
}

// client returns an SDK client sending key, reaching the fake the env's way.
func (e argoEnv) client(t *testing.T, key string) *client.Client {
	t.Helper()
	opts := []client.Option{client.WithBaseURL(e.srv.URL()), client.WithArgoAPIKey(key)}
	if e.inProcess {
		opts = append(opts, client.WithHTTPClient(e.srv.Client()))
	}
	c, err := client.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// get reads a user with the super_admin key, failing the test on error.
func (e argoEnv) get(t *testing.T, tenantID, userID string) users.ArgoUser {
	t.Helper()
	u, err := e.admin.Get(context.Background(), tenantID, userID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// argoFixture reads a file of testdata/argo.
func argoFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "argo", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// argoFixtureUsers decodes the data array of a fixture envelope.
func argoFixtureUsers(t *testing.T, name string) []users.ArgoUser {
	t.Helper()
	var env struct {
		Data []users.ArgoUser `json:"data"`
	}
	if err := json.Unmarshal(argoFixture(t, name), &env); err != nil {
		t.Fatal(err)
	}
	return env.Data
}

// argoNoRequestClient returns a client for a server that counts the
// requests it gets (and answers each with 500), and the count.
func argoNoRequestClient(t *testing.T) (*client.Client, func() int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithBaseURL(srv.URL), client.WithArgoAPIKey("admin-key"), client.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	return c, n.Load
}
