package fakeserver_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// Each identity sends its own credential, and the fake answers it as the
// real servers would.
func TestSDKClientSendsEachIdentitysCredential(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := faketest.New(t, fakeserver.WithSeed(1))
	super := tenants.NewArgo(fakeserver.NewTestClient(t, srv, fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin)))
	if _, err := super.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "ui"}, Users: []users.ArgoUser{{Name: "u", Roles: []string{"admin_ui"}}}}); err != nil {
		t.Fatal(err)
	}
	created, err := super.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "plain"}, Users: []users.ArgoUser{{Name: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := super.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	noRoles, err := srv.AddToken(fakeserver.DefaultOrgID)
	if err != nil {
		t.Fatal(err)
	}

	names := func(id fakeserver.Identity) (out []string, err error) {
		for tn, err := range tenants.NewArgo(fakeserver.NewTestClient(t, srv, id)).All(ctx) {
			if err != nil {
				return out, err
			}
			out = append(out, tn.Info.Name)
		}
		return out, nil
	}
	ui, uiErr := names(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI))
	restricted, restrictedErr := names(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminRestricted))
	_, userKeyErr := names(fakeserver.AsArgoKey(plain.Users[0].APIKey))
	org, orgErr := users.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstraToken(noRoles, ""))).Organization(ctx)
	_, listErr := users.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstraToken(noRoles, ""))).List(ctx)
	members, membersErr := users.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())).List(ctx)

	testkit.WantEqual(t, "what each identity got", []any{
		[]string{"ui"}, nil,
		[]string{"ui", "plain"}, nil,
		true,
		fakeserver.DefaultOrgID, nil,
		true,
		1, nil,
	}, []any{
		ui, uiErr,
		restricted, restrictedErr,
		errors.Is(userKeyErr, client.ErrUnauthorized), // a tenant user's key is no admin key
		org.ID, orgErr,
		errors.Is(listErr, client.ErrForbidden), // a token without roles
		len(members), membersErr,
	})
}

// The client runs on the fake's clock: a virtual clock given to the fake
// drives the client's backoff too, so a Retry-After costs no wall time.
func TestSDKClientSharesTheFakesClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := client.NewVirtualClock(start)
	srv := faketest.New(t, fakeserver.WithClock(clock))
	if err := srv.AddFault(fakeserver.Fault{Operation: tenantkit.OpGetOrganizationUsers, Status: 503, RetryAfter: time.Hour, Times: 1}); err != nil {
		t.Fatal(err)
	}
	c := fakeserver.NewTestClient(t, srv, fakeserver.AsAstra(), client.WithRetryPolicy(client.RetryPolicy{MaxRetryAfter: 2 * time.Hour}))
	began := time.Now()
	if _, err := users.NewAstra(c).List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(began); waited > 10*time.Second {
		t.Errorf("an hour's Retry-After took %s of wall time", waited)
	}
	if got := clock.Now().Sub(start); got < time.Hour {
		t.Errorf("the shared clock moved %s, want the hour the client waited", got)
	}
}

// A credential the fixture lacks, or no credential at all, is an error
// that names the identity and no secret.
func TestSDKClientRefusesAMissingCredential(t *testing.T) {
	t.Parallel()
	empty := faketest.New(t, fakeserver.WithFixture(fakeserver.Fixture{}))
	for _, tc := range []struct {
		id   fakeserver.Identity
		want string
	}{
		{fakeserver.AsAstra(), "SDKClient(AsAstra()): the fixture has no Astra token"},
		{fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI), "SDKClient(AsArgoAdmin(super_admin_ui)): the fixture has no super_admin_ui key"},
		{fakeserver.Identity{}, "no credential"},
	} {
		c, err := empty.SDKClient(tc.id)
		if c != nil || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SDKClient(%s) = %v, %v; want an error containing %q", tc.want, c, err, tc.want)
		}
	}
}
