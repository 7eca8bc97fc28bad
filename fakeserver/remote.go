package fakeserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/tenantkit/tenantkit/client"
)

// Remote steers a fake that runs in another process — cmd/fakeserver, or
// a Server built with WithControlToken — through its control API. It has
// the Server's instrument methods with the same signatures (both are an
// Instrument), so a test written against NewTest runs against a running
// binary by changing the line that makes the fake to DialTest:
//
//	srv := fakeserver.NewTest(t)
//	srv := fakeserver.DialTest(t, os.Getenv("TENANTKIT_FAKE_URL"), os.Getenv("TENANTKIT_FAKE_CONTROL_TOKEN"))
//
// What differs: each method is a request to the fake, bounded by a
// timeout (30 s); a Remote's Journal reads the fake's journal at each
// call; a Snapshot is held by the fake under a generated name; SDKClient
// returns a client that goes over the network on the wall clock. Methods
// whose Server form cannot fail (Reset, ClearFaults, Journal's) report a
// failed request to the test of DialTest, or, for a Remote from Dial, keep
// the first such error for Err. A Remote is safe for concurrent use, but
// the fake it steers is shared: tests that share one must not run in
// parallel (see DialTest).
type Remote struct {
	base    string // the fake's URL, no trailing slash
	token   string
	http    *http.Client
	timeout time.Duration
	creds   Credentials
	journal *Journal
	tb      testing.TB // DialTest's; nil after Dial

	snapshotPrefix string // names this Remote's snapshots apart from others'
	snapshots      atomic.Int64

	mu  sync.Mutex
	err error // the first failure of a method that cannot return one
}

// remoteTimeout bounds each control request of a Remote.
const remoteTimeout = 30 * time.Second

// maxControlAnswer bounds the control answer a Remote reads; a longer
// one is an error rather than a truncated JSON document. A journal page
// stays far below it (see maxJournalPageBodies).
const maxControlAnswer = 64 << 20

// Dial connects to the fake at baseURL (such as "http://127.0.0.1:8080",
// as cmd/fakeserver prints it in TENANTKIT_FAKE_URL) with its control
// token (TENANTKIT_FAKE_CONTROL_TOKEN), and reads its credentials. It
// fails when the fake cannot be reached, has no control API, or refuses
// the token.
//
// A fake reached by Dial is shared with every other client of it: its
// state, fault rules, rate limit, clock and journal are one for all, so
// tests that share a fake must not run in parallel (see DialTest).
func Dial(ctx context.Context, baseURL, token string) (*Remote, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fakeserver: Dial(%q): give the fake's base URL, such as http://127.0.0.1:8080", baseURL)
	}
	if token == "" {
		return nil, errors.New("fakeserver: Dial: no control token (cmd/fakeserver prints it as TENANTKIT_FAKE_CONTROL_TOKEN)")
	}
	var prefix [4]byte
	_, _ = rand.Read(prefix[:])
	r := &Remote{
		base:           strings.TrimRight(baseURL, "/"),
		token:          token,
		http:           cleanhttp.DefaultPooledClient(),
		timeout:        remoteTimeout,
		snapshotPrefix: "remote-" + hex.EncodeToString(prefix[:]) + "-",
	}
	r.journal = &Journal{remote: r}
	var creds credentialsJSON
	if err := r.call(ctx, http.MethodGet, "credentials", nil, &creds); err != nil {
		return nil, fmt.Errorf("fakeserver: Dial(%q): %w", baseURL, err)
	}
	r.creds = Credentials(creds)
	return r, nil
}

