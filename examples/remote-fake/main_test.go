package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/tenants"
)

// wantOutput checks the program's output line by line against patterns.
func wantOutput(t *testing.T, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != len(patterns) {
		t.Fatalf("%d lines of output, want %d:\n%s", len(lines), len(patterns), out)
	}
	for i, p := range patterns {
		if !regexp.MustCompile("^" + p + "$").MatchString(lines[i]) {
			t.Errorf("line %d is %q, want it to match %q", i+1, lines[i], p)
		}
	}
}

const uuid = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`

// steered is the output after the fake is found.
var steered = []string{
	`Listed 18 roles through an injected 503:`,
	`  GET /v2/organizations/roles 503 fault=roles-down`,
	`  GET /v2/organizations/roles 200`,
	`Created Langflow tenant ` + uuid + `: created`,
	`After the FinishProvisioning event: active`,
	`Journal outline:`,
	`  getOrganizationRoles GET /v2/organizations/roles 503 fault=roles-down`,
	`  getOrganizationRoles GET /v2/organizations/roles 200`,
	`  createLangflowTenant POST /v1/tenant 201`,
	`  event FinishProvisioning \{id-1\}`,
	`  getLangflowTenant GET /v1/orgs/\{id-2\}/tenant/\{id-1\} 200`,
	`After Reset the tenant is gone \(404\)`,
}

func TestRemoteFakeStartsTheBinaryAndSteersIt(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	wantOutput(t, out.String(), append([]string{`Started cmd/fakeserver at http://127\.0\.0\.1:\d+`}, steered...)...)
}

func TestRemoteFakeSteersTheFakeItIsGivenAndLeavesItAsItWas(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithControlToken("a-control-token-for-tests"))
	lf := tenants.NewLangflow(fakeserver.NewTestClient(t, srv, fakeserver.AsAstra()))
	before, err := lf.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TENANTKIT_FAKE_URL": srv.URL(), "TENANTKIT_FAKE_CONTROL_TOKEN": "a-control-token-for-tests"}
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(k string) string { return env[k] }); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	wantOutput(t, out.String(), steered...)
	if got := len(srv.Journal().CallsTo(tenantkit.OpCreateLangflowTenant)); got != 1 {
		t.Errorf("the given fake's journal has %d tenant creations, want 1", got)
	}
	after, err := lf.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || len(srv.Faults()) != 0 {
		t.Errorf("after the program: %d Langflow tenants (before: %d) and fault rules %v; want the fake as it was", len(after), len(before), srv.Faults())
	}
}

// TestRemoteFakeReportsAFailedCleanUp: a failure of the Reset run does on
// its way out reaches its caller; it is not lost after run has chosen
// what to return.
func TestRemoteFakeReportsAFailedCleanUp(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithControlToken("a-control-token-for-tests"))
	target, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	// A proxy to the fake that refuses the second reset: the program's own
	// Reset (step 4) goes through, the one on its way out fails.
	var resets atomic.Int32
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/reset") && resets.Add(1) == 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":"the reset on the way out failed"}`))
			return
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	env := map[string]string{"TENANTKIT_FAKE_URL": proxy.URL, "TENANTKIT_FAKE_CONTROL_TOKEN": "a-control-token-for-tests"}
	var out bytes.Buffer
	err = run(context.Background(), &out, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "the reset on the way out failed") {
		t.Errorf("run with a failing clean-up: %v; want the Reset's failure\n%s", err, out.String())
	}
	if got := resets.Load(); got != 2 {
		t.Errorf("run sent %d resets, want 2 (step 4's and the clean-up's)", got)
	}
}
