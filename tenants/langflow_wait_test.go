package tenants_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

// WaitActive runs on the client's virtual clock, which also drives the
// fake's provisioning: each case costs no wall time.
func TestWaitActive(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		delay      time.Duration // the fake's provisioning delay
		pin        string        // a status to pin the tenant in after creation
		wantStatus tenants.LangflowStatus
		wantErr    string // the error text; "" for success
		wantPolls  []time.Duration
	}{
		{
			name: "a new tenant becomes active", delay: 5 * time.Second,
			wantStatus: "active",
			wantPolls:  []time.Duration{0, 1 * time.Second, 3 * time.Second, 7 * time.Second},
		},
		{
			name: "an active tenant needs one poll", delay: 0,
			wantStatus: "active", wantPolls: []time.Duration{0},
		},
		{
			name: "a deactivated tenant fails at once", pin: "deactivated",
			wantStatus: "deactivated", wantPolls: []time.Duration{0},
			wantErr: `tenantkit: tenants.Langflow.WaitActive: tenant %s is "deactivated" and cannot become active until it is reactivated (Langflow.Reactivate)`,
		},
		{
			name: "a failed tenant fails at once", pin: "failed",
			wantStatus: "failed", wantPolls: []time.Duration{0},
			wantErr: `tenantkit: tenants.Langflow.WaitActive: tenant %s is "failed" and can never become active`,
		},
		{
			name: "a terminated tenant fails at once", pin: "TERMINATED",
			wantStatus: "TERMINATED", wantPolls: []time.Duration{0},
			wantErr: `tenantkit: tenants.Langflow.WaitActive: tenant %s is "TERMINATED" and can never become active`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newLangflowEnv(t, sdktest.InProcess, fakeserver.WithProvisioningDelay(tc.delay))
			tn := env.create(t)
			if tc.pin != "" {
				if err := env.SetLangflowTenantStatus(tn.ID, tc.pin); err != nil {
					t.Fatal(err)
				}
			}
			env.Attempts.TakeCalls()
			got, err := env.lf.WaitActive(context.Background(), tn.ID)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("WaitActive: %v", err)
				}
			} else {
				want := strings.Replace(tc.wantErr, "%s", tn.ID, 1)
				var se *tenants.LangflowStatusError
				if err == nil || err.Error() != want || !errors.As(err, &se) || se.Status != tc.wantStatus || se.TenantID != tn.ID {
					t.Errorf("err = %v, want %q wrapping a *LangflowStatusError", err, want)
				}
			}
			if got.ID != tn.ID || got.Status != tc.wantStatus {
				t.Errorf("WaitActive returned %s in %q, want %s in %q", got.ID, got.Status, tn.ID, tc.wantStatus)
			}
			testkit.WantEqual(t, "poll times", tc.wantPolls, env.Attempts.Times())
		})
	}
}

// An unknown status may be a transitional one: WaitActive keeps polling,
// its waits doubling up to the maximum, until the tenant is active.
func TestWaitActiveKeepsPollingThroughAnUnknownStatus(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	env = env.withOptions(t, tenants.WithLangflowPollInterval(time.Second, 4*time.Second))
	tn := env.create(t)
	if err := env.SetLangflowTenantStatus(tn.ID, "upgrading"); err != nil {
		t.Fatal(err)
	}
	env.Attempts.TakeCalls()
	env.Attempts.AfterEach(func(n int) {
		if n == 6 { // the sixth poll has been answered "upgrading"
			if err := env.SetLangflowTenantStatus(tn.ID, "active"); err != nil {
				t.Error(err)
			}
		}
	})
	got, err := env.lf.WaitActive(context.Background(), tn.ID)
	if err != nil || !got.Status.IsActive() {
		t.Fatalf("WaitActive = %q, %v", got.Status, err)
	}
	s := time.Second
	want := []time.Duration{0, 1 * s, 3 * s, 7 * s, 11 * s, 15 * s, 19 * s}
	testkit.WantEqual(t, "poll times", want, env.Attempts.Times())
}

