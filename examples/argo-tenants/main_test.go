package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/tenants"
)

func testClock() *client.VirtualClock {
	return client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
}

// fullKey matches an API key as the server generates them: it must never
// be printed.
var fullKey = regexp.MustCompile(`[0-9a-f]{64}`)

func TestRunAgainstTheEmbeddedFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out, config{clock: testClock(), fake: []fakeserver.Option{fakeserver.WithSeed(1)}}); err != nil {
		t.Fatalf("run: %v\noutput:\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"server: embedded fake ARGO Web API\n",
		`created tenant "tenantkit-example" (`,
		"engine status: total_status=true, last_check 2025-01-02T03:04:05Z\n",
		"engine status after the renewal: total_status=false (user writes wipe it)\n",
		"  super_admin:            db_conf 1 database; users alice, bob, carol\n",
		"  super_admin_restricted: db_conf not shown; users not shown\n",
		"  super_admin_ui:         db_conf not shown; users bob\n",
		`deleted tenant "tenantkit-example"` + "\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\noutput:\n%s", want, got)
		}
	}
	for _, re := range []string{
		`(?m)^  alice  \[admin\]     key [0-9a-f]{4}\*\*\*\*$`,
		`(?m)^  bob    \[admin_ui\]  key [0-9a-f]{4}\*\*\*\*$`,
		`(?m)^added user carol \[viewer\], key [0-9a-f]{4}\*\*\*\*$`,
		`(?m)^renewed alice's key: [0-9a-f]{4}\*\*\*\* -> [0-9a-f]{4}\*\*\*\*$`,
	} {
		if !regexp.MustCompile(re).MatchString(got) {
			t.Errorf("output has no line matching %s\noutput:\n%s", re, got)
		}
	}
	if k := fullKey.FindString(got); k != "" {
		t.Errorf("output shows a whole API key %s:\n%s", k, got)
	}
	if strings.Contains(got, "not-a-real-password") {
		t.Errorf("output shows the database password:\n%s", got)
	}
}

func TestRunAgainstAServerShowsOnlyTheGivenKeysView(t *testing.T) {
	t.Parallel()
	clock := testClock()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithClock(clock))
	var out bytes.Buffer
	cfg := config{url: srv.URL(), key: srv.Credentials().ArgoAdminKey, clock: clock}
	if err := run(context.Background(), &out, cfg); err != nil {
		t.Fatalf("run: %v\noutput:\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"server: " + srv.URL() + "\n",
		`created tenant "tenantkit-example-20250102T030405" (`,
		"  this key:               db_conf 1 database; users alice, bob, carol\n",
		`deleted tenant "tenantkit-example-20250102T030405"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q\noutput:\n%s", want, got)
		}
	}
	if strings.Contains(got, "super_admin_restricted") {
		t.Errorf("output shows other keys' views:\n%s", got)
	}
	assertNoTenants(t, srv)
}

func TestRunWithARestrictedKeyFailsAndLeavesNothing(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	var out bytes.Buffer
	err := run(context.Background(), &out, config{url: srv.URL(), key: srv.Credentials().ArgoRestrictedAdminKey})
	if !errors.Is(err, client.ErrForbidden) {
		t.Errorf("run with a restricted key: %v, want a 403", err)
	}
	assertNoTenants(t, srv)
}

func TestRunNeedsBothURLAndKey(t *testing.T) {
	t.Parallel()
	for _, cfg := range []config{{url: "https://argo.example.org"}, {key: "k"}} {
		if err := run(context.Background(), new(bytes.Buffer), cfg); err == nil || !strings.Contains(err.Error(), "ARGO_API_URL") {
			t.Errorf("run(%+v): %v, want an error naming the variables", cfg, err)
		}
	}
}

// assertNoTenants checks that the run cleaned up after itself.
func assertNoTenants(t *testing.T, srv *fakeserver.Server) {
	t.Helper()
	c := fakeserver.NewTestClient(t, srv, fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	ts, err := tenants.NewArgo(c).List(context.Background())
	if err != nil || len(ts) != 0 {
		t.Errorf("tenants left behind: %v, %v", ts, err)
	}
}
