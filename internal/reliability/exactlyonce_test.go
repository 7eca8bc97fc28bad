package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// eoEnv is a fake on a virtual clock shared with the SDK (so backoff and
// Retry-After cost no wall time), holding one object of every kind for the
// operations to act on.
type eoEnv struct {
	srv       *fakeserver.Server
	clock     *client.VirtualClock
	roles     *roles.Astra
	users     *users.Astra
	langflow  *tenants.Langflow
	argo      *tenants.Argo
	argoUsers *users.Argo

	roleID, userID, langflowID, tenantID, argoUserID string
	renewed                                          string // the key RenewAPIKey last returned
}

// callsTo returns the journal's calls to op once every request is done:
// it closes the fake, which waits for the requests in flight (over loopback
// a handler may finish after its client has read the answer).
func (e *eoEnv) callsTo(op tenantkit.Operation) []fakeserver.Call {
	e.srv.Close()
	return e.srv.Journal().CallsTo(op)
}

func newEOEnv(t *testing.T, tr sdktest.Transport) *eoEnv {
	t.Helper()
	fake := sdktest.NewFake(t, tr, sdktest.AstraEpoch(), fakeserver.WithProvisioningDelay(0))
	srv, clock := fake.Server, fake.Clock
	astraC, argoC := sdktest.Clients(t, srv, tr, client.WithClock(clock))
	e := &eoEnv{srv: srv, clock: clock, roles: roles.NewAstra(astraC), users: users.NewAstra(astraC),
		langflow: tenants.NewLangflow(astraC), argo: tenants.NewArgo(argoC), argoUsers: users.NewArgo(argoC)}
	w := sdktest.MakeWorld(t, srv, astraC, argoC, "eo")
	e.roleID, e.userID, e.langflowID, e.tenantID, e.argoUserID = w.RoleID, w.UserID, w.LangflowID, w.TenantID, w.ArgoUserID
	return e
}

// eoPost is a POST the SDK must never replay after an ambiguous failure,
// and how to count what it created.
type eoPost struct {
	op    tenantkit.Operation
	call  func(ctx context.Context, e *eoEnv) error
	count func(ctx context.Context, e *eoEnv) (int, error)
}

func eoPosts() []eoPost {
	return []eoPost{
		{"createLangflowTenant",
			func(ctx context.Context, e *eoEnv) error {
				_, err := e.langflow.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp", Region: "us-central1"})
				return err
			},
			func(ctx context.Context, e *eoEnv) (int, error) {
				list, err := e.langflow.List(ctx)
				n := 0
				for _, lt := range list {
					if lt.CloudProvider == "gcp" {
						n++
					}
				}
				return n, err
			}},
		{"addOrganizationRole",
			func(ctx context.Context, e *eoEnv) error {
				_, err := e.roles.Create(ctx, roles.Definition{Name: "eo-new", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(e.srv.Credentials().OrgID))})
				return err
			},
			func(ctx context.Context, e *eoEnv) (int, error) {
				_, err := e.roles.ByName(ctx, "eo-new")
				if errors.Is(err, client.ErrNotFound) {
					return 0, nil
				}
				return 1, err // names are unique: one at most
			}},
		{"argoCreateTenant",
			func(ctx context.Context, e *eoEnv) error {
				_, err := e.argo.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "eo-new"}})
				return err
			},
			func(ctx context.Context, e *eoEnv) (int, error) {
				list, err := e.argo.List(ctx)
				n := 0
				for _, t := range list {
					if t.Info.Name == "eo-new" {
						n++
					}
				}
				return n, err
			}},
		{"argoCreateTenantUser",
			func(ctx context.Context, e *eoEnv) error {
				_, err := e.argoUsers.Create(ctx, e.tenantID, users.ArgoUser{Name: "eo-new"})
				return err
			},
			func(ctx context.Context, e *eoEnv) (int, error) {
				list, err := e.argoUsers.List(ctx, e.tenantID)
				n := 0
				for _, u := range list {
					if u.Name == "eo-new" {
						n++
					}
				}
				return n, err
			}},
	}
}

