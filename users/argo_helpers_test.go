package users_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
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
	sdktest.Argo
	admin, restricted, ui *users.Argo
}

func newArgoEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) argoEnv {
	t.Helper()
	a := sdktest.NewArgo(t, tr, opts...)
	a.Seed(t, argoSeedTenants)
	return argoEnv{Argo: a, admin: users.NewArgo(a.Admin), restricted: users.NewArgo(a.Restricted), ui: users.NewArgo(a.UI)}
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

// argoFixtureUsers decodes the data array of a fixture envelope.
func argoFixtureUsers(t *testing.T, name string) []users.ArgoUser {
	t.Helper()
	var env struct {
		Data []users.ArgoUser `json:"data"`
	}
	if err := json.Unmarshal(testkit.ReadTestdata(t, "argo", name), &env); err != nil {
		t.Fatal(err)
	}
	return env.Data
}
