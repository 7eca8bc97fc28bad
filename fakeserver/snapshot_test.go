package fakeserver_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half/halftest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// wholeState reads everything both APIs show about the default fixture's
// organization and every ARGO tenant, to compare states.
func wholeState(t testing.TB, c *faketest.Client) map[string]any {
	t.Helper()
	state := faketest.AstraState(t, c)
	var env struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	list := c.Argo("GET", "/api/v2/admin/tenants", nil)
	faketest.MustUnmarshal(t, list.Body, &env)
	state["argo"] = faketest.Decode(t, list.Body)
	for _, tn := range env.Data {
		state["argo status "+tn.ID] = faketest.Decode(t, c.Argo("GET", "/api/v2/admin/tenants/"+tn.ID+"/status", nil).Body)
		state["argo users "+tn.ID] = faketest.Decode(t, c.Argo("GET", "/api/v2/admin/tenants/"+tn.ID+"/users", nil).Body)
	}
	return state
}

// mutateEverything changes state in every part of both stores.
func mutateEverything(t testing.TB, srv *fakeserver.Server, c *faketest.Client, tag string) {
	t.Helper()
	c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("role-"+tag))
	c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite(tag+"@example.com", astra.BuiltinRoleID("RO User")))
	c.Must(204, "PUT", "/v2/organizations/users/"+faketest.AdminUserID()+"/roles", map[string]any{"roles": []string{astra.BuiltinRoleID("Admin User")}})
	tn := faketest.CreateLangflowTenant(t, c, "")
	if err := srv.DeactivateLangflowTenant(tn.ID); err != nil {
		t.Fatal(err)
	}
	r := c.Argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"argo-`+tag+`"},"users":[{"name":"u","roles":["admin_ui"]}]}`)
	var created struct {
		Data struct{ ID string } `json:"data"`
	}
	faketest.MustUnmarshal(t, r.Body, &created)
	c.Argo("PUT", "/api/v2/admin/tenants/"+created.Data.ID+"/status", `{"engine_config":true,"hdfs":{"sync_data":{"r":{"weights":true}}}}`)
	if err := srv.AddArgoAdminKey("key-"+tag, fakeserver.ArgoSuperAdmin); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreBringsBackEveryPartOfTheState(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		mutateEverything(t, srv, c, "before")
		before := wholeState(t, c)
		snap := srv.Snapshot()

		mutateEverything(t, srv, c, "after")
		var tenants []faketest.LangflowTenant
		faketest.MustUnmarshal(t, c.Must(200, "GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenants", nil).Body, &tenants)
		c.Must(200, "PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tenants[0].ID+"/reactivate", nil)
		c.Must(204, "DELETE", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, "before@example.com"), nil)
		if testkit.Equal(before, wholeState(t, c)) {
			t.Fatal("the mutations changed nothing; the test proves nothing")
		}

		for i := range 2 { // a snapshot can be restored again and again
			if err := srv.Restore(snap); err != nil {
				t.Fatal(err)
			}
			if diff := testkit.Diff(before, wholeState(t, c)); diff != "" {
				t.Fatalf("restore %d (-snapshot +restored):\n%s", i+1, diff)
			}
			if r := c.Argo("GET", "/api/v2/admin/tenants", nil); r.Status != 200 {
				t.Fatalf("ARGO after restore: %d", r.Status)
			}
			if r := c.With("", "").DoHeaders("GET", "/api/v2/admin/tenants", nil, faketest.ArgoHeader("key-after")); r.Status != 401 {
				t.Errorf("an admin key added after the snapshot works after Restore: %d", r.Status)
			}
			mutateEverything(t, srv, c, fmt.Sprint("again", i)) // changes after Restore must not reach snap
		}
	})
}

func TestResetGoesBackToTheFixture(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithSeed(2))
	c := faketest.InProcess(t, srv)
	initial := wholeState(t, c)
	mutateEverything(t, srv, c, "x")
	if err := srv.RemoveArgoAdminKey(fakeserver.DefaultArgoRestrictedKey); err != nil {
		t.Fatal(err)
	}
	srv.Reset()
	if diff := testkit.Diff(initial, wholeState(t, c)); diff != "" {
		t.Errorf("after Reset (-initial +now):\n%s", diff)
	}
	if r := c.With("", "").DoHeaders("GET", "/api/v2/admin/tenants", nil, faketest.ArgoHeader(fakeserver.DefaultArgoRestrictedKey)); r.Status != 200 {
		t.Errorf("the fixture's revoked key after Reset: %d, want 200", r.Status)
	}
	if srv.Journal().Len() == 0 {
		t.Error("Reset cleared the journal; it is not state")
	}
}

func TestRestoreIntoAnotherServerAndRejectNil(t *testing.T) {
	t.Parallel()
	a, b := faketest.New(t), faketest.New(t)
	ca, cb := faketest.InProcess(t, a), faketest.InProcess(t, b)
	mutateEverything(t, a, ca, "a")
	if err := b.Restore(a.Snapshot()); err != nil {
		t.Fatal(err)
	}
	if diff := testkit.Diff(wholeState(t, ca), wholeState(t, cb)); diff != "" {
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
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	var tenant struct {
		Data struct{ ID string } `json:"data"`
	}
	faketest.MustUnmarshal(t, c.Argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"load"}}`).Body, &tenant)

	snaps := halftest.UnderWrites(func(w, i int) {
		tag := fmt.Sprintf("w%d-%d", w, i)
		c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole(tag))
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite(tag+"@example.com", astra.BuiltinRoleID("RO User")))
		c.Argo("POST", "/api/v2/admin/tenants/"+tenant.Data.ID+"/users", `{"name":"`+tag+`"}`)
	}, srv.Snapshot)
	for _, snap := range snaps {
		check := faketest.New(t)
		if err := check.Restore(snap); err != nil {
			t.Fatal(err)
		}
		// Every listed user and ARGO tenant user is found by its ID: the
		// indexes agree with the lists. (Each API's own tests check its
		// store's invariants on snapshots taken under writes.)
		cc := faketest.InProcess(t, check)
		var list struct{ Users []struct{ UserID string } }
		faketest.MustUnmarshal(t, cc.Must(200, "GET", "/v2/organizations/users", nil).Body, &list)
		for _, u := range list.Users {
			cc.Must(200, "GET", "/v2/organizations/users/"+u.UserID, nil)
		}
		var users struct{ Data []struct{ ID string } }
		faketest.MustUnmarshal(t, cc.Argo("GET", "/api/v2/admin/tenants/"+tenant.Data.ID+"/users", nil).Body, &users)
		for _, u := range users.Data {
			if r := cc.Argo("GET", "/api/v2/admin/users:byID/"+u.ID, nil); r.Status != 200 {
				t.Fatalf("restored user %s: %d %s", u.ID, r.Status, r.Body)
			}
		}
	}
}

