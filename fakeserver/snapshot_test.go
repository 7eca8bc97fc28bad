package fakeserver

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wholeState reads everything both APIs show about the default fixture's
// organization and every ARGO tenant, to compare states.
func wholeState(t testing.TB, c *astraClient) map[string]any {
	t.Helper()
	state := snapshot(t, c)
	var env struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	list := c.argo("GET", "/api/v2/admin/tenants", nil)
	mustUnmarshal(t, list.Body, &env)
	state["argo"] = decode(t, list.Body)
	for _, tn := range env.Data {
		state["argo status "+tn.ID] = decode(t, c.argo("GET", "/api/v2/admin/tenants/"+tn.ID+"/status", nil).Body)
		state["argo users "+tn.ID] = decode(t, c.argo("GET", "/api/v2/admin/tenants/"+tn.ID+"/users", nil).Body)
	}
	return state
}

// mutateEverything changes state in every part of both stores.
func mutateEverything(t testing.TB, srv *Server, c *astraClient, tag string) {
	t.Helper()
	c.must(201, "POST", "/v2/organizations/roles", customRole("role-"+tag))
	c.must(200, "PUT", "/v2/organizations/users", invite(tag+"@example.com", builtinRoleID("RO User")))
	c.must(204, "PUT", "/v2/organizations/users/"+defaultAdminUserID+"/roles", map[string]any{"roles": []string{builtinRoleID("Admin User")}})
	tn := createTenant(t, c, "")
	if err := srv.DeactivateLangflowTenant(tn.ID); err != nil {
		t.Fatal(err)
	}
	r := c.argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"argo-`+tag+`"},"users":[{"name":"u","roles":["admin_ui"]}]}`)
	var created struct {
		Data struct{ ID string } `json:"data"`
	}
	mustUnmarshal(t, r.Body, &created)
	c.argo("PUT", "/api/v2/admin/tenants/"+created.Data.ID+"/status", `{"engine_config":true,"hdfs":{"sync_data":{"r":{"weights":true}}}}`)
	if err := srv.AddArgoAdminKey("key-"+tag, ArgoSuperAdmin); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreBringsBackEveryPartOfTheState(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		mutateEverything(t, srv, c, "before")
		before := wholeState(t, c)
		snap := srv.Snapshot()

		mutateEverything(t, srv, c, "after")
		var tenants []wireTenant
		mustUnmarshal(t, c.must(200, "GET", "/v1/orgs/"+DefaultOrgID+"/tenants", nil).Body, &tenants)
		c.must(200, "PATCH", "/v1/orgs/"+DefaultOrgID+"/tenant/"+tenants[0].ID+"/reactivate", nil)
		c.must(204, "DELETE", "/v2/organizations/users/"+userIDByEmail(t, c, "before@example.com"), nil)
		if cmp.Equal(before, wholeState(t, c)) {
			t.Fatal("the mutations changed nothing; the test proves nothing")
		}

		for i := range 2 { // a snapshot can be restored again and again
			if err := srv.Restore(snap); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, wholeState(t, c)); diff != "" {
				t.Fatalf("restore %d (-snapshot +restored):\n%s", i+1, diff)
			}
			if r := c.argo("GET", "/api/v2/admin/tenants", nil); r.Status != 200 {
				t.Fatalf("ARGO after restore: %d", r.Status)
			}
			if r := c.with("", "").doHeaders("GET", "/api/v2/admin/tenants", nil, argoHeader("key-after")); r.Status != 401 {
				t.Errorf("an admin key added after the snapshot works after Restore: %d", r.Status)
			}
			mutateEverything(t, srv, c, fmt.Sprint("again", i)) // changes after Restore must not reach snap
		}
	})
}

func TestResetGoesBackToTheFixture(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithSeed(2))
	c := newAstraClient(t, srv, "in-process")
	initial := wholeState(t, c)
	mutateEverything(t, srv, c, "x")
	if err := srv.RemoveArgoAdminKey(DefaultArgoRestrictedKey); err != nil {
		t.Fatal(err)
	}
	srv.Reset()
	if diff := cmp.Diff(initial, wholeState(t, c)); diff != "" {
		t.Errorf("after Reset (-initial +now):\n%s", diff)
	}
	if r := c.with("", "").doHeaders("GET", "/api/v2/admin/tenants", nil, argoHeader(DefaultArgoRestrictedKey)); r.Status != 200 {
		t.Errorf("the fixture's revoked key after Reset: %d, want 200", r.Status)
	}
	if srv.Journal().Len() == 0 {
		t.Error("Reset cleared the journal; it is not state")
	}
}

func TestRestoreIntoAnotherServerAndRejectNil(t *testing.T) {
	t.Parallel()
	a, b := newTestServer(t), newTestServer(t)
	ca, cb := newAstraClient(t, a, "in-process"), newAstraClient(t, b, "in-process")
	mutateEverything(t, a, ca, "a")
	if err := b.Restore(a.Snapshot()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wholeState(t, ca), wholeState(t, cb)); diff != "" {
		t.Errorf("b after restoring a's snapshot (-a +b):\n%s", diff)
	}
	mutateEverything(t, b, cb, "b") // b's changes do not reach a
	if strings.Contains(fmt.Sprint(wholeState(t, ca)), "role-b") {
		t.Error("a change to b shows in a")
	}
	if err := b.Restore(nil); err == nil {
		t.Error("Restore(nil) accepted")
	}
}

func TestSnapshotsTakenUnderLoadAreConsistent(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	var tenant struct {
		Data struct{ ID string } `json:"data"`
	}
	mustUnmarshal(t, c.argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"load"}}`).Body, &tenant)

	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 25 {
				tag := fmt.Sprintf("w%d-%d", w, i)
				c.must(201, "POST", "/v2/organizations/roles", customRole(tag))
				c.must(200, "PUT", "/v2/organizations/users", invite(tag+"@example.com", builtinRoleID("RO User")))
				c.argo("POST", "/api/v2/admin/tenants/"+tenant.Data.ID+"/users", `{"name":"`+tag+`"}`)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var snaps []*Snapshot
take:
	for len(snaps) < 50 {
		select {
		case <-done:
			break take
		default:
			snaps = append(snaps, srv.Snapshot())
		}
	}
	<-done
	for _, snap := range snaps {
		check := newTestServer(t)
		if err := check.Restore(snap); err != nil {
			t.Fatal(err)
		}
		checkAstraRoleUse(t, check.astra.store)
		if r := newAstraClient(t, check, "in-process").argo("GET", "/api/v2/admin/tenants/"+tenant.Data.ID+"/users", nil); r.Status != 200 {
			t.Fatalf("restored tenant's users: %d %s", r.Status, r.Body)
		}
	}
}