// TestPostIsNeverSentTwiceAfterAnAmbiguousFailure injects every failure
// after which the server may have processed a POST (5xx other than a 503
// with Retry-After, a connection dropped before, after or in the middle of
// the response) and proves with the fake's journal that the SDK sent the
// POST exactly once, and that what it created exists once or not at all,
// as the fault decided.
func TestPostIsNeverSentTwiceAfterAnAmbiguousFailure(t *testing.T) {
	t.Parallel()
	faults := []eoFault{
		{"500", fakeserver.Fault{Status: http.StatusInternalServerError}, false},
		{"502", fakeserver.Fault{Status: http.StatusBadGateway}, false},
		{"503 without Retry-After", fakeserver.Fault{Status: http.StatusServiceUnavailable}, false},
		{"504", fakeserver.Fault{Status: http.StatusGatewayTimeout}, false},
		{"dropped before serving", fakeserver.Fault{Drop: fakeserver.DropBeforeServing}, false},
		{"dropped after serving", fakeserver.Fault{Drop: fakeserver.DropAfterServing}, true},
		{"dropped mid-response", fakeserver.Fault{Drop: fakeserver.DropMidResponse}, true},
	}
	eachFaultedPost(t, faults, 1, func(t *testing.T, ctx context.Context, e *eoEnv, p eoPost, f eoFault) {
		err := p.call(ctx, e)
		if err == nil {
			t.Fatal("the call succeeded through a fault")
		}
		if f.fault.Status != 0 {
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != f.fault.Status || apiErr.Attempts != 1 {
				t.Errorf("error %v; want a %d *APIError after 1 attempt", err, f.fault.Status)
			}
		}
		want := 0
		if f.served {
			want = 1
		}
		if n, err := p.count(ctx, e); err != nil || n != want {
			t.Errorf("%d objects created (err %v); want %d", n, err, want)
		}
		if calls := e.callsTo(p.op); len(calls) != 1 {
			t.Errorf("the POST reached the server %d times; want 1:\n%v", len(calls), e.srv.Journal().Summary())
		}
	})
}

// TestPostIsRetriedWhenTheServerProvesItDidNotProcessIt injects the
// answers that prove a POST was not processed (429, with or without
// Retry-After; 503 with Retry-After): the SDK retries, and exactly one
// attempt is served.
func TestPostIsRetriedWhenTheServerProvesItDidNotProcessIt(t *testing.T) {
	t.Parallel()
	faults := []eoFault{
		{name: "429", fault: fakeserver.Fault{Status: http.StatusTooManyRequests}},
		{name: "429 with Retry-After", fault: fakeserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 3 * time.Second}},
		{name: "503 with Retry-After", fault: fakeserver.Fault{Status: http.StatusServiceUnavailable, RetryAfter: 2 * time.Second}},
		{name: "503 with a Retry-After date", fault: fakeserver.Fault{Status: http.StatusServiceUnavailable, RetryAfter: 2 * time.Second, RetryAfterDate: true}},
	}
	eachFaultedPost(t, faults, client.DefaultMaxAttempts-1, func(t *testing.T, ctx context.Context, e *eoEnv, p eoPost, f eoFault) {
		slept := e.clock.Slept()
		if err := p.call(ctx, e); err != nil {
			t.Fatalf("the call failed within its retry budget: %v", err)
		}
		checkBudget(t, e.clock.Slept()-slept, client.DefaultMaxAttempts-1, f.fault.RetryAfter)
		if n, err := p.count(ctx, e); err != nil || n != 1 {
			t.Errorf("%d objects created (err %v); want 1", n, err)
		}
		checkRetried(t, e.callsTo(p.op), f.fault.Status, client.DefaultMaxAttempts-1)
	})
}

// eoFault is a fault a POST meets.
type eoFault struct {
	name   string
	fault  fakeserver.Fault
	served bool // the fake processed the request before failing
}

// eachFaultedPost runs test in a parallel subtest for every transport, POST
// of eoPosts and fault, on a fresh environment where the POST meets the
// fault the given number of times.
func eachFaultedPost(t *testing.T, faults []eoFault, times int, test func(t *testing.T, ctx context.Context, e *eoEnv, p eoPost, f eoFault)) {
	t.Helper()
	for _, tr := range sdktest.Transports() {
		for _, p := range eoPosts() {
			for _, f := range faults {
				t.Run(string(tr)+"/"+string(p.op)+"/"+f.name, func(t *testing.T) {
					t.Parallel()
					e := newEOEnv(t, tr)
					fault := f.fault
					fault.Operation, fault.Times = p.op, times
					if err := e.srv.AddFault(fault); err != nil {
						t.Fatal(err)
					}
					test(t, context.Background(), e, p, f)
				})
			}
		}
	}
}

