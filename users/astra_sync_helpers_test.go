package users_test

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/users"
)

// syncEnv is a fake Astra organization with members, and the user service
// of a client on it.
type syncEnv struct {
	srv   *fakeserver.Server
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
	// spec: the tests of a package users import need nothing but the standard library (issue 14); internal/reliability checks these exchanges against the spec.
	srv := fakeserver.NewTest(t, fakeserver.WithFixture(f), fakeserver.WithSeed(1))
	c, err := client.New(
		client.WithBaseURL(srv.URL()),
		client.WithHTTPClient(srv.Client()),
		client.WithBearerToken(srv.Credentials().AstraToken),
		client.WithOrgID(srv.Credentials().OrgID),
	)
	if err != nil {
		t.Fatal(err)
	}
	return syncEnv{srv: srv, users: users.NewAstra(c), c: c, org: srv.Credentials().OrgID}
}

// seededMembers returns n active users user0@example.com … with role.
func seededMembers(n int, role string) []fakeserver.FixtureUser {
	out := make([]fakeserver.FixtureUser, n)
	for i := range out {
		out[i] = fakeserver.FixtureUser{Email: "user" + strconv.Itoa(i) + "@example.com", Roles: []string{role}}
	}
	return out
}

// requests returns "METHOD operationId" for every request the fake got
// since the last call, and forgets them.
func (e syncEnv) requests() []string {
	var out []string
	for _, c := range e.srv.Journal().Calls() {
		if c.Event == "" {
			out = append(out, c.Method+" "+string(c.Operation))
		}
	}
	e.srv.Journal().Reset()
	return out
}

// writes returns the requests of the journal that are not reads, as
// "METHOD path body", and forgets the journal.
func (e syncEnv) writes() []string {
	var out []string
	for _, c := range e.srv.Journal().Calls() {
		if c.Event == "" && c.Method != http.MethodGet {
			out = append(out, c.Method+" "+c.Path+" "+string(c.Body))
		}
	}
	e.srv.Journal().Reset()
	return out
}

// userRecordsRead counts the users in the fake's answers to user lists
// since the journal was last reset (their bodies must fit in the
// journal's body limit).
func (e syncEnv) userRecordsRead(t *testing.T) int {
	t.Helper()
	n := 0
	for _, c := range e.srv.Journal().CallsTo("getOrganizationUsers") {
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
