package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// envOf returns a getenv that reads vars.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// wantLines checks that out holds a line matching each pattern, in order.
func wantLines(t *testing.T, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		for i < len(lines) && !re.MatchString(lines[i]) {
			i++
		}
		if i == len(lines) {
			t.Errorf("no line matching %q (in order) in the output:\n%s", p, out)
			return
		}
		i++
	}
}

const uuid = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`

func TestQuickstartRunsAgainstTheEmbeddedFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	start := time.Now()
	if err := run(context.Background(), &out, envOf(nil)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the quickstart took %s; it should take about a second", took)
	}
	wantLines(t, out.String(),
		`^No ASTRA_DB_APPLICATION_TOKEN and ASTRA_ORG_ID: using tenantkit's embedded fake Astra API at http://127\.0\.0\.1:\d+$`,
		`^Organization: tenantkit-fake \(5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b\)$`,
		`^Created role "tenantkit-quickstart" \(`+uuid+`\)$`,
		`^  allows langflow-ide-build, langflow-flow-run on drn:astra:org:5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b$`,
		`^Invited ada@example\.com with role "tenantkit-quickstart": status invited, user ID `+uuid+`$`,
		`^Users of the organization:$`,
		`^  admin@tenantkit\.example +active +Organization Administrator$`,
		`^  ada@example\.com +invited +tenantkit-quickstart$`,
		`^Creating a Langflow tenant in aws us-west-2\.\.\.$`,
		// The statuses it passes through, as far as a busy machine lets
		// the polls see them: created, provisioning, then active.
		`^  (created|provisioning) +after [0-9.]+m?s$`,
		`^  active +after [0-9.]+m?s$`,
		`^Tenant `+uuid+` is active at https://aws-us-west-2\.langflow\.datastax\.com/lf/`+uuid+`$`,
		`^Langflow tenants of the organization \(1\):$`,
		`^  `+uuid+`  aws us-west-2  active  https://`,
		`^Cleaning up:$`,
		`^  removed the invitation of ada@example\.com$`,
		`^  deleted the role "tenantkit-quickstart"$`,
	)
	if strings.Contains(out.String(), "WARNING") || strings.Contains(out.String(), "FAILED") {
		t.Errorf("unexpected warning or failure in the output:\n%s", out.String())
	}
}

// quickstartAgainst returns the environment that points the quickstart at
// srv as if it were the real API.
func quickstartAgainst(srv *fakeserver.Server, extra map[string]string) map[string]string {
	vars := map[string]string{
		"ASTRA_DB_APPLICATION_TOKEN": srv.Credentials().AstraToken,
		"ASTRA_ORG_ID":               srv.Credentials().OrgID,
		"ASTRA_API_URL":              srv.URL(),
		"QUICKSTART_PAUSE":           "0s",
	}
	for k, v := range extra {
		vars[k] = v
	}
	return vars
}

// With credentials the quickstart treats the API as real: it warns, uses a
// unique role name, cleans up the role and the invitation, and says the
// tenant stays. A fake stands in for the real API here.
func TestQuickstartWithCredentialsWarnsAndCleansUp(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithProvisioningDelay(0))
	var out bytes.Buffer
	vars := quickstartAgainst(srv, map[string]string{"QUICKSTART_INVITE_EMAIL": "grace@example.com", "QUICKSTART_REGION": "eu-west-1"})
	if err := run(context.Background(), &out, envOf(vars)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	wantLines(t, out.String(),
		`^Using the Astra DevOps API at http://127\.0\.0\.1:\d+, organization tenantkit-fake \(5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b\)\.$`,
		`^WARNING: this changes the organization\. It creates the role "tenantkit-quickstart-\d{8}-\d{6}", invites grace@example\.com$`,
		`^\(an invitation email is sent\) and creates a Langflow tenant in aws eu-west-1\.$`,
		`Langflow tenants cannot be deleted$`,
		`^Created role "tenantkit-quickstart-\d{8}-\d{6}"`,
		`^Invited grace@example\.com`,
		`^  active +after `,
		`^Cleaning up:$`,
		`^  removed the invitation of grace@example\.com$`,
		`^  deleted the role "tenantkit-quickstart-\d{8}-\d{6}"$`,
		`^  the Langflow tenant `+uuid+` stays: tenants cannot be deleted through the API$`,
	)

	// The organization is as before, but for the tenant.
	ctx := context.Background()
	c := fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())
	list, err := roles.NewAstra(c).List(ctx)
	if err != nil || len(list) != len(roles.BuiltinNames()) {
		t.Errorf("roles after the quickstart: %d, %v; want only the built-ins", len(list), err)
	}
	if _, err := users.NewAstra(c).ByEmail(ctx, "grace@example.com"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("the invitation is still there: %v", err)
	}
	if tns, err := tenants.NewLangflow(c).List(ctx); err != nil || len(tns) != 1 {
		t.Errorf("tenants after the quickstart: %+v, %v; want the one it created", tns, err)
	}
}

