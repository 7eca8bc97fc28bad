package fakeserver_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestDialRefusesWhatIsNoControlAPI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	controlled, _ := newControlled(t)
	plain := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	for _, c := range []struct{ name, url, token, says string }{
		{"not a URL", "127.0.0.1:8080", testControlToken, "give the fake's base URL"},
		{"no token", controlled.URL(), "", "no control token"},
		{"a wrong token", controlled.URL(), "wrong-token-0123456789", "401"},
		{"the Astra token", controlled.URL(), fakeserver.DefaultAstraToken, "401"},
		{"a fake without control", plain.URL(), testControlToken, "no control API here"},
	} {
		r, err := fakeserver.Dial(ctx, c.url, c.token)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("Dial, %s: %v, %v; want an error saying %q", c.name, r, err, c.says)
			continue
		}
		for _, secret := range []string{fakeserver.DefaultAstraToken, "wrong-token-0123456789", testControlToken} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("Dial, %s: the error shows a secret: %v", c.name, err)
			}
		}
	}
}

// TestRemoteJournalReadsAsTheServers: every Journal method of a Remote
// answers what the Server's own journal answers.
func TestRemoteJournalReadsAsTheServers(t *testing.T) {
	t.Parallel()
	// A virtual clock: a wall-clock reading carries a monotonic part that
	// no JSON time does.
	srv, _ := newControlled(t, fakeserver.WithClock(client.NewVirtualClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))))
	remote, err := fakeserver.Dial(context.Background(), srv.URL(), testControlToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddFault(fakeserver.Fault{Name: "once", Operation: tenantkit.OpGetCurrentOrganization, Status: 503, Times: 1}); err != nil {
		t.Fatal(err)
	}
	id := createLangflowTenant(t, srv)
	for range 2 {
		langflowStatus(t, srv, id)
		readCurrentOrg(t, srv)
	}
	if err := srv.FinishProvisioning(id); err != nil {
		t.Fatal(err)
	}
	readCurrentOrg(t, srv) // the last entry a request, with headers and bodies
	local, far := srv.Journal(), remote.Journal()
	testkit.WantEqual(t, "Calls", local.Calls(), far.Calls())
	testkit.WantEqual(t, "CallsTo", local.CallsTo(tenantkit.OpGetCurrentOrganization), far.CallsTo(tenantkit.OpGetCurrentOrganization))
	l1, ok1 := local.Last()
	l2, ok2 := far.Last()
	testkit.WantEqual(t, "Last", []any{l1, ok1}, []any{l2, ok2})
	testkit.WantEqual(t, "Len, Evicted", []int{local.Len(), local.Evicted()}, []int{far.Len(), far.Evicted()})
	testkit.WantEqual(t, "Summary", local.Summary(), far.Summary())
	testkit.WantEqual(t, "Outline", local.Outline(), far.Outline())
	far.Reset()
	if local.Len() != 0 {
		t.Errorf("the Server's journal holds %d after the Remote's Reset", local.Len())
	}
	if err := remote.Err(); err != nil {
		t.Errorf("Err: %v", err)
	}
}

func TestRemoteJournalPagesPastAThousandCalls(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t, fakeserver.WithJournalCapacity(3000), fakeserver.WithJournalBodyLimit(0))
	for range 2100 {
		readCurrentOrg(t, srv)
	}
	remote := fakeserver.DialTest(t, srv.URL(), testControlToken)
	calls := remote.Journal().Calls()
	if len(calls) != 2100 || calls[0].Seq != 1 || calls[2099].Seq != 2100 {
		t.Fatalf("the Remote read %d calls (first %v); want 2100 in order", len(calls), calls[0])
	}
}

