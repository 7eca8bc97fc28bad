package sdktest

import (
	"regexp"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// ArgoEpoch is when the virtual clock of every ARGO test starts: info.created
// of a tenant created at once is ArgoStamp.
func ArgoEpoch() time.Time { return time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC) }

// ArgoStamp is ArgoEpoch as the ARGO server writes times.
const ArgoStamp = "2025-03-14 15:09:26"

// Shapes of what an ARGO server generates.
var (
	// ArgoUUID matches the IDs it gives tenants and users.
	ArgoUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	// ArgoKey matches the API keys it generates: 64 hex characters.
	ArgoKey = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Argo is a fake ARGO server (seeded for repeatable IDs and keys, on a
// virtual clock at ArgoEpoch) and an SDK client for each of its default
// admin keys.
type Argo struct {
	*Fake
	Admin      *client.Client // super_admin
	Restricted *client.Client // super_admin_restricted
	UI         *client.Client // super_admin_ui
}

// NewArgo starts the fake with opts and builds the clients.
func NewArgo(tb testing.TB, tr Transport, opts ...fakeserver.Option) Argo {
	tb.Helper()
	f := NewFake(tb, tr, ArgoEpoch(), append([]fakeserver.Option{fakeserver.WithSeed(7)}, opts...)...)
	a := Argo{Fake: f}
	cr := f.Credentials()
	a.Admin, a.Restricted, a.UI = a.KeyClient(tb, cr.ArgoAdminKey), a.KeyClient(tb, cr.ArgoRestrictedAdminKey), a.KeyClient(tb, cr.ArgoUIAdminKey)
	return a
}

// KeyClient returns a client of the fake sending the ARGO API key key.
func (a Argo) KeyClient(tb testing.TB, key string) *client.Client {
	tb.Helper()
	return a.Client(tb, client.WithArgoAPIKey(key))
}

// Seed stores the tenants of a JSON array (fakeserver.Server.SeedArgoTenants)
// and returns their IDs, failing the test on error.
func (a Argo) Seed(tb testing.TB, tenants string) []string {
	tb.Helper()
	ids, err := a.SeedArgoTenants([]byte(tenants))
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}