func TestWaitActiveEndsWhenTheContextIsCancelled(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	tn := env.create(t)
	if err := env.SetLangflowTenantStatus(tn.ID, "upgrading"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env.Attempts.TakeCalls()
	env.Attempts.AfterEach(func(n int) {
		if n == 3 {
			cancel()
		}
	})
	got, err := env.lf.WaitActive(ctx, tn.ID)
	want := `tenantkit: tenants.Langflow.WaitActive: tenant ` + tn.ID + ` still "upgrading" after 3 polls in 3s: context canceled`
	if !errors.Is(err, context.Canceled) || err.Error() != want {
		t.Errorf("err = %v, want %q matching context.Canceled", err, want)
	}
	if got.Status != "upgrading" {
		t.Errorf("WaitActive returned status %q, want the last one read", got.Status)
	}
}

// On the wall clock, a deadline ends the wait with an error that names the
// last status and matches context.DeadlineExceeded.
func TestWaitActiveEndsAtTheContextDeadline(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, sdktest.SpecChecked(t)) // the wall clock: the wait must end at a real deadline
	c := fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())
	cases := []struct {
		name        string
		first, max  time.Duration
		within      time.Duration // the wait must end sooner than this
		wantMessage string
	}{
		{"polling until the deadline", time.Millisecond, 5 * time.Millisecond, 2 * time.Second, `still "upgrading" after `},
		// The next poll could not happen before the deadline: no point
		// sleeping until then.
		{"a poll that would come too late is not waited for", time.Hour, time.Hour, 2 * time.Second, `still "upgrading" after 1 poll in `},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lf := tenants.NewLangflow(c, tenants.WithLangflowPollInterval(tc.first, tc.max))
			tn, err := lf.Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "azure", Region: "eastus"})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.SetLangflowTenantStatus(tn.ID, "upgrading"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err = lf.WaitActive(ctx, tn.ID)
			if took := time.Since(start); took > tc.within {
				t.Errorf("WaitActive took %s", took)
			}
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), tc.wantMessage) {
				t.Errorf("err = %v, want one matching context.DeadlineExceeded containing %q", err, tc.wantMessage)
			}
		})
	}
}

// Watch yields every state it reads, so a caller can follow the statuses a
// tenant passes through.
func TestWatchYieldsEveryStatusTheTenantPassesThrough(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.Loopback, fakeserver.WithProvisioningDelay(3*time.Second))
	tn := env.create(t)
	var statuses []tenants.LangflowStatus
	for tn, err := range env.lf.Watch(context.Background(), tn.ID) {
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, tn.Status)
	}
	want := []tenants.LangflowStatus{"created", "provisioning", "active"}
	testkit.WantEqual(t, "statuses", want, statuses)

	// After a reactivation: reactivating, then active.
	if err := env.DeactivateLangflowTenant(tn.ID); err != nil {
		t.Fatal(err)
	}
	statuses = nil
	for tn, err := range env.lf.Watch(context.Background(), tn.ID) {
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, tn.Status)
		if tn.Status == tenants.LangflowStatusDeactivated {
			if _, err := env.lf.Reactivate(context.Background(), tn.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Watch ends on a status that cannot become active by itself.
	testkit.WantEqual(t, "statuses", []tenants.LangflowStatus{"deactivated"}, statuses)
	statuses = nil
	for tn, err := range env.lf.Watch(context.Background(), tn.ID) {
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, tn.Status)
	}
	testkit.WantEqual(t, "statuses after Reactivate", []tenants.LangflowStatus{"reactivating", "reactivating", "active"}, statuses)
}

func TestLangflowStatusHelpers(t *testing.T) {
	t.Parallel()
	type class struct{ Active, CanBecomeActive, Terminal bool }
	cases := []struct {
		status tenants.LangflowStatus
		want   class
	}{
		{"active", class{true, true, false}},
		{"ACTIVE", class{true, true, false}},
		{"created", class{false, true, false}},
		{"provisioning", class{false, true, false}},
		{"reactivating", class{false, true, false}},
		{"deactivated", class{false, false, false}},
		{"failed", class{false, false, true}},
		{"Terminated", class{false, false, true}},
		{"upgrading", class{false, true, false}}, // unknown: may still become active
		{"", class{false, true, false}},
	}
	for _, tc := range cases {
		got := class{tc.status.IsActive(), tc.status.CanBecomeActive(), tc.status.IsTerminal()}
		if diff := testkit.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.status, diff)
		}
	}
}