// TestRemoteJournalPagesByTheSizeOfBodies: a page of the journal with
// bodies ends once its bodies pass a few MiB, and a Remote reads on to
// the end, so a journal of big entries reads whole.
func TestRemoteJournalPagesByTheSizeOfBodies(t *testing.T) {
	t.Parallel()
	// A virtual clock: a wall-clock reading carries a monotonic part that
	// no JSON time does.
	srv, c := newControlled(t, fakeserver.WithClock(client.NewVirtualClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))))
	if _, err := srv.SeedArgoTenants([]byte(faketest.ArgoSeed(70, 5))); err != nil {
		t.Fatal(err)
	}
	const calls = 100 // each journaled with a 64 KiB body: 6.4 MB in all
	for range calls {
		resp, err := srv.Client().Do(faketest.ArgoGet(t, srv.URL()+"/api/v2/admin/tenants"))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	local := srv.Journal().Calls()
	if len(local) != calls || !local[0].Truncated {
		t.Fatalf("the journal holds %d calls (the first truncated: %v); want %d with bodies cut at 64 KiB", len(local), len(local) > 0 && local[0].Truncated, calls)
	}

	a := c.send(http.MethodGet, "journal?bodies=true", "", nil)
	var page struct {
		Calls []struct {
			Seq int64 `json:"seq"`
		} `json:"calls"`
		Last int64 `json:"last"`
	}
	if err := json.Unmarshal(a.Body, &page); err != nil || a.Status != http.StatusOK {
		t.Fatalf("GET journal?bodies=true: %d, %v", a.Status, err)
	}
	if n := len(page.Calls); n == 0 || n == calls || len(a.Body) > 8<<20 {
		t.Errorf("the first page with bodies holds %d of %d calls in %d bytes; want a page cut by size", n, calls, len(a.Body))
	}

	remote := fakeserver.DialTest(t, srv.URL(), testControlToken)
	far := remote.Journal().Calls()
	testkit.WantEqual(t, "Calls (summary and digest)", digests(t, local), digests(t, far))
}

// digests names each call by its summary and a digest of all its fields:
// a short diff where comparing 64 KiB bodies byte by byte would be slow
// and long.
func digests(t *testing.T, calls []fakeserver.Call) []string {
	t.Helper()
	out := make([]string, len(calls))
	for i, c := range calls {
		data, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		out[i] = fmt.Sprintf("%s %x", c, sum[:8])
	}
	return out
}

// TestRemoteSaysAnAnswerIsTooLarge: a control answer past what a Remote
// reads fails with an error about its size, not a truncated JSON error.
func TestRemoteSaysAnAnswerIsTooLarge(t *testing.T) {
	t.Parallel()
	for _, declared := range []bool{false, true} {
		t.Run(fmt.Sprintf("Content-Length declared %v", declared), func(t *testing.T) {
			t.Parallel()
			// spec: not a fake; a control API that answers too much.
			big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if strings.HasSuffix(r.URL.Path, "/credentials") {
					_, _ = io.WriteString(w, "{}")
					return
				}
				if declared { // refused unread: the body need not follow
					w.Header().Set("Content-Length", strconv.Itoa(65<<20))
					w.WriteHeader(http.StatusOK)
					return
				}
				spaces := bytes.Repeat([]byte(" "), 1<<20)
				for range 65 {
					if _, err := w.Write(spaces); err != nil {
						return
					}
				}
				_, _ = io.WriteString(w, `{"lines":[]}`)
			}))
			t.Cleanup(big.Close)
			remote, err := fakeserver.Dial(context.Background(), big.URL, testControlToken)
			if err != nil {
				t.Fatal(err)
			}
			remote.Journal().Outline()
			if err := remote.Err(); err == nil || !strings.Contains(err.Error(), "larger than 64 MiB") {
				t.Errorf("Err after a 65 MiB answer: %v; want an error saying it is too large", err)
			}
		})
	}
}

