package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// The stress test's size. The full size is 64 goroutines × 10,000
// operations, about 5 minutes under -race on a 2-core machine; CI runs it
// in its race step (TENANTKIT_STRESS_OPS=full). A plain go test runs
// 64 × 1,000, with every exchange checked against the spec. See stressSize.
const (
	stressGoroutines  = 64
	stressFullOps     = 10_000
	stressCIOps       = 1_000
	stressShortOps    = 100
	stressOpsEnv      = "TENANTKIT_STRESS_OPS"
	stressTimeBudget  = 10 * time.Minute // without a test deadline
	stressRolePool    = 128              // role names shared by all goroutines
	stressTenantPool  = 128              // ARGO tenant names shared by all goroutines
	stressEmailsPer   = 3                // Astra user emails of each goroutine
	stressArgoUsersPT = 4                // most users a goroutine keeps in one ARGO tenant
	stressLangflowPer = 8                // most Langflow tenants a goroutine creates
)

// stressSize returns how many operations each goroutine runs: the value of
// TENANTKIT_STRESS_OPS when set ("full" for the full 10,000), else
// stressShortOps under -short, else stressCIOps.
func stressSize(t *testing.T) int {
	t.Helper()
	switch v := os.Getenv(stressOpsEnv); {
	case v == "full":
		return stressFullOps
	case v != "":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number or \"full\"", stressOpsEnv, v)
		}
		return n
	case testing.Short():
		return stressShortOps
	}
	return stressCIOps
}

// TestStressKeepsEveryAcknowledgedWrite runs 64 goroutines of mixed
// operations through the SDK on both APIs of one fake (in process), each
// goroutine recording what the SDK acknowledged. Goroutines compete for
// shared role and tenant names and read each other's lists; each changes
// and deletes only what it created, so its record is the truth for those
// objects. Afterwards the fake must hold exactly the acknowledged creates
// minus the acknowledged deletes, with the acknowledged names, roles and
// keys; every ID and API key ever acknowledged must be unique; tenant and
// role names unique; and no ARGO user in two tenants.
func TestStressKeepsEveryAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	opsPer := stressSize(t)
	budget := stressTimeBudget
	if d, ok := t.Deadline(); ok {
		budget = time.Until(d) - 30*time.Second // leave time to report
	}
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()

	// Every exchange is checked against openapi.yaml too, except under
	// -race, where the checks would nearly double the run (47 s instead of
	// 27 s for 64 × 1,000 operations on a 2-core machine); the race run is
	// about the races, and every operation used here is spec-checked in
	// the exactly-once and contract suites.
	var opts []fakeserver.Option
	if !raceEnabled {
		opts = append(opts, sdktest.SpecChecked(t))
	}
	// spec: checked, except under -race (see above).
	srv := fakeserver.NewTest(t, opts...)
	astraC, argoC := sdktest.Clients(t, srv, sdktest.InProcess)
	org := srv.Credentials().OrgID
	env := &stressEnv{
		org:      org,
		roles:    roles.NewAstra(astraC),
		users:    users.NewAstra(astraC),
		langflow: tenants.NewLangflow(astraC),
		argo:     tenants.NewArgo(argoC),
		argoUser: users.NewArgo(argoC),
	}
	for _, name := range []string{roles.ReadOnlyUser, roles.ReadWriteUser, roles.UIViewOnly, roles.BillingAdmin} {
		r, err := env.roles.ByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		env.builtinRoles = append(env.builtinRoles, r.ID)
	}

	workers := make([]*stressWorker, stressGoroutines)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range workers {
		w := newStressWorker(i, env)
		workers[i] = w
		wg.Go(func() { w.run(ctx, opsPer) })
	}
	wg.Wait()
	took := time.Since(start)
	total := stressCounts{}
	for _, w := range workers {
		total.add(w.counts)
	}
	ops := stressGoroutines * opsPer
	if ctx.Err() != nil {
		t.Fatalf("the stress run did not finish within %v (go test -timeout): %d of %d operations done",
			budget.Round(time.Second), total.sum(), ops)
	}
	for _, w := range workers {
		for _, f := range w.failures {
			t.Error(f)
		}
	}
	t.Logf("%d goroutines × %d operations = %d operations in %v (%.0f ops/s); outcomes:\n%s",
		stressGoroutines, opsPer, ops, took.Round(time.Millisecond), float64(ops)/took.Seconds(), total)
	if n := total.sum(); n != ops {
		t.Errorf("recorded %d outcomes; want %d", n, ops)
	}
	checkStressInvariants(ctx, t, env, workers)
}