// eoIdempotent is a call the SDK may repeat (GET, PUT, DELETE, and the
// PATCH and POST it marks idempotent), and a check that it took effect.
type eoIdempotent struct {
	name      string // the subtest's name; op when empty
	op        tenantkit.Operation
	call      func(ctx context.Context, e *eoEnv) error
	check     func(ctx context.Context, e *eoEnv) error
	noReplay  bool // a repeat after the request took effect fails (DELETE: 404)
	replaying bool // Go's transport itself resends it over loopback when a reused connection drops
}

func eoIdempotents() []eoIdempotent {
	none := func(context.Context, *eoEnv) error { return nil }
	return []eoIdempotent{
		{op: "getOrganizationUsers", call: func(ctx context.Context, e *eoEnv) error { _, err := e.users.List(ctx); return err }, check: none, replaying: true},
		{op: "getOrganizationRoles", call: func(ctx context.Context, e *eoEnv) error { _, err := e.roles.List(ctx); return err }, check: none, replaying: true},
		{name: "getOrganizationRoles (ByName)", op: "getOrganizationRoles", call: func(ctx context.Context, e *eoEnv) error { _, err := e.roles.ByName(ctx, "eo-role"); return err }, check: none, replaying: true},
		{name: "getOrganizationRoles (ResolveIDs)", op: "getOrganizationRoles", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.roles.ResolveIDs(ctx, "eo-role", roles.ReadOnlyUser)
			return err
		}, check: none, replaying: true},
		{name: "getOrganizationUsers (ByEmail)", op: "getOrganizationUsers", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.users.ByEmail(ctx, "eo@example.com")
			return err
		}, check: none, replaying: true},
		{op: "listLangflowTenants", call: func(ctx context.Context, e *eoEnv) error { _, err := e.langflow.List(ctx); return err }, check: none, replaying: true},
		{op: "argoListTenants", call: func(ctx context.Context, e *eoEnv) error { _, err := e.argo.List(ctx); return err }, check: none, replaying: true},
		{op: "argoListTenantUsers", call: func(ctx context.Context, e *eoEnv) error { _, err := e.argoUsers.List(ctx, e.tenantID); return err }, check: none, replaying: true},
		{op: "getOrganizationRole", call: func(ctx context.Context, e *eoEnv) error { _, err := e.roles.Get(ctx, e.roleID); return err }, check: none, replaying: true},
		{op: "updateRole", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.roles.Update(ctx, e.roleID, roles.Definition{Name: "eo-renamed", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(e.srv.Credentials().OrgID))})
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			r, err := e.roles.Get(ctx, e.roleID)
			if err == nil && r.Name != "eo-renamed" {
				err = fmt.Errorf("role named %q", r.Name)
			}
			return err
		}},
		{op: "deleteOrganizationRole", call: func(ctx context.Context, e *eoEnv) error { return e.roles.Delete(ctx, e.roleID) }, check: func(ctx context.Context, e *eoEnv) error {
			return wantNotFound(e.roles.Get(ctx, e.roleID))
		}, noReplay: true},
		{op: "inviteUserToOrganization", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.users.Invite(ctx, "eo-new@example.com", roles.ReadOnlyUser)
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			_, err := e.users.ByEmail(ctx, "eo-new@example.com")
			return err
		}},
		{op: "UpdateRolesForUserInOrganization", call: func(ctx context.Context, e *eoEnv) error {
			return e.users.SetRoles(ctx, e.userID, roles.ReadWriteUser)
		}, check: func(ctx context.Context, e *eoEnv) error {
			u, err := e.users.Get(ctx, e.userID)
			if err == nil && (len(u.Roles) != 1 || u.Roles[0].Name != roles.ReadWriteUser) {
				err = fmt.Errorf("roles %v", u.Roles)
			}
			return err
		}},
		{op: "removeUserFromOrganization", call: func(ctx context.Context, e *eoEnv) error { return e.users.Remove(ctx, e.userID) }, check: func(ctx context.Context, e *eoEnv) error {
			return wantNotFound(e.users.Get(ctx, e.userID))
		}, noReplay: true},
		{op: "getLangflowTenant", call: func(ctx context.Context, e *eoEnv) error { _, err := e.langflow.Get(ctx, e.langflowID); return err }, check: none, replaying: true},
		{op: "reactivateLangflowTenant", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.langflow.Reactivate(ctx, e.langflowID)
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			lt, err := e.langflow.Get(ctx, e.langflowID)
			if err == nil && lt.Status == tenants.LangflowStatusDeactivated {
				err = errors.New("still deactivated")
			}
			return err
		}},
		{op: "argoGetTenant", call: func(ctx context.Context, e *eoEnv) error { _, err := e.argo.Get(ctx, e.tenantID); return err }, check: none, replaying: true},
		{op: "argoUpdateTenant", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.argo.Modify(ctx, e.tenantID, func(t *tenants.ArgoTenant) error { t.Info.Description = "eo"; return nil })
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			at, err := e.argo.Get(ctx, e.tenantID)
			if err == nil && at.Info.Description != "eo" {
				err = fmt.Errorf("description %q", at.Info.Description)
			}
			return err
		}},
		{op: "argoUpdateTenantStatus", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.argo.UpdateStatus(ctx, e.tenantID, tenants.ArgoHealthyStatus(time.Unix(1700000000, 0)))
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			st, err := e.argo.Status(ctx, e.tenantID)
			if err == nil && !st.Status.TotalStatus {
				err = errors.New("status not stored")
			}
			return err
		}},
		{op: "argoUpdateTenantUser", call: func(ctx context.Context, e *eoEnv) error {
			_, err := e.argoUsers.Update(ctx, e.tenantID, e.argoUserID, users.ArgoUser{Email: "eo@changed.example"})
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			u, err := e.argoUsers.Get(ctx, e.tenantID, e.argoUserID)
			if err == nil && u.Email != "eo@changed.example" {
				err = fmt.Errorf("email %q", u.Email)
			}
			return err
		}},
		{op: "argoDeleteTenantUser", call: func(ctx context.Context, e *eoEnv) error { return e.argoUsers.Delete(ctx, e.tenantID, e.argoUserID) }, check: func(ctx context.Context, e *eoEnv) error {
			return wantNotFound(e.argoUsers.Get(ctx, e.tenantID, e.argoUserID))
		}, noReplay: true},
		{op: "argoDeleteTenant", call: func(ctx context.Context, e *eoEnv) error { return e.argo.Delete(ctx, e.tenantID) }, check: func(ctx context.Context, e *eoEnv) error {
			return wantNotFound(e.argo.Get(ctx, e.tenantID))
		}, noReplay: true},
		{op: "argoRenewTenantUserAPIKey", call: func(ctx context.Context, e *eoEnv) error {
			k, err := e.argoUsers.RenewAPIKey(ctx, e.tenantID, e.argoUserID)
			e.renewed = k
			return err
		}, check: func(ctx context.Context, e *eoEnv) error {
			u, err := e.argoUsers.Get(ctx, e.tenantID, e.argoUserID)
			if err == nil && u.APIKey != e.renewed {
				err = errors.New("the key returned is not the key stored")
			}
			return err
		}},
		{op: "argoGetUserByID", call: func(ctx context.Context, e *eoEnv) error { _, err := e.argoUsers.ByID(ctx, e.argoUserID); return err }, check: none, replaying: true},
	}
}

