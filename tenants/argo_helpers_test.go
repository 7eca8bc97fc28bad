package tenants_test

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
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// argoStart is the fake's clock at the start of every test, so timestamps
// are known: info.created of a tenant created at once is argoStamp.
func argoStart() time.Time { return time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC) }

const argoStamp = "2025-03-14 15:09:26"

var (
	argoUUID   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	argoHexKey = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// argoEnv is a fake ARGO server with an SDK client for each of its default
// admin keys, all reaching it the same way.
type argoEnv struct {
	srv        *fakeserver.Server
	clock      *client.VirtualClock
	inProcess  bool
	admin      *tenants.Argo // super_admin
	restricted *tenants.Argo // super_admin_restricted
	ui         *tenants.Argo // super_admin_ui
	users      *users.Argo   // super_admin
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

// newArgoEnv starts a fake (seeded, on a virtual clock) reached over
// loopback, or in process when inProcess is true.
func newArgoEnv(t *testing.T, inProcess bool, opts ...fakeserver.Option) argoEnv {
	t.Helper()
	clock := client.NewVirtualClock(argoStart())
	srv := fakeserver.NewTest(t, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithSeed(7), fakeserver.WithClock(clock)}, opts...)...)
	e := argoEnv{srv: srv, clock: clock, inProcess: inProcess}
	creds := srv.Credentials()
	e.admin = tenants.NewArgo(e.client(t, creds.ArgoAdminKey))
	e.restricted = tenants.NewArgo(e.client(t, creds.ArgoRestrictedAdminKey))
	e.ui = tenants.NewArgo(e.client(t, creds.ArgoUIAdminKey))
	e.users = users.NewArgo(e.client(t, creds.ArgoAdminKey))
	return e
}

// client returns an SDK client sending key, reaching the fake the env's way.
func (e argoEnv) client(t *testing.T, key string) *client.Client {
	t.Helper()
	opts := []client.Option{
		client.WithBaseURL(e.srv.URL()),
		client.WithArgoAPIKey(key),
		client.WithClock(e.clock),
	}
	if e.inProcess {
		opts = append(opts, client.WithHTTPClient(e.srv.Client()))
	}
	c, err := client.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seed stores the tenants of a JSON array (see fakeserver's
// SeedArgoTenants) and returns their IDs.
func (e argoEnv) seed(t *testing.T, data string) []string {
	t.Helper()
	ids, err := e.srv.SeedArgoTenants([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return ids
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

// argoFixture reads a file of testdata/argo.
func argoFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "argo", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// argoFixtureData returns the "data" array of a fixture envelope as JSON,
// the shape SeedArgoTenants takes.
func argoFixtureData(t *testing.T, name string) string {
	t.Helper()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(argoFixture(t, name), &env); err != nil {
		t.Fatal(err)
	}
	return string(env.Data)
}

// argoUnmarshal decodes JSON text into v, failing the test on error.
func argoUnmarshal(t *testing.T, data string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(data), v); err != nil {
		t.Fatal(err)
	}
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
