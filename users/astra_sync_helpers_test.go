package users_test

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

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