// DialTest is Dial for tests: it fails tb at once if the fake cannot be
// reached or its fault rules, rate limit and clock cannot be read, and
// reports to tb any later failure of a method that cannot return one.
//
// It reads the fake's fault rules, rate limit and clock as it finds
// them, and on tb's cleanup puts them back: it resets the fake's state
// (to its fixture: see below), replaces the fault rules with those it
// found, sets the rate limit it found (or turns it off), sets a virtual
// clock back to the time it read (a wall clock is left alone), forgets
// the journal and deletes the snapshots this Remote took. A failure of
// that cleanup is reported to tb, since the next test would find the
// fake changed.
//
// What is restored is the rules as Faults listed them, with After and
// Times as far as they had counted down, not each rule's history: the
// generator of Probability draws and of rule names ("fault-N") goes on;
// the rate limit's buckets start full. Load is not undone: a test's Load
// makes its fixture the one Reset returns to, for the later tests too
// (the control API cannot read a fixture back); a test that loads one
// should Load the fake's original fixture before it ends.
//
// A DialTest cleanup resets the state, fault rules, rate limit, clock
// and journal that every user of the fake shares, and a Remote's Journal
// reads every client's calls: tests that share one fake must not run in
// parallel. Give each parallel test its own cmd/fakeserver, or run the
// tests on a shared one serially (no t.Parallel).
func DialTest(tb testing.TB, baseURL, token string) *Remote {
	tb.Helper()
	r, err := Dial(context.Background(), baseURL, token)
	if err != nil {
		tb.Fatal(err)
	}
	found, err := r.readSettings()
	if err != nil {
		tb.Fatal(err)
	}
	r.tb, r.journal.tb = tb, tb
	tb.Cleanup(func() {
		r.Reset()
		if err := r.restoreSettings(found); err != nil {
			r.fail(err)
		}
		r.Journal().Reset()
		r.forgetSnapshots()
		r.tb, r.journal.tb = nil, nil // the test is over: report nothing more to it
	})
	return r
}

// settings are the parts of a fake that are not state and that
// DialTest puts back: fault rules, rate limit, clock.
type settings struct {
	faults    []Fault
	rateLimit rateLimitJSON
	clock     clockJSON
}

// readSettings reads the fake's settings.
func (r *Remote) readSettings() (settings, error) {
	var s settings
	var list faultsJSON
	if err := r.send(http.MethodGet, "faults", nil, &list); err != nil {
		return s, err
	}
	for _, j := range list.Faults {
		f, err := j.fault()
		if err != nil {
			return s, fmt.Errorf("fakeserver: DialTest: reading the fault rules: %w", err)
		}
		s.faults = append(s.faults, f)
	}
	if err := r.send(http.MethodGet, "rate-limit", nil, &s.rateLimit); err != nil {
		return s, err
	}
	if err := r.send(http.MethodGet, "clock", nil, &s.clock); err != nil {
		return s, err
	}
	return s, nil
}

// restoreSettings puts back settings read by readSettings, as far as
// it can, and returns every failure.
func (r *Remote) restoreSettings(s settings) error {
	var errs []error
	errs = append(errs, r.send(http.MethodDelete, "faults", nil, nil))
	if len(s.faults) > 0 {
		errs = append(errs, r.AddFault(s.faults...))
	}
	if s.rateLimit.Enabled {
		errs = append(errs, r.SetRateLimit(s.rateLimit.PerSecond, s.rateLimit.Burst))
	} else {
		errs = append(errs, r.send(http.MethodDelete, "rate-limit", nil, nil))
	}
	if s.clock.Virtual {
		errs = append(errs, r.SetClock(s.clock.Now))
	}
	return errors.Join(errs...)
}

// Err returns the first failure of a method that cannot return an error
// (Reset, ClearFaults, ClearRateLimit, Journal's methods) on a Remote from
// Dial, or nil.
func (r *Remote) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// fail reports err: to DialTest's test, or kept for Err.
func (r *Remote) fail(err error) {
	if tb := r.tb; tb != nil {
		tb.Helper()
		tb.Errorf("%v", err)
		return
	}
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.mu.Unlock()
}

// ControlError is a Remote method's error when the control API refused
// the request: Status 400 for bad input (nothing changed), 401 for a wrong
// control token, 409 for moving a wall clock. Get it with errors.As.
type ControlError struct {
	// Method and Path are the control request's, Path relative to
	// /__tenantkit/api/ ("faults", "snapshots/x/restore").
	Method, Path string
	// Status is the HTTP status the control API answered.
	Status int
	// Message is the control API's explanation.
	Message string
}