func TestRemoteKeepsSnapshotsApartFromTheServers(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	ctx := context.Background()
	r1, err := fakeserver.Dial(ctx, srv.URL(), testControlToken)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := fakeserver.Dial(ctx, srv.URL(), testControlToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := r1.Restore(srv.Snapshot()); err == nil {
		t.Error("a Remote restored a Server's snapshot")
	}
	if err := r1.Restore(r2.Snapshot()); err == nil {
		t.Error("a Remote restored another Remote's snapshot")
	}
	if err := srv.Restore(r1.Snapshot()); err == nil {
		t.Error("a Server restored a Remote's snapshot")
	}
	snap := r1.Snapshot()
	id := createLangflowTenant(t, srv)
	if err := r1.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if status := langflowStatus(t, srv, id); status != http.StatusNotFound {
		t.Errorf("the tenant made after the Remote's snapshot answers %d after Restore, want 404", status)
	}
}

func TestRemoteMethodsReturnTheControlAPIsRefusal(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	remote := fakeserver.DialTest(t, srv.URL(), testControlToken)
	err := remote.FinishProvisioning("no-such-tenant")
	var ce *fakeserver.ControlError
	if !errors.As(err, &ce) || ce.Status != http.StatusBadRequest || ce.Path != "events/finish-provisioning" || !strings.Contains(ce.Message, "no-such-tenant") {
		t.Errorf("FinishProvisioning of an unknown tenant: %#v; want a *ControlError with 400 and the control API's message", err)
	}
	if err := remote.AdvanceClock(time.Minute); !errors.As(err, &ce) || ce.Status != http.StatusConflict {
		t.Errorf("AdvanceClock on the wall clock: %v; want a *ControlError with 409", err)
	}
}

// dialClosedFake returns a Remote whose fake has closed since Dial: every
// control request it makes fails.
func dialClosedFake(t *testing.T) *fakeserver.Remote {
	t.Helper()
	// spec: no API request is sent.
	srv, err := fakeserver.New(fakeserver.WithControlToken(testControlToken))
	if err != nil {
		t.Fatal(err)
	}
	remote, err := fakeserver.Dial(context.Background(), srv.URL(), testControlToken)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	return remote
}

func TestRemoteErrKeepsTheFirstFailure(t *testing.T) {
	t.Parallel()
	remote := dialClosedFake(t)
	remote.Reset()
	remote.ClearFaults()
	if err := remote.Err(); err == nil || !strings.Contains(err.Error(), "POST reset") {
		t.Errorf("Err after the fake closed: %v; want the failure of the Reset", err)
	}
}

// TestRemoteRestoreOfAFailedSnapshotSaysItFailed: the handle a failed
// Snapshot returns is refused by Restore with an error that says the
// snapshot failed, not that another Remote took it.
func TestRemoteRestoreOfAFailedSnapshotSaysItFailed(t *testing.T) {
	t.Parallel()
	remote := dialClosedFake(t)
	snap := remote.Snapshot()
	if remote.Err() == nil {
		t.Fatal("Snapshot of a closed fake reported no failure")
	}
	if err := remote.Restore(snap); err == nil || !strings.Contains(err.Error(), "the snapshot failed") {
		t.Errorf("Restore of a failed snapshot: %v; want an error saying the snapshot failed", err)
	}
}

// TestDialTestLeavesTheFakeAsItFoundIt: when a test with DialTest ends, the
// fake's state, fault rules, rate limit, virtual clock, journal and the
// test's snapshots are back as they were, the binary's own fault rules
// and rate limit included.
func TestDialTestLeavesTheFakeAsItFoundIt(t *testing.T) {
	t.Parallel()
	srv, c := newControlled(t,
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))),
		fakeserver.WithFaults(fakeserver.Fault{Name: "users-down", Operation: tenantkit.OpGetOrganizationUsers, Status: 503, After: 1, Times: 2}),
		fakeserver.WithRateLimit(1000, 100))
	before := c.fingerprint()
	t.Run("a test on the binary", func(t *testing.T) {
		remote := fakeserver.DialTest(t, srv.URL(), testControlToken)
		remote.Snapshot()
		createLangflowTenant(t, srv)
		if !remote.RemoveFault("users-down") {
			t.Fatal("RemoveFault: the fake's own rule was not there")
		}
		if err := remote.AddFault(fakeserver.Fault{Operation: tenantkit.OpGetCurrentOrganization, Status: 503}); err != nil {
			t.Fatal(err)
		}
		if err := remote.SetRateLimit(1, 1); err != nil {
			t.Fatal(err)
		}
		if err := remote.AdvanceClock(time.Hour); err != nil {
			t.Fatal(err)
		}
	})
	if diff := testkit.Diff(strings.Split(before, "\n"), strings.Split(c.fingerprint(), "\n")); diff != "" {
		t.Errorf("the fake after the test (-before +after):\n%s", diff)
	}
}

// TestDialTestLeavesAWallClockAlone: DialTest's cleanup sets only a
// virtual clock back; on a wall clock it does not fail the test.
func TestDialTestLeavesAWallClockAlone(t *testing.T) {
	t.Parallel()
	srv, c := newControlled(t)
	passed := t.Run("a test on the binary", func(t *testing.T) {
		fakeserver.DialTest(t, srv.URL(), testControlToken)
	})
	if !passed {
		t.Error("DialTest's cleanup failed on a fake that runs on the wall clock")
	}
	var clock struct{ Virtual bool }
	c.json("GET", "clock", nil, 200, &clock)
	if clock.Virtual {
		t.Error("after DialTest's cleanup the fake's clock is virtual")
	}
}

// readCurrentOrg reads the current organization over the API.
func readCurrentOrg(t testing.TB, srv *fakeserver.Server) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/v2/currentOrg", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}