func (c eoIdempotent) label() string {
	if c.name != "" {
		return c.name
	}
	return string(c.op)
}

func wantNotFound[T any](_ T, err error) error {
	if !errors.Is(err, client.ErrNotFound) {
		return fmt.Errorf("got %v; want a not-found error", err)
	}
	return nil
}

// TestIdempotentCallsCompleteWithinTheirRetryBudget injects one fewer
// transient failure than the retry budget allows into every GET, PUT and
// DELETE (and the PATCH and POST the SDK marks idempotent): each call
// succeeds, takes effect, made exactly one attempt per failure plus one
// (the journal says so) and slept no longer than its backoff allows. One
// more failure (of a status, a Retry-After and each way of dropping the
// connection) exhausts the budget: the call fails after exactly
// DefaultMaxAttempts attempts. A 500, which the SDK does not retry, fails
// the call after one attempt.
func TestIdempotentCallsCompleteWithinTheirRetryBudget(t *testing.T) {
	t.Parallel()
	faults := []struct {
		name    string
		fault   fakeserver.Fault
		drop    bool // the request may have taken effect
		exhaust bool // also check that one failure more exhausts the budget
	}{
		{"502", fakeserver.Fault{Status: http.StatusBadGateway}, false, false},
		{"503", fakeserver.Fault{Status: http.StatusServiceUnavailable}, false, true},
		{"504", fakeserver.Fault{Status: http.StatusGatewayTimeout}, false, false},
		{"429", fakeserver.Fault{Status: http.StatusTooManyRequests}, false, false},
		{"429 with Retry-After", fakeserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 5 * time.Second}, false, true},
		{"dropped before serving", fakeserver.Fault{Drop: fakeserver.DropBeforeServing}, false, true},
		{"dropped after serving", fakeserver.Fault{Drop: fakeserver.DropAfterServing}, true, false},
		{"dropped mid-response", fakeserver.Fault{Drop: fakeserver.DropMidResponse}, true, true},
	}
	const budget = client.DefaultMaxAttempts
	for _, tr := range sdktest.Transports() {
		for _, c := range eoIdempotents() {
			for _, f := range faults {
				if f.drop && c.noReplay {
					continue // see TestDeleteRepeatedAfterALostAnswerReportsNotFound
				}
				// Over loopback Go's transport itself resends a GET whose
				// reused connection closed before any byte of the answer;
				// those resends reach the fake and use up the fault.
				resends := tr == sdktest.Loopback && c.replaying && (f.fault.Drop == fakeserver.DropBeforeServing || f.fault.Drop == fakeserver.DropAfterServing)
				for _, exhaust := range []bool{false, true} {
					if exhaust && (resends || !f.exhaust) {
						continue
					}
					name := string(tr) + "/" + c.label() + "/" + f.name
					if exhaust {
						name += "/budget exhausted"
					}
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						e := newEOEnv(t, tr)
						ctx := context.Background()
						fault := f.fault
						fault.Operation, fault.Times = c.op, budget-1
						if exhaust {
							fault.Times = budget
						}
						if err := e.srv.AddFault(fault); err != nil {
							t.Fatal(err)
						}
						slept := e.clock.Slept()
						err := c.call(ctx, e)
						slept = e.clock.Slept() - slept
						if err == nil {
							if err := c.check(ctx, e); err != nil {
								t.Errorf("the call did not take effect: %v", err)
							}
						}
						calls := e.callsTo(c.op)
						// A PUT or DELETE whose answer the SDK does not read
						// succeeds on the status alone, however its body ends.
						bodyIgnored := f.fault.Drop == fakeserver.DropMidResponse && err == nil && len(calls) == 1
						if n, want := len(calls), min(fault.Times+1, budget); n != want && !resends && !bodyIgnored {
							t.Errorf("%d calls reached the server; want %d:\n%v", n, want, e.srv.Journal().Summary())
						}
						if bodyIgnored {
							return
						}
						if exhaust {
							if err == nil {
								t.Fatalf("the call succeeded after %d failures", fault.Times)
							}
							if f.fault.Status != 0 {
								var apiErr *client.APIError
								if !errors.As(err, &apiErr) || apiErr.StatusCode != f.fault.Status || apiErr.Attempts != budget {
									t.Errorf("error %v; want the %d after %d attempts", err, f.fault.Status, budget)
								}
							}
							return
						}
						if err != nil {
							t.Fatalf("the call failed within its retry budget: %v", err)
						}
						if f.fault.Drop == 0 {
							checkRetried(t, calls, f.fault.Status, fault.Times)
						}
						if !resends {
							checkBudget(t, slept, fault.Times, f.fault.RetryAfter)
						}
					})
				}
			}
			t.Run(string(tr)+"/"+c.label()+"/500 is not retried", func(t *testing.T) {
				t.Parallel()
				e := newEOEnv(t, tr)
				if err := e.srv.AddFault(fakeserver.Fault{Operation: c.op, Status: http.StatusInternalServerError, Times: 1}); err != nil {
					t.Fatal(err)
				}
				var apiErr *client.APIError
				if err := c.call(context.Background(), e); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || apiErr.Attempts != 1 {
					t.Errorf("error %v; want the 500 after 1 attempt", err)
				}
				if n := len(e.callsTo(c.op)); n != 1 {
					t.Errorf("%d calls reached the server; want 1", n)
				}
			})
		}
	}
}

