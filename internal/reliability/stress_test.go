package reliability_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
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
		opts = append(opts, fakeserver.WithObserver(spectest.Validator(t)))
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
