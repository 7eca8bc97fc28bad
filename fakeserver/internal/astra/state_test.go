package astra

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half/halftest"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// checkRoleUse verifies that every organization's role-use counts match
// its users, and its indexes its lists.
func checkRoleUse(t *testing.T, s *store) {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, org := range s.orgs {
		use := map[string]int{}
		users := 0
		for _, u := range org.userOrder {
			if u == nil {
				continue
			}
			users++
			if org.users[u.id].u != u || org.emails[u.email] != u.id {
				t.Fatalf("user %s missing from the indexes", u.id)
			}
			for _, r := range u.roles {
				use[r]++
			}
		}
		if users != len(org.users) || !testkit.Equal(use, org.roleUse) {
			t.Fatalf("org %s: %d users listed, %d indexed; role use %v, recorded %v", org.id, users, len(org.users), use, org.roleUse)
		}
		if len(org.roleOrder) != len(org.roles) || len(org.roles) != len(org.roleNames) {
			t.Fatalf("org %s: %d roles listed, %d by ID, %d by name", org.id, len(org.roleOrder), len(org.roles), len(org.roleNames))
		}
	}
}

// roleBody is a valid role body named name.
func roleBody(name string) string {
	return `{"name":"` + name + `","policy":{"description":"","resources":["drn:astra:org:org"],"actions":["org-read"],"effect":"allow"}}`
}

// inviteBody invites email with the role roleID.
func inviteBody(email, roleID string) string {
	return `{"email":"` + email + `","orgID":"org","roles":["` + roleID + `"]}`
}

// Snapshots taken while requests write restore into stores whose indexes
// and role-use counts agree with their lists: no write is half in one.
func TestSnapshotsTakenUnderWritesRestoreConsistentStores(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	ro := BuiltinRoleID("RO User")
	snaps := halftest.UnderWrites(func(w, i int) {
		tag := fmt.Sprintf("w%d-%d", w, i)
		serve(a, "POST", "/v2/organizations/roles", roleBody(tag))
		serve(a, "PUT", "/v2/organizations/users", inviteBody(tag+"@example.com", ro))
	}, func() half.State {
		s, release := a.Snapshot()
		release()
		return s
	})
	for _, s := range snaps {
		b := newTestAPI(t)
		b.Restore(s)()
		checkRoleUse(t, b.store)
	}
}

// Two APIs restored from one snapshot and written to at once share
// nothing: their tables of shared role lists are their own (under -race a
// shared map is a reported race), and the snapshot's source keeps its own.
func TestStatesRestoredFromOneSnapshotShareNoTables(t *testing.T) {
	t.Parallel()
	src := newTestAPI(t)
	snap, release := src.Snapshot()
	release()
	var wg sync.WaitGroup
	for s := range 2 {
		b := newTestAPI(t)
		b.Restore(snap)()
		wg.Go(func() {
			for i := range 20 {
				// A distinct role list per invitation, so each is a new
				// entry in the table of shared role lists.
				w := serve(b, "POST", "/v2/organizations/roles", roleBody(fmt.Sprintf("s%d-%d", s, i)))
				var id struct{ ID string }
				if err := json.Unmarshal(w.Body.Bytes(), &id); err != nil {
					t.Error(err)
					return
				}
				serve(b, "PUT", "/v2/organizations/users", inviteBody(fmt.Sprintf("s%d-%d@example.com", s, i), id.ID))
			}
		})
	}
	wg.Wait()
	s := src.store
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, org := range s.orgs {
		if n := len(org.roleSets); n > 2 {
			t.Errorf("the snapshot's source holds %d shared role lists after writes to the APIs restored from it", n)
		}
	}
}

// Every Astra operation of the registry has exactly one handler, and every
// handler is for an Astra operation of the registry.
func TestEveryOperationHasOneHandler(t *testing.T) {
	t.Parallel()
	if _, err := route.Build(tenantkit.APIAstra, handlers()); err != nil {
		t.Error(err)
	}
}

// Test credentials of newTestAPI's API.
const (
	testOrg   = "org"
	testToken = "AstraCS:testClientIDtestClientID:secret"
)

// newTestAPI returns an Astra API on its own, seeded, with the
// organization testOrg and the token testToken, which may do anything.
func newTestAPI(t testing.TB) *API {
	t.Helper()
	a := New(halftest.Env(), DefaultConfig())
	if _, err := a.AddOrganization(testOrg, "test"); err != nil {
		t.Fatal(err)
	}
	if err := a.AddToken(testOrg, testToken, []string{roleOrgAdmin}); err != nil {
		t.Fatal(err)
	}
	return a
}

// serve sends one request to a with testToken.
func serve(a *API, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("X-DataStax-Current-Org", testOrg)
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	return w
}