// checkAstraRoleUse verifies that every organization's role-use counts
// match its users, and its indexes its lists.
func checkAstraRoleUse(t *testing.T, s *astraStore) {
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
		if users != len(org.users) || !cmp.Equal(use, org.roleUse) {
			t.Fatalf("org %s: %d users listed, %d indexed; role use %v, recorded %v", org.id, users, len(org.users), use, org.roleUse)
		}
		if len(org.roleOrder) != len(org.roles) || len(org.roles) != len(org.roleNames) {
			t.Fatalf("org %s: %d roles listed, %d by ID, %d by name", org.id, len(org.roleOrder), len(org.roles), len(org.roleNames))
		}
	}
}

// TestServersRestoredFromOneSnapshotShareNothing restores one snapshot into
// two servers and writes to both at once: nothing the snapshot held may be
// shared between them (under -race, a shared map is a reported race, or a
// fatal concurrent map write).
func TestServersRestoredFromOneSnapshotShareNothing(t *testing.T) {
	t.Parallel()
	src := newTestServer(t)
	snap := src.Snapshot()
	var wg sync.WaitGroup
	for s := range 2 {
		srv := newTestServer(t)
		if err := srv.Restore(snap); err != nil {
			t.Fatal(err)
		}
		c := newAstraClient(t, srv, "in-process")
		wg.Go(func() {
			for i := range 20 {
				// A distinct role list per invitation, so each is a new
				// entry in the table of shared role lists.
				role := c.must(201, "POST", "/v2/organizations/roles", customRole(fmt.Sprintf("s%d-%d", s, i)))
				var r struct{ ID string }
				mustUnmarshal(t, role.Body, &r)
				c.must(200, "PUT", "/v2/organizations/users", invite(fmt.Sprintf("s%d-%d@example.com", s, i), r.ID))
				c.argo("POST", "/api/v2/admin/tenants", fmt.Sprintf(`{"info":{"name":"s%d-%d"},"users":[{"name":"u","roles":["r%d-%d"]}]}`, s, i, s, i))
			}
		})
	}
	wg.Wait()
	s := src.astra.store
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, org := range s.orgs {
		if n := len(org.roleSets); n > 2 {
			t.Errorf("the snapshot's source holds %d shared role lists after writes to the servers restored from it", n)
		}
	}
}