// TestDeleteRepeatedAfterALostAnswerReportsNotFound pins what a DELETE
// whose answer was lost does: the SDK repeats it (DELETE is idempotent), the
// server answers 404 since the first one took effect, and the caller gets
// an error matching client.ErrNotFound, after 2 attempts, with the object
// gone. Callers that delete should treat ErrNotFound as done.
func TestDeleteRepeatedAfterALostAnswerReportsNotFound(t *testing.T) {
	t.Parallel()
	for _, tr := range sdktest.Transports() {
		for _, c := range eoIdempotents() {
			if !c.noReplay {
				continue
			}
			t.Run(string(tr)+"/"+c.label(), func(t *testing.T) {
				t.Parallel()
				e := newEOEnv(t, tr)
				if err := e.srv.AddFault(fakeserver.Fault{Operation: c.op, Drop: fakeserver.DropAfterServing, Times: 1}); err != nil {
					t.Fatal(err)
				}
				err := c.call(context.Background(), e)
				var apiErr *client.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.Attempts != 2 {
					t.Errorf("error %v; want a 404 after 2 attempts", err)
				}
				if err := c.check(context.Background(), e); err != nil {
					t.Error(err)
				}
				if got := journalStatuses(e.callsTo(c.op)); len(got) != 2 || got[1] != http.StatusNotFound {
					t.Errorf("statuses %v; want [<served, lost> 404]", got)
				}
			})
		}
	}
}

