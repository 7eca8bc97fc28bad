package users_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
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

// astraEnv is a fake and the user and role services of an SDK client on it.
type astraEnv struct {
	sdktest.Astra
	users *users.Astra
	roles *roles.Astra
}

// newAstraEnv starts a fake with opts and builds a client on it over tr
// with the default fixture's token and organization (sdktest.NewAstra).
func newAstraEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) astraEnv {
	t.Helper()
	return astraEnv{Astra: sdktest.NewAstra(t, tr, opts...)}.with()
}

// withToken returns the environment with a new client that sends token.
func (env astraEnv) withToken(t *testing.T, token string) astraEnv {
	t.Helper()
	env.Astra = env.Astra.WithToken(t, token)
	return env.with()
}

func (env astraEnv) with() astraEnv {
	env.users, env.roles = users.NewAstra(env.Client), roles.NewAstra(env.Client)
	return env
}

// syncEnv is a fake Astra organization with members, and the user service
// of a client on it.
type syncEnv struct {
	*sdktest.Fake
	users *users.Astra
	c     *client.Client
	org   string
}

// newSyncEnv starts a fake whose default organization holds, besides its
// administrator, the given users (active, with the given roles by name),
// and builds a client with the organization ID over the in-process
// transport.
func newSyncEnv(t *testing.T, members ...fakeserver.FixtureUser) syncEnv {
	t.Helper()
	f := fakeserver.DefaultFixture()
	f.Organizations[0].Users = append(f.Organizations[0].Users, members...)
	fake := sdktest.NewFake(t, sdktest.InProcess, sdktest.AstraEpoch(), fakeserver.WithFixture(f), fakeserver.WithSeed(1))
	cr := fake.Credentials()
	c := fake.Client(t, client.WithBearerToken(cr.AstraToken), client.WithOrgID(cr.OrgID))
	return syncEnv{Fake: fake, users: users.NewAstra(c), c: c, org: cr.OrgID}
}

// seededMembers returns n active users user0@example.com … with role.
func seededMembers(n int, role string) []fakeserver.FixtureUser {
	out := make([]fakeserver.FixtureUser, n)
	for i := range out {
		out[i] = fakeserver.FixtureUser{Email: "user" + strconv.Itoa(i) + "@example.com", Roles: []string{role}}
	}
	return out
}

// writes returns the requests of the journal that are not reads, as
// "METHOD path body", and forgets the journal.
func (e syncEnv) writes() []string {
	var out []string
	for _, c := range e.Journal().Calls() {
		if c.Event == "" && c.Method != http.MethodGet {
			out = append(out, c.Method+" "+c.Path+" "+string(c.Body))
		}
	}
	e.Journal().Reset()
	return out
}

// userRecordsRead counts the users in the fake's answers to user lists
// since the journal was last reset (their bodies must fit in the
// journal's body limit).
func (e syncEnv) userRecordsRead(t *testing.T) int {
	t.Helper()
	n := 0
	for _, c := range e.Journal().CallsTo("getOrganizationUsers") {
		if c.Truncated {
			t.Fatal("a users list was cut at the journal's body limit")
		}
		n += bytes.Count(c.ResponseBody, []byte(`"UserID"`))
	}
	return n
}

// count returns how many of ss equal s.
func count(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}