// A failure halfway still cleans up what was created.
func TestQuickstartCleansUpAfterAFailure(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	var out bytes.Buffer
	err := run(context.Background(), &out, envOf(quickstartAgainst(srv, map[string]string{"QUICKSTART_REGION": "US West"})))
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("run: err = %v, want the 400 of the tenant creation", err)
	}
	wantLines(t, out.String(),
		`^Cleaning up:$`,
		`^  removed the invitation of ada@example\.com$`,
		`^  deleted the role "tenantkit-quickstart-`,
	)
	if strings.Contains(out.String(), "the Langflow tenant") {
		t.Errorf("the output mentions a tenant that was never created:\n%s", out.String())
	}
	list, err := roles.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())).List(context.Background())
	if err != nil || len(list) != len(roles.BuiltinNames()) {
		t.Errorf("roles after the failed quickstart: %d, %v; want only the built-ins", len(list), err)
	}
}

func TestQuickstartRefusesSettingsItCannotUse(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	cases := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"an org that is not the token's", quickstartAgainst(srv, map[string]string{"ASTRA_ORG_ID": "11111111-1111-4111-8111-111111111111"}),
			"ASTRA_ORG_ID is 11111111-1111-4111-8111-111111111111, but the token belongs to organization 5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b"},
		{"a malformed pause", map[string]string{"QUICKSTART_PAUSE": "soon"}, `QUICKSTART_PAUSE: time: invalid duration "soon"`},
		{"an unknown token", quickstartAgainst(srv, map[string]string{"ASTRA_DB_APPLICATION_TOKEN": "AstraCS:nope"}),
			"tenantkit: getCurrentOrganization GET /v2/currentOrg: 401 Unauthorized: Invalid token"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		err := run(context.Background(), &out, envOf(tc.vars))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
		if strings.Contains(out.String(), "Created") {
			t.Errorf("%s: the quickstart changed something:\n%s", tc.name, out.String())
		}
	}
}

// A token without an org ID is not enough to change a real organization.
func TestQuickstartWithOnlyATokenUsesTheFake(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), &out, envOf(map[string]string{"ASTRA_DB_APPLICATION_TOKEN": "AstraCS:real:token"})); err != nil {
		t.Fatal(err)
	}
	wantLines(t, out.String(),
		`^ASTRA_DB_APPLICATION_TOKEN is set but ASTRA_ORG_ID is not, so this run uses the fake;$`,
		`using tenantkit's embedded fake Astra API`,
		`^Organization: tenantkit-fake `,
	)
}

// The pause before changing a real organization ends with the context.
func TestQuickstartCanBeInterruptedBeforeChangingAnything(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, &out, envOf(quickstartAgainst(srv, map[string]string{"QUICKSTART_PAUSE": "1h"})))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's", err)
	}
	if diff := cmp.Diff(len(roles.BuiltinNames()), countRoles(t, srv)); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}

func countRoles(t *testing.T, srv *fakeserver.Server) int {
	t.Helper()
	list, err := roles.NewAstra(fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}