// TestRenewedKeyIsTheStoredOneAfterALostAnswer drops the answer of an API
// key renewal (a POST the SDK retries as idempotent): the renewal is sent
// again, and the key the SDK returns is the one the server kept.
func TestRenewedKeyIsTheStoredOneAfterALostAnswer(t *testing.T) {
	t.Parallel()
	for _, tr := range sdktest.Transports() {
		for _, drop := range []fakeserver.Drop{fakeserver.DropAfterServing, fakeserver.DropMidResponse} {
			t.Run(string(tr)+"/"+drop.String(), func(t *testing.T) {
				t.Parallel()
				e := newEOEnv(t, tr)
				ctx := context.Background()
				before, err := e.argoUsers.Get(ctx, e.tenantID, e.argoUserID)
				if err != nil {
					t.Fatal(err)
				}
				if err := e.srv.AddFault(fakeserver.Fault{Operation: "argoRenewTenantUserAPIKey", Drop: drop, Times: 1}); err != nil {
					t.Fatal(err)
				}
				key, err := e.argoUsers.RenewAPIKey(ctx, e.tenantID, e.argoUserID)
				if err != nil {
					t.Fatal(err)
				}
				after, err := e.argoUsers.Get(ctx, e.tenantID, e.argoUserID)
				if err != nil {
					t.Fatal(err)
				}
				if key != after.APIKey || key == before.APIKey {
					t.Errorf("RenewAPIKey returned %s; the server holds %s (before: %s)", users.MaskArgoAPIKey(key), users.MaskArgoAPIKey(after.APIKey), users.MaskArgoAPIKey(before.APIKey))
				}
				if got := journalStatuses(e.callsTo("argoRenewTenantUserAPIKey")); !cmp.Equal(got, []int{200, 200}) {
					t.Errorf("renewal statuses %v; want [200 200] (served, lost; served again)", got)
				}
			})
		}
	}
}

// journalStatuses lists the statuses of calls (0 for a dropped one).
func journalStatuses(calls []fakeserver.Call) []int {
	out := make([]int, len(calls))
	for i, c := range calls {
		out[i] = c.Status
	}
	return out
}

// checkRetried fails t unless calls are n answers with status, then one
// success.
func checkRetried(t *testing.T, calls []fakeserver.Call, status, n int) {
	t.Helper()
	got := journalStatuses(calls)
	ok := len(got) == n+1 && got[n] >= 200 && got[n] <= 299
	for i := 0; ok && i < n; i++ {
		ok = got[i] == status
	}
	if !ok {
		t.Errorf("statuses %v; want %d × %d, then a success", got, n, status)
	}
}

// checkBudget fails t when retries slept longer than the default policy's
// backoff allows, or shorter than the Retry-After floor.
func checkBudget(t *testing.T, slept time.Duration, retries int, retryAfter time.Duration) {
	t.Helper()
	var most time.Duration
	for n := 1; n <= retries; n++ {
		most += max(min(client.DefaultBaseDelay<<(n-1), client.DefaultMaxDelay), retryAfter)
	}
	least := time.Duration(retries) * retryAfter
	if slept > most || slept < least {
		t.Errorf("slept %v over %d retries; want between %v and %v", slept, retries, least, most)
	}
}