// stressEnv is what every worker shares: the SDK services on one fake.
type stressEnv struct {
	org          string
	roles        *roles.Astra
	users        *users.Astra
	langflow     *tenants.Langflow
	argo         *tenants.Argo
	argoUser     *users.Argo
	builtinRoles []string // IDs of built-in roles users are given
}

// stressCounts counts outcomes by operation and result ("ok", "conflict").
type stressCounts map[string]map[string]int

func (c stressCounts) record(op, outcome string) {
	m := c[op]
	if m == nil {
		m = map[string]int{}
		c[op] = m
	}
	m[outcome]++
}

func (c stressCounts) add(o stressCounts) {
	for op, m := range o {
		for outcome, n := range m {
			if c[op] == nil {
				c[op] = map[string]int{}
			}
			c[op][outcome] += n
		}
	}
}

func (c stressCounts) sum() int {
	n := 0
	for _, m := range c {
		for _, k := range m {
			n += k
		}
	}
	return n
}

func (c stressCounts) String() string {
	var lines []string
	for op, m := range c {
		var parts []string
		for outcome, n := range m {
			parts = append(parts, fmt.Sprintf("%s=%d", outcome, n))
		}
		sort.Strings(parts)
		lines = append(lines, fmt.Sprintf("  %-22s %s", op, strings.Join(parts, " ")))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// checkStressInvariants compares the fake's final state, read through the
// SDK, with what the workers were told.
func checkStressInvariants(ctx context.Context, t *testing.T, env *stressEnv, workers []*stressWorker) {
	t.Helper()

	// Every ID and key the SDK ever acknowledged as new is unique.
	seen := map[string]string{}
	for _, w := range workers {
		for _, a := range w.acked {
			if prev, dup := seen[a.kind+" "+a.value]; dup {
				t.Errorf("%s %s acknowledged twice: %s and %s", a.kind, a.value, prev, a.by)
			}
			seen[a.kind+" "+a.value] = a.by
		}
	}

	// Astra roles: the custom roles are exactly the acknowledged ones.
	wantRoles, wantUsers, wantLangflow, wantTenants := map[string]string{}, map[string]stressAstraUser{}, map[string]bool{}, map[string]stressTenant{}
	for _, w := range workers {
		for id, name := range w.roles {
			wantRoles[id] = name
		}
		for email, u := range w.users {
			wantUsers[email] = *u
		}
		for _, id := range w.langflow {
			wantLangflow[id] = true
		}
		for id, tn := range w.tenants {
			wantTenants[id] = tn.clone()
		}
	}
	allRoles, err := env.roles.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotRoles, names := map[string]string{}, map[string]int{}
	for _, r := range allRoles {
		names[r.Name]++
		if !roles.IsBuiltin(r.Name) {
			gotRoles[r.ID] = r.Name
		}
	}
	if diff := cmp.Diff(wantRoles, gotRoles); diff != "" {
		t.Errorf("custom roles differ from the acknowledged ones (-acknowledged +stored):\n%s", diff)
	}
	for name, n := range names {
		if n > 1 {
			t.Errorf("role name %q is held by %d roles", name, n)
		}
	}

	// Astra users: exactly the acknowledged invitations, with their roles.
	allUsers, err := env.users.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotUsers := map[string]stressAstraUser{}
	for _, u := range allUsers {
		if !strings.HasSuffix(u.Email, stressEmailDomain) {
			continue // the fixture's administrator
		}
		var ids []string
		for _, r := range u.Roles {
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		if _, dup := gotUsers[u.Email]; dup {
			t.Errorf("email %s is held by two users", u.Email)
		}
		gotUsers[u.Email] = stressAstraUser{ID: u.UserID, Roles: ids}
	}
	if diff := cmp.Diff(wantUsers, gotUsers); diff != "" {
		t.Errorf("organization users differ from the acknowledged ones (-acknowledged +stored):\n%s", diff)
	}

	// Langflow tenants: every acknowledged create, and nothing else.
	lts, err := env.langflow.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotLangflow := map[string]bool{}
	for _, lt := range lts {
		if gotLangflow[lt.ID] {
			t.Errorf("Langflow tenant %s listed twice", lt.ID)
		}
		gotLangflow[lt.ID] = true
	}
	if diff := cmp.Diff(wantLangflow, gotLangflow); diff != "" {
		t.Errorf("Langflow tenants differ from the acknowledged ones (-acknowledged +stored):\n%s", diff)
	}

	// ARGO: exactly the acknowledged tenants, with their users and keys;
	// names, user IDs and keys unique across tenants.
	ats, err := env.argo.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotTenants := map[string]stressTenant{}
	tenantNames, userTenant, keyUser := map[string]string{}, map[string]string{}, map[string]string{}
	for _, at := range ats {
		if prev, dup := tenantNames[at.Info.Name]; dup {
			t.Errorf("tenant name %q is held by %s and %s", at.Info.Name, prev, at.ID)
		}
		tenantNames[at.Info.Name] = at.ID
		st := stressTenant{Name: at.Info.Name, Users: map[string]string{}}
		for _, u := range at.Users {
			if prev, dup := userTenant[u.ID]; dup {
				t.Errorf("user %s belongs to tenants %s and %s", u.ID, prev, at.ID)
			}
			userTenant[u.ID] = at.ID
			if prev, dup := keyUser[u.APIKey]; dup {
				t.Errorf("users %s and %s share an API key", prev, u.ID)
			}
			keyUser[u.APIKey] = u.ID
			st.Users[u.ID] = u.APIKey
		}
		gotTenants[at.ID] = st
	}
	if diff := cmp.Diff(wantTenants, gotTenants); diff != "" {
		t.Errorf("ARGO tenants differ from the acknowledged ones (-acknowledged +stored):\n%s", diff)
	}
	// users:byID finds each user, with the key last acknowledged.
	for userID, tenantID := range userTenant {
		u, err := env.argoUser.ByID(ctx, userID)
		if err != nil {
			t.Errorf("ByID(%s): %v", userID, err)
			continue
		}
		if want := wantTenants[tenantID].Users[userID]; u.APIKey != want {
			t.Errorf("ByID(%s) has key %s; want %s", userID, users.MaskArgoAPIKey(u.APIKey), users.MaskArgoAPIKey(want))
		}
	}
	t.Logf("final state: %d custom roles, %d invited users, %d Langflow tenants, %d ARGO tenants with %d users; %d unique IDs and keys acknowledged",
		len(gotRoles), len(gotUsers), len(gotLangflow), len(gotTenants), len(userTenant), len(seen))
}

// stressEmailDomain ends every email the stress test invites.
const stressEmailDomain = "@stress.example"

// stressWorker is one goroutine of the stress test and its record of what
// the SDK acknowledged. Only the worker touches its record.
type stressWorker struct {
	id  int
	rng *rand.Rand
	env *stressEnv

	roles    map[string]string           // custom role ID → name
	users    map[string]*stressAstraUser // email → user
	langflow []string                    // Langflow tenant IDs
	tenants  map[string]*stressTenant    // ARGO tenant ID → tenant

	acked    []stressAck
	counts   stressCounts
	failures []string
}

// stressAstraUser is an invited organization user: its ID and role IDs
// (sorted).
type stressAstraUser struct {
	ID    string
	Roles []string
}

// stressTenant is an ARGO tenant: its name and users (ID → API key).
type stressTenant struct {
	Name  string
	Users map[string]string
}

func (t *stressTenant) clone() stressTenant {
	return stressTenant{Name: t.Name, Users: maps.Clone(t.Users)}
}

// stressAck is one ID or key the SDK acknowledged as new.
type stressAck struct{ kind, value, by string }

// stressOp is one kind of operation and how often it is drawn.
type stressOp struct {
	name   string
	weight int
	run    func(w *stressWorker, ctx context.Context) (outcome string, err error)
}

// stressOps is the operation mix: half Astra, half ARGO, mostly writes.
func stressOps() []stressOp {
	return []stressOp{
		{"role.create", 12, (*stressWorker).roleCreate},
		{"role.get", 8, (*stressWorker).roleGet},
		{"role.update", 8, (*stressWorker).roleUpdate},
		{"role.delete", 8, (*stressWorker).roleDelete},
		{"role.list", 1, (*stressWorker).roleList},
		{"user.invite", 4, (*stressWorker).userInvite},
		{"user.setRoles", 8, (*stressWorker).userSetRoles},
		{"user.get", 8, (*stressWorker).userGet},
		{"user.remove", 4, (*stressWorker).userRemove},
		{"user.list", 1, (*stressWorker).userList},
		{"org.get", 4, (*stressWorker).orgGet},
		{"langflow.create", 2, (*stressWorker).langflowCreate},
		{"langflow.get", 8, (*stressWorker).langflowGet},
		{"langflow.reactivate", 4, (*stressWorker).langflowReactivate},
		{"langflow.list", 1, (*stressWorker).langflowList},
		{"tenant.create", 10, (*stressWorker).tenantCreate},
		{"tenant.get", 8, (*stressWorker).tenantGet},
		{"tenant.modify", 6, (*stressWorker).tenantModify},
		{"tenant.delete", 6, (*stressWorker).tenantDelete},
		{"tenant.status", 6, (*stressWorker).tenantStatus},
		{"tenant.list", 1, (*stressWorker).tenantList},
		{"argouser.create", 12, (*stressWorker).argoUserCreate},
		{"argouser.get", 8, (*stressWorker).argoUserGet},
		{"argouser.byID", 8, (*stressWorker).argoUserByID},
		{"argouser.update", 6, (*stressWorker).argoUserUpdate},
		{"argouser.renew", 8, (*stressWorker).argoUserRenew},
		{"argouser.delete", 6, (*stressWorker).argoUserDelete},
		{"argouser.list", 4, (*stressWorker).argoUserList},
	}
}

func newStressWorker(id int, env *stressEnv) *stressWorker {
	return &stressWorker{
		id:      id,
		rng:     rand.New(rand.NewPCG(uint64(id), 0x5eed)),
		env:     env,
		roles:   map[string]string{},
		users:   map[string]*stressAstraUser{},
		tenants: map[string]*stressTenant{},
		counts:  stressCounts{},
	}
}

// run draws and runs n operations, recording each outcome.
func (w *stressWorker) run(ctx context.Context, n int) {
	ops := stressOps()
	total := 0
	for _, op := range ops {
		total += op.weight
	}
	for i := range n {
		if ctx.Err() != nil {
			w.failf("stopped after %d operations: %v", i, ctx.Err())
			return
		}
		pick := w.rng.IntN(total)
		op := ops[0]
		for _, o := range ops {
			if pick < o.weight {
				op = o
				break
			}
			pick -= o.weight
		}
		outcome, err := op.run(w, ctx)
		if err != nil {
			outcome = "error"
			w.failf("%s: %v", op.name, err)
		}
		w.counts.record(op.name, outcome)
	}
}

func (w *stressWorker) failf(format string, args ...any) {
	if len(w.failures) < 10 {
		w.failures = append(w.failures, fmt.Sprintf("worker %d: ", w.id)+fmt.Sprintf(format, args...))
	}
}

func (w *stressWorker) ack(kind, value string) {
	w.acked = append(w.acked, stressAck{kind, value, fmt.Sprintf("worker %d", w.id)})
}

// pick returns a random key of m, or "" when m is empty.
func pick[V any](w *stressWorker, m map[string]V) string {
	if len(m) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(m)) // sorted: a worker's draws are repeatable
	return keys[w.rng.IntN(len(keys))]
}

func (w *stressWorker) policy() roles.Policy {
	all := []roles.Action{roles.ActionOrgRead, roles.ActionOrgUserRead, roles.ActionOrgRoleRead, roles.ActionLangflowFlowRun, roles.ActionDBCQL}
	p := roles.Allow(all[:1+w.rng.IntN(len(all))], roles.OrgResource(w.env.org))
	p.Description = fmt.Sprintf("stress worker %d", w.id)
	return p
}

func (w *stressWorker) builtinRoles() []string {
	b := w.env.builtinRoles
	ids := []string{b[w.rng.IntN(len(b))]}
	if w.rng.IntN(2) == 0 {
		if other := b[w.rng.IntN(len(b))]; other != ids[0] {
			ids = append(ids, other)
		}
	}
	slices.Sort(ids)
	return ids
}

// instead labels the outcome of the operation a worker ran because the one
// drawn had nothing to work on (such as a read before any create).
func instead(outcome string, err error) (string, error) {
	if strings.HasPrefix(outcome, "instead:") {
		return outcome, err
	}
	return "instead:" + outcome, err
}

// conflict reports whether err is the 409 a shared name may earn.
func conflict(err error) bool { return errors.Is(err, client.ErrConflict) }

// Astra roles. Names come from a pool shared by all workers, so creates and
// renames race for them; exactly one may win each.

func (w *stressWorker) roleCreate(ctx context.Context) (string, error) {
	name := fmt.Sprintf("stress-role-%03d", w.rng.IntN(stressRolePool))
	r, err := w.env.roles.Create(ctx, roles.Definition{Name: name, Policy: w.policy()})
	if conflict(err) {
		return "conflict", nil
	}
	if err != nil {
		return "", err
	}
	if r.Name != name || r.ID == "" {
		return "", fmt.Errorf("created %q, got %+v", name, r)
	}
	w.roles[r.ID] = name
	w.ack("role", r.ID)
	return "ok", nil
}

func (w *stressWorker) roleGet(ctx context.Context) (string, error) {
	id := pick(w, w.roles)
	if id == "" {
		return instead(w.roleCreate(ctx))
	}
	r, err := w.env.roles.Get(ctx, id)
	if err != nil {
		return "", err
	}
	if r.Name != w.roles[id] {
		return "", fmt.Errorf("role %s is named %q; acknowledged %q", id, r.Name, w.roles[id])
	}
	return "ok", nil
}

func (w *stressWorker) roleUpdate(ctx context.Context) (string, error) {
	id := pick(w, w.roles)
	if id == "" {
		return instead(w.roleCreate(ctx))
	}
	name := w.roles[id]
	if w.rng.IntN(2) == 0 {
		name = fmt.Sprintf("stress-role-%03d", w.rng.IntN(stressRolePool))
	}
	r, err := w.env.roles.Update(ctx, id, roles.Definition{Name: name, Policy: w.policy()})
	if conflict(err) {
		return "conflict", nil
	}
	if err != nil {
		return "", err
	}
	if r.Name != name || r.ID != id {
		return "", fmt.Errorf("updated %s to %q, got %+v", id, name, r)
	}
	w.roles[id] = name
	return "ok", nil
}

func (w *stressWorker) roleDelete(ctx context.Context) (string, error) {
	id := pick(w, w.roles)
	if id == "" {
		return instead(w.roleCreate(ctx))
	}
	if err := w.env.roles.Delete(ctx, id); err != nil {
		return "", err
	}
	delete(w.roles, id)
	return "ok", nil
}

// roleList checks the list holds every role of this worker, as named, and
// no name twice.
func (w *stressWorker) roleList(ctx context.Context) (string, error) {
	mine := maps.Clone(w.roles)
	names := map[string]bool{}
	for r, err := range w.env.roles.All(ctx) {
		if err != nil {
			return "", err
		}
		if names[r.Name] {
			return "", fmt.Errorf("role name %q listed twice", r.Name)
		}
		names[r.Name] = true
		if want, ok := mine[r.ID]; ok {
			if r.Name != want {
				return "", fmt.Errorf("role %s listed as %q; acknowledged %q", r.ID, r.Name, want)
			}
			delete(mine, r.ID)
		}
	}
	if len(mine) > 0 {
		return "", fmt.Errorf("acknowledged roles missing from the list: %v", mine)
	}
	return "ok", nil
}

// Astra users: each worker invites its own emails.

func (w *stressWorker) userInvite(ctx context.Context) (string, error) {
	email := fmt.Sprintf("w%02d-u%d%s", w.id, w.rng.IntN(stressEmailsPer), stressEmailDomain)
	ids := w.builtinRoles()
	u, err := w.env.users.Invite(ctx, email, ids...)
	if err != nil {
		return "", err
	}
	if got := userRoleIDs(u); u.Email != email || !slices.Equal(got, ids) || u.Status != users.UserStatusInvited {
		return "", fmt.Errorf("invited %s with %v, got %s %s %v", email, ids, u.Email, u.Status, got)
	}
	if prev, ok := w.users[email]; ok {
		if prev.ID != u.UserID {
			return "", fmt.Errorf("re-inviting %s changed its ID from %s to %s", email, prev.ID, u.UserID)
		}
	} else {
		w.ack("astra user", u.UserID)
	}
	w.users[email] = &stressAstraUser{ID: u.UserID, Roles: ids}
	return "ok", nil
}

func userRoleIDs(u users.OrgUser) []string {
	ids := make([]string, 0, len(u.Roles))
	for _, r := range u.Roles {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

func (w *stressWorker) userSetRoles(ctx context.Context) (string, error) {
	email := pick(w, w.users)
	if email == "" {
		return instead(w.userInvite(ctx))
	}
	ids := w.builtinRoles()
	if err := w.env.users.SetRoles(ctx, w.users[email].ID, ids...); err != nil {
		return "", err
	}
	w.users[email].Roles = ids
	return "ok", nil
}

func (w *stressWorker) userGet(ctx context.Context) (string, error) {
	email := pick(w, w.users)
	if email == "" {
		return instead(w.userInvite(ctx))
	}
	want := w.users[email]
	u, err := w.env.users.Get(ctx, want.ID)
	if err != nil {
		return "", err
	}
	if got := userRoleIDs(u); u.Email != email || !slices.Equal(got, want.Roles) {
		return "", fmt.Errorf("user %s is %s with %v; acknowledged %s with %v", want.ID, u.Email, got, email, want.Roles)
	}
	return "ok", nil
}

func (w *stressWorker) userRemove(ctx context.Context) (string, error) {
	email := pick(w, w.users)
	if email == "" {
		return instead(w.userInvite(ctx))
	}
	if err := w.env.users.Remove(ctx, w.users[email].ID); err != nil {
		return "", err
	}
	delete(w.users, email)
	return "ok", nil
}

func (w *stressWorker) userList(ctx context.Context) (string, error) {
	mine := map[string]string{}
	for email, u := range w.users {
		mine[u.ID] = email
	}
	emails := map[string]bool{}
	for u, err := range w.env.users.All(ctx) {
		if err != nil {
			return "", err
		}
		if emails[u.Email] {
			return "", fmt.Errorf("email %s listed twice", u.Email)
		}
		emails[u.Email] = true
		if want, ok := mine[u.UserID]; ok && u.Email != want {
			return "", fmt.Errorf("user %s listed as %s; acknowledged %s", u.UserID, u.Email, want)
		}
		delete(mine, u.UserID)
	}
	if len(mine) > 0 {
		return "", fmt.Errorf("acknowledged users missing from the list: %v", mine)
	}
	return "ok", nil
}

func (w *stressWorker) orgGet(ctx context.Context) (string, error) {
	o, err := w.env.users.Organization(ctx)
	if err != nil {
		return "", err
	}
	if o.ID != w.env.org {
		return "", fmt.Errorf("organization %s; want %s", o.ID, w.env.org)
	}
	return "ok", nil
}

// Langflow tenants: created, read and reactivated; the API cannot delete
// them.

func (w *stressWorker) langflowCreate(ctx context.Context) (string, error) {
	if len(w.langflow) >= stressLangflowPer {
		return w.langflowGet(ctx) // they cannot be deleted: keep the lists bounded
	}
	lt, err := w.env.langflow.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-east-1"})
	if err != nil {
		return "", err
	}
	if lt.ID == "" || lt.OrgID != w.env.org {
		return "", fmt.Errorf("created %+v", lt)
	}
	w.langflow = append(w.langflow, lt.ID)
	w.ack("langflow tenant", lt.ID)
	return "ok", nil
}

func (w *stressWorker) langflowGet(ctx context.Context) (string, error) {
	if len(w.langflow) == 0 {
		return instead(w.langflowCreate(ctx))
	}
	id := w.langflow[w.rng.IntN(len(w.langflow))]
	lt, err := w.env.langflow.Get(ctx, id)
	if err != nil {
		return "", err
	}
	if lt.ID != id || lt.OrgID != w.env.org {
		return "", fmt.Errorf("Get(%s) = %+v", id, lt)
	}
	return "ok", nil
}

func (w *stressWorker) langflowReactivate(ctx context.Context) (string, error) {
	if len(w.langflow) == 0 {
		return instead(w.langflowCreate(ctx))
	}
	id := w.langflow[w.rng.IntN(len(w.langflow))]
	lt, err := w.env.langflow.Reactivate(ctx, id)
	if err != nil {
		return "", err
	}
	if lt.ID != id {
		return "", fmt.Errorf("Reactivate(%s) = %+v", id, lt)
	}
	return "ok", nil
}

func (w *stressWorker) langflowList(ctx context.Context) (string, error) {
	mine := map[string]bool{}
	for _, id := range w.langflow {
		mine[id] = true
	}
	for lt, err := range w.env.langflow.All(ctx) {
		if err != nil {
			return "", err
		}
		delete(mine, lt.ID)
	}
	if len(mine) > 0 {
		return "", fmt.Errorf("acknowledged Langflow tenants missing from the list: %v", mine)
	}
	return "ok", nil
}

// ARGO tenants. Names come from a shared pool; each tenant has a database
// password and users whose keys the server generates.

func (w *stressWorker) tenantCreate(ctx context.Context) (string, error) {
	name := fmt.Sprintf("stress-tenant-%03d", w.rng.IntN(stressTenantPool))
	created, err := w.env.argo.Create(ctx, tenants.ArgoTenant{
		Info:   tenants.ArgoTenantInfo{Name: name, Description: "stress"},
		DBConf: []tenants.ArgoDBConf{{Store: "main", Server: "db.stress.example", Port: 27017, Database: "argo_" + strings.ReplaceAll(name, "-", "_"), Username: "argo", Password: fmt.Sprintf("pw-%d-%x", w.id, w.rng.Uint64())}},
		Users:  []users.ArgoUser{{Name: "first", Email: "first@stress.example", Roles: []string{"admin"}}},
	})
	if conflict(err) {
		return "conflict", nil
	}
	if err != nil {
		return "", err
	}
	w.ack("argo tenant", created.ID)
	// The server does not return the generated user; read it back.
	got, err := w.env.argo.Get(ctx, created.ID)
	if err != nil {
		return "", fmt.Errorf("reading back tenant %s: %w", created.ID, err)
	}
	if got.Info.Name != name || len(got.Users) != 1 {
		return "", fmt.Errorf("created %q, read back %q with %d users", name, got.Info.Name, len(got.Users))
	}
	t := &stressTenant{Name: name, Users: map[string]string{}}
	for _, u := range got.Users {
		t.Users[u.ID] = u.APIKey
		w.ack("argo user", u.ID)
		w.ack("argo key", u.APIKey)
	}
	w.tenants[created.ID] = t
	return "ok", nil
}

// checkTenant compares a tenant read from the server with the record.
func (w *stressWorker) checkTenant(id string, got tenants.ArgoTenant) error {
	want := w.tenants[id]
	if got.ID != id || got.Info.Name != want.Name {
		return fmt.Errorf("tenant %s is %s %q; acknowledged %q", id, got.ID, got.Info.Name, want.Name)
	}
	have := map[string]string{}
	for _, u := range got.Users {
		have[u.ID] = u.APIKey
	}
	if !maps.Equal(have, want.Users) {
		return fmt.Errorf("tenant %s has users %v; acknowledged %v", id, slices.Sorted(maps.Keys(have)), slices.Sorted(maps.Keys(want.Users)))
	}
	return nil
}

func (w *stressWorker) tenantGet(ctx context.Context) (string, error) {
	id := pick(w, w.tenants)
	if id == "" {
		return instead(w.tenantCreate(ctx))
	}
	got, err := w.env.argo.Get(ctx, id)
	if err != nil {
		return "", err
	}
	return "ok", w.checkTenant(id, got)
}

func (w *stressWorker) tenantModify(ctx context.Context) (string, error) {
	id := pick(w, w.tenants)
	if id == "" {
		return instead(w.tenantCreate(ctx))
	}
	desc := fmt.Sprintf("modified %x", w.rng.Uint64())
	got, err := w.env.argo.Modify(ctx, id, func(t *tenants.ArgoTenant) error {
		t.Info.Description = desc
		return nil
	})
	if err != nil {
		return "", err
	}
	if got.Info.Description != desc {
		return "", fmt.Errorf("Modify(%s) kept description %q", id, got.Info.Description)
	}
	return "ok", w.checkTenant(id, got)
}

func (w *stressWorker) tenantDelete(ctx context.Context) (string, error) {
	id := pick(w, w.tenants)
	if id == "" {
		return instead(w.tenantCreate(ctx))
	}
	if err := w.env.argo.Delete(ctx, id); err != nil {
		return "", err
	}
	delete(w.tenants, id)
	return "ok", nil
}

func (w *stressWorker) tenantStatus(ctx context.Context) (string, error) {
	id := pick(w, w.tenants)
	if id == "" {
		return instead(w.tenantCreate(ctx))
	}
	healthy := w.rng.IntN(2) == 0
	st := tenants.ArgoHealthyStatus(time.Unix(1700000000, 0), "Critical")
	st.EngineConfig = healthy
	got, err := w.env.argo.UpdateStatus(ctx, id, st)
	if err != nil {
		return "", err
	}
	if got.ID != id || got.Status.TotalStatus != healthy {
		return "", fmt.Errorf("UpdateStatus(%s, healthy=%v) = %s total_status %v", id, healthy, got.ID, got.Status.TotalStatus)
	}
	return "ok", nil
}

// tenantList checks the list holds every tenant of this worker, as
// recorded, and no name twice.
func (w *stressWorker) tenantList(ctx context.Context) (string, error) {
	mine := maps.Clone(w.tenants)
	names := map[string]bool{}
	for t, err := range w.env.argo.All(ctx) {
		if err != nil {
			return "", err
		}
		if names[t.Info.Name] {
			return "", fmt.Errorf("tenant name %q listed twice", t.Info.Name)
		}
		names[t.Info.Name] = true
		if _, ok := mine[t.ID]; ok {
			if err := w.checkTenant(t.ID, t); err != nil {
				return "", err
			}
			delete(mine, t.ID)
		}
	}
	if len(mine) > 0 {
		return "", fmt.Errorf("acknowledged tenants missing from the list: %v", slices.Sorted(maps.Keys(mine)))
	}
	return "ok", nil
}

// ARGO users of the worker's own tenants.

// userOf picks a tenant of the worker and one of its users; "" when none.
func (w *stressWorker) userOf() (tenantID, userID string) {
	tenantID = pick(w, w.tenants)
	if tenantID == "" {
		return "", ""
	}
	return tenantID, pick(w, w.tenants[tenantID].Users)
}

func (w *stressWorker) argoUserCreate(ctx context.Context) (string, error) {
	tid := pick(w, w.tenants)
	if tid == "" {
		return instead(w.tenantCreate(ctx))
	}
	if len(w.tenants[tid].Users) >= stressArgoUsersPT {
		return instead(w.argoUserDelete(ctx))
	}
	u, err := w.env.argoUser.Create(ctx, tid, users.ArgoUser{Name: "u", Email: "u@stress.example", Roles: []string{"viewer"}})
	if err != nil {
		return "", err
	}
	if u.ID == "" || len(u.APIKey) != 64 {
		return "", fmt.Errorf("created user %s with a key of %d characters", u.ID, len(u.APIKey))
	}
	w.tenants[tid].Users[u.ID] = u.APIKey
	w.ack("argo user", u.ID)
	w.ack("argo key", u.APIKey)
	return "ok", nil
}

func (w *stressWorker) argoUserGet(ctx context.Context) (string, error) {
	tid, uid := w.userOf()
	if uid == "" {
		return instead(w.argoUserCreate(ctx))
	}
	u, err := w.env.argoUser.Get(ctx, tid, uid)
	if err != nil {
		return "", err
	}
	if u.ID != uid || u.APIKey != w.tenants[tid].Users[uid] {
		return "", fmt.Errorf("user %s of %s read back as %s with another key", uid, tid, u.ID)
	}
	return "ok", nil
}

func (w *stressWorker) argoUserByID(ctx context.Context) (string, error) {
	tid, uid := w.userOf()
	if uid == "" {
		return instead(w.argoUserCreate(ctx))
	}
	u, err := w.env.argoUser.ByID(ctx, uid)
	if err != nil {
		return "", err
	}
	if u.ID != uid || u.APIKey != w.tenants[tid].Users[uid] {
		return "", fmt.Errorf("ByID(%s) found %s with another key", uid, u.ID)
	}
	return "ok", nil
}

func (w *stressWorker) argoUserUpdate(ctx context.Context) (string, error) {
	tid, uid := w.userOf()
	if uid == "" {
		return instead(w.argoUserCreate(ctx))
	}
	email := fmt.Sprintf("u%x@stress.example", w.rng.Uint32())
	u, err := w.env.argoUser.Update(ctx, tid, uid, users.ArgoUser{Email: email})
	if err != nil {
		return "", err
	}
	if u.ID != uid || u.Email != email || u.APIKey != w.tenants[tid].Users[uid] {
		return "", fmt.Errorf("Update(%s) = %s %s with another key", uid, u.ID, u.Email)
	}
	return "ok", nil
}

func (w *stressWorker) argoUserRenew(ctx context.Context) (string, error) {
	tid, uid := w.userOf()
	if uid == "" {
		return instead(w.argoUserCreate(ctx))
	}
	key, err := w.env.argoUser.RenewAPIKey(ctx, tid, uid)
	if err != nil {
		return "", err
	}
	if len(key) != 64 || key == w.tenants[tid].Users[uid] {
		return "", fmt.Errorf("RenewAPIKey(%s) returned a key of %d characters (same as before: %v)", uid, len(key), key == w.tenants[tid].Users[uid])
	}
	w.tenants[tid].Users[uid] = key
	w.ack("argo key", key)
	return "ok", nil
}

func (w *stressWorker) argoUserDelete(ctx context.Context) (string, error) {
	tid, uid := w.userOf()
	if uid == "" {
		return instead(w.argoUserCreate(ctx))
	}
	if err := w.env.argoUser.Delete(ctx, tid, uid); err != nil {
		return "", err
	}
	delete(w.tenants[tid].Users, uid)
	return "ok", nil
}

func (w *stressWorker) argoUserList(ctx context.Context) (string, error) {
	tid := pick(w, w.tenants)
	if tid == "" {
		return instead(w.tenantCreate(ctx))
	}
	list, err := w.env.argoUser.List(ctx, tid)
	if err != nil {
		return "", err
	}
	have := map[string]string{}
	for _, u := range list {
		have[u.ID] = u.APIKey
	}
	if !maps.Equal(have, w.tenants[tid].Users) {
		return "", fmt.Errorf("tenant %s lists users %v; acknowledged %v", tid, slices.Sorted(maps.Keys(have)), slices.Sorted(maps.Keys(w.tenants[tid].Users)))
	}
	return "ok", nil
}