// TestServersRestoredFromOneSnapshotShareNothing restores one snapshot into
// two servers and writes to both at once: nothing the snapshot held may be
// shared between them (under -race, a shared map is a reported race, or a
// fatal concurrent map write).
func TestServersRestoredFromOneSnapshotShareNothing(t *testing.T) {
	t.Parallel()
	src := faketest.New(t)
	snap := src.Snapshot()
	var wg sync.WaitGroup
	for s := range 2 {
		srv := faketest.New(t)
		if err := srv.Restore(snap); err != nil {
			t.Fatal(err)
		}
		c := faketest.InProcess(t, srv)
		wg.Go(func() {
			for i := range 20 {
				// A distinct role list per invitation, so each is a new
				// entry in the table of shared role lists.
				role := c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole(fmt.Sprintf("s%d-%d", s, i)))
				var r struct{ ID string }
				faketest.MustUnmarshal(t, role.Body, &r)
				c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite(fmt.Sprintf("s%d-%d@example.com", s, i), r.ID))
				c.Argo("POST", "/api/v2/admin/tenants", fmt.Sprintf(`{"info":{"name":"s%d-%d"},"users":[{"name":"u","roles":["r%d-%d"]}]}`, s, i, s, i))
			}
		})
	}
	wg.Wait()
}

func TestServerSideEventsAreJournaledInOrderWithRequests(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("Dev@Example.com", astra.BuiltinRoleID("RO User")))
		if err := srv.AcceptInvitation(fakeserver.DefaultOrgID, "DEV@example.com"); err != nil {
			t.Fatal(err)
		}
		tn := faketest.CreateLangflowTenant(t, c, "")
		steps := []func() error{
			func() error { return srv.FinishProvisioning(tn.ID) },
			func() error { return srv.DeactivateLangflowTenant(tn.ID) },
			func() error { return srv.SetLangflowTenantStatus(tn.ID, "failed") },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		// Failed hooks leave no entry.
		if srv.AcceptInvitation(fakeserver.DefaultOrgID, "nobody@example.com") == nil || srv.FinishProvisioning("nope") == nil {
			t.Fatal("a hook on nothing succeeded")
		}
		c.Must(200, "GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tn.ID, nil)
		faketest.WantJournal(t, srv,
			"PUT /v2/organizations/users 200",
			"event AcceptInvitation "+fakeserver.DefaultOrgID+" dev@example.com",
			"POST /v1/tenant 201",
			"event FinishProvisioning "+tn.ID,
			"event DeactivateLangflowTenant "+tn.ID,
			"event SetLangflowTenantStatus "+tn.ID+" failed",
			"GET /v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tn.ID+" 200",
		)
		ev := srv.Journal().Calls()[1]
		if ev.Event != "AcceptInvitation" || ev.Method != "" || ev.Status != 0 || !ev.Time.Equal(e.Clock.Now()) || ev.Seq != 2 {
			t.Errorf("event entry: %+v", ev)
		}
	})
}

func TestEventsAreAtomicWithRespectToSnapshots(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		tn := faketest.CreateLangflowTenant(t, c, "")
		snap := srv.Snapshot()
		if err := srv.FinishProvisioning(tn.ID); err != nil {
			t.Fatal(err)
		}
		if got := faketest.GetLangflowTenant(t, c, tn.ID).Status; got != "active" {
			t.Fatalf("status %s after FinishProvisioning", got)
		}
		if err := srv.Restore(snap); err != nil {
			t.Fatal(err)
		}
		if got := faketest.GetLangflowTenant(t, c, tn.ID).Status; got != "created" {
			t.Errorf("status %s after restoring the snapshot from before the event, want created", got)
		}
		e.Clock.Advance(2 * time.Second) // the clock still drives it
		if got := faketest.GetLangflowTenant(t, c, tn.ID).Status; got != "active" {
			t.Errorf("status %s after the provisioning delay, want active", got)
		}
	})
}