// Error reads "fakeserver: control POST faults: 400 Bad Request: …".
func (e *ControlError) Error() string {
	return fmt.Sprintf("fakeserver: control %s %s: %d %s: %s", e.Method, e.Path, e.Status, http.StatusText(e.Status), e.Message)
}

// call sends a control request: body (if not nil) as JSON, or raw when
// it is a []byte; the answer decoded into out (if not nil).
func (r *Remote) call(ctx context.Context, method, path string, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		data, ok := body.([]byte)
		if !ok {
			var err error
			if data, err = json.Marshal(body); err != nil {
				return fmt.Errorf("fakeserver: control %s %s: %w", method, path, err)
			}
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.base+controlAPIPrefix+path, rd)
	if err != nil {
		return fmt.Errorf("fakeserver: control %s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.http.Do(req)
	if err != nil {
		return fmt.Errorf("fakeserver: control %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	var data []byte
	if resp.ContentLength <= maxControlAnswer { // a declared length past the bound is refused unread
		if data, err = io.ReadAll(io.LimitReader(resp.Body, maxControlAnswer+1)); err != nil {
			return fmt.Errorf("fakeserver: control %s %s: reading the answer: %w", method, path, err)
		}
	}
	if resp.ContentLength > maxControlAnswer || len(data) > maxControlAnswer {
		return fmt.Errorf("fakeserver: control %s %s: the answer is larger than %d MiB, more than a Remote reads", method, path, maxControlAnswer>>20)
	}
	if resp.StatusCode >= 300 {
		var e controlErrorJSON
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(data[:min(len(data), 200)]))
			if resp.StatusCode == http.StatusNotFound {
				e.Error = "no control API here: is this a tenantkit fake started with a control token?"
			}
		}
		return &ControlError{Method: method, Path: path, Status: resp.StatusCode, Message: e.Error}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("fakeserver: control %s %s: the answer is not the JSON expected: %w", method, path, err)
		}
	}
	return nil
}

// do is call for the methods that cannot return an error.
func (r *Remote) do(method, path string, body, out any) bool {
	if err := r.call(context.Background(), method, path, body, out); err != nil {
		r.fail(err)
		return false
	}
	return true
}

// send is call with the background context, for the methods that
// return the error.
func (r *Remote) send(method, path string, body, out any) error {
	return r.call(context.Background(), method, path, body, out)
}

// URL is the fake's base URL, as given to Dial.
func (r *Remote) URL() string { return r.base }

// InspectorURL is the URL that opens the fake's inspector page, the
// control token included.
func (r *Remote) InspectorURL() string {
	return r.base + ControlPrefix + "?token=" + url.QueryEscape(r.token)
}

// Credentials returns the fake's fixture credentials, as read by Dial or
// by the last Load through this Remote.
func (r *Remote) Credentials() Credentials {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.creds
}

// SDKClient returns a tenantkit client of the fake that sends the
// identity's credential, over the network, on the wall clock. opts come
// after these and may override them. It does no I/O.
func (r *Remote) SDKClient(id Identity, opts ...client.Option) (*client.Client, error) {
	creds, err := identityOptions(r.Credentials(), id)
	if err != nil {
		return nil, fmt.Errorf("fakeserver: SDKClient(%s): %w", id.name, err)
	}
	c, err := client.New(append(append([]client.Option{client.WithBaseURL(r.base)}, creds...), opts...)...)
	if err != nil {
		return nil, fmt.Errorf("fakeserver: SDKClient(%s): %w", id.name, err)
	}
	return c, nil
}

// Reset restores the state the fake started with (or last loaded).
func (r *Remote) Reset() { r.do(http.MethodPost, "reset", nil, nil) }

// Load replaces the fake's whole state with fixture f's and makes it the
// state Reset returns to, as Server.Load does: for every client of the
// fake, and after DialTest's cleanup too, which cannot undo it. It
// returns the control API's refusal of f (nothing changed) or the
// failure to reach the fake.
func (r *Remote) Load(f Fixture) error {
	if err := r.send(http.MethodPut, "fixture", f, nil); err != nil {
		return err
	}
	var creds credentialsJSON
	if err := r.send(http.MethodGet, "credentials", nil, &creds); err != nil {
		return err
	}
	r.mu.Lock()
	r.creds = Credentials(creds)
	r.mu.Unlock()
	return nil
}

// Snapshot has the fake take a snapshot of its state and keep it under a
// generated name; the handle restores it with Restore. On failure it
// returns a handle that Restore refuses, saying the snapshot failed, and
// reports the failure as Reset does.
func (r *Remote) Snapshot() *Snapshot {
	name := r.snapshotPrefix + fmt.Sprint(r.snapshots.Add(1))
	if !r.do(http.MethodPut, "snapshots/"+name, nil, nil) {
		return &Snapshot{remote: r} // no remoteName: the snapshot failed
	}
	return &Snapshot{remoteName: name, remote: r}
}

// Restore replaces the fake's state with a snapshot this Remote took. It
// fails, changing nothing, when snap is nil, failed when taken, or was
// taken by a Server or another Remote, and returns the control API's
// refusal or the failure to reach the fake.
func (r *Remote) Restore(snap *Snapshot) error {
	switch {
	case snap == nil:
		return errors.New("fakeserver: Restore: nil snapshot")
	case snap.remote != r:
		return errors.New("fakeserver: Restore: the snapshot was not taken by this Remote")
	case snap.remoteName == "":
		return errors.New("fakeserver: Restore: the snapshot failed when it was taken (its failure was reported then), so there is nothing to restore")
	}
	return r.send(http.MethodPost, "snapshots/"+snap.remoteName+"/restore", nil, nil)
}

// forgetSnapshots deletes the snapshots this Remote took.
func (r *Remote) forgetSnapshots() {
	for i := int64(1); i <= r.snapshots.Load(); i++ {
		_ = r.send(http.MethodDelete, fmt.Sprintf("snapshots/%s%d", r.snapshotPrefix, i), nil, nil)
	}
}

// AddFault adds fault rules to the fake, all or none, as Server.AddFault.
func (r *Remote) AddFault(rules ...Fault) error {
	list := make([]faultJSON, len(rules))
	for i, f := range rules {
		list[i] = faultToJSON(f)
	}
	return r.send(http.MethodPost, "faults", list, nil)
}

// Faults returns the fake's fault rules in place, or nil when it cannot
// be asked (reported as Reset does).
func (r *Remote) Faults() []Fault {
	var list faultsJSON
	if !r.do(http.MethodGet, "faults", nil, &list) {
		return nil
	}
	out := make([]Fault, 0, len(list.Faults))
	for _, j := range list.Faults {
		f, err := j.fault()
		if err != nil {
			r.fail(fmt.Errorf("fakeserver: Faults: %w", err))
			return nil
		}
		out = append(out, f)
	}
	return out
}

// RemoveFault removes the named rule and reports whether there was one.
func (r *Remote) RemoveFault(name string) bool {
	err := r.send(http.MethodDelete, "faults/"+url.PathEscape(name), nil, nil)
	var ce *ControlError
	if errors.As(err, &ce) && ce.Status == http.StatusBadRequest {
		return false
	}
	if err != nil {
		r.fail(err)
		return false
	}
	return true
}

// ClearFaults removes every fault rule.
func (r *Remote) ClearFaults() { r.do(http.MethodDelete, "faults", nil, nil) }

// SetRateLimit turns the fake's rate-limit emulation on, as
// Server.SetRateLimit does.
func (r *Remote) SetRateLimit(perSecond float64, burst int) error {
	return r.send(http.MethodPut, "rate-limit", rateLimitJSON{Enabled: true, PerSecond: perSecond, Burst: burst}, nil)
}

// ClearRateLimit turns the rate-limit emulation off.
func (r *Remote) ClearRateLimit() { r.do(http.MethodDelete, "rate-limit", nil, nil) }

// RateLimit reports the rate limit in force; ok is false when there is
// none or the fake cannot be asked.
func (r *Remote) RateLimit() (perSecond float64, burst int, ok bool) {
	var rl rateLimitJSON
	if !r.do(http.MethodGet, "rate-limit", nil, &rl) || !rl.Enabled {
		return 0, 0, false
	}
	return rl.PerSecond, rl.Burst, true
}

// Journal returns the fake's journal, read afresh at each method call.
func (r *Remote) Journal() *Journal { return r.journal }

// AcceptInvitation makes an invited user an active member, as
// Server.AcceptInvitation does.
func (r *Remote) AcceptInvitation(orgID, email string) error {
	return r.send(http.MethodPost, "events/accept-invitation", eventJSON{OrgID: orgID, Email: email}, nil)
}

// FinishProvisioning makes a Langflow tenant active at once, as
// Server.FinishProvisioning does.
func (r *Remote) FinishProvisioning(tenantID string) error {
	return r.send(http.MethodPost, "events/finish-provisioning", eventJSON{TenantID: tenantID}, nil)
}

// DeactivateLangflowTenant deactivates a Langflow tenant, as
// Server.DeactivateLangflowTenant does.
func (r *Remote) DeactivateLangflowTenant(tenantID string) error {
	return r.send(http.MethodPost, "events/deactivate-langflow-tenant", eventJSON{TenantID: tenantID}, nil)
}

// SetLangflowTenantStatus pins a Langflow tenant's status, as
// Server.SetLangflowTenantStatus does.
func (r *Remote) SetLangflowTenantStatus(tenantID, status string) error {
	return r.send(http.MethodPost, "events/set-langflow-tenant-status", eventJSON{TenantID: tenantID, Status: status}, nil)
}

// AddOrganization adds an Astra organization and returns its ID, or ""
// when the fake cannot be asked (reported as Reset does).
func (r *Remote) AddOrganization(name string) (orgID string) {
	var out struct {
		ID string `json:"id"`
	}
	r.do(http.MethodPost, "organizations", map[string]string{"name": name}, &out)
	return out.ID
}

// AddToken adds an Astra application token with roles to an organization.
func (r *Remote) AddToken(orgID string, roles ...string) (token string, err error) {
	var out struct {
		Token string `json:"token"`
	}
	err = r.send(http.MethodPost, "tokens", map[string]any{"orgId": orgID, "roles": roles}, &out)
	return out.Token, err
}

// AddArgoAdminKey adds an ARGO admin key of a flavour.
func (r *Remote) AddArgoAdminKey(key string, flavour ArgoAdminFlavour) error {
	return r.send(http.MethodPost, "argo-admin-keys", argoKeyJSON{Key: key, Flavour: string(flavour)}, nil)
}

// RemoveArgoAdminKey revokes an ARGO admin key.
func (r *Remote) RemoveArgoAdminKey(key string) error {
	return r.send(http.MethodPost, "argo-admin-keys/remove", argoKeyJSON{Key: key}, nil)
}

// SeedArgoTenants stores ARGO tenants given in the server's JSON shape, as
// Server.SeedArgoTenants does, and returns their IDs.
func (r *Remote) SeedArgoTenants(data []byte) ([]string, error) {
	var out struct {
		IDs []string `json:"ids"`
	}
	err := r.send(http.MethodPost, "argo-tenants", data, &out)
	return out.IDs, err
}

// Now is the fake clock's current time, or the zero time when the fake
// cannot be asked (reported as Reset does).
func (r *Remote) Now() time.Time {
	var c clockJSON
	r.do(http.MethodGet, "clock", nil, &c)
	return c.Now
}

// AdvanceClock moves the fake's virtual clock forward by d; it fails when
// the fake runs on the wall clock (start cmd/fakeserver with
// -virtual-clock).
func (r *Remote) AdvanceClock(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("fakeserver: AdvanceClock(%v): the clock only moves forward; use SetClock to go back", d)
	}
	return r.send(http.MethodPost, "clock/advance", map[string]string{"by": d.String()}, nil)
}

// SetClock moves the fake's virtual clock to t; it fails when the fake
// runs on the wall clock.
func (r *Remote) SetClock(t time.Time) error {
	return r.send(http.MethodPut, "clock", map[string]time.Time{"now": t}, nil)
}
