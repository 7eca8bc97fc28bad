package fakeserver_test

import (
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

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
