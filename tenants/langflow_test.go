package tenants_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
)

func TestLangflowLifecycleThroughTheSDK(t *testing.T) {
	t.Parallel()
	for _, transport := range sdktest.Transports() {
		for _, prefix := range []string{"", tenants.DefaultLangflowPathPrefix, tenants.LangflowAPIPathPrefix} {
			t.Run(string(transport)+prefix, func(t *testing.T) {
				t.Parallel()
				env := newLangflowEnv(t, transport)
				if prefix != "" {
					env = env.withOptions(t, tenants.WithLangflowPathPrefix(prefix))
				}
				p := prefix
				if p == "" {
					p = tenants.DefaultLangflowPathPrefix
				}
				ctx := context.Background()

				created, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "AWS", Region: "us-west-2"})
				if err != nil {
					t.Fatalf("Create: %v", err)
				}
				want := tenants.LangflowTenant{
					ID:            created.ID,
					OrgID:         env.Org,
					CloudProvider: "aws",
					Region:        "us-west-2",
					Status:        tenants.LangflowStatusCreated,
					URL:           "https://aws-us-west-2.langflow.datastax.com/lf/" + created.ID,
					CreatedAt:     "2025-06-01T12:00:00Z",
					UpdatedAt:     "2025-06-01T12:00:00Z",
				}
				if diff := testkit.Diff(want, created); diff != "" || created.ID == "" {
					t.Errorf("Create returned (-want +got):\n%s", diff)
				}

				got, err := env.lf.Get(ctx, created.ID)
				if err != nil || !testkit.Equal(want, got) {
					t.Errorf("Get = %+v, %v; want %+v", got, err, want)
				}

				active, err := env.lf.WaitActive(ctx, created.ID)
				if err != nil {
					t.Fatalf("WaitActive: %v", err)
				}
				want.Status, want.UpdatedAt = tenants.LangflowStatusActive, "2025-06-01T12:00:01Z"
				testkit.WantEqual(t, "WaitActive returned", want, active)

				list, err := env.lf.List(ctx)
				if err != nil {
					t.Fatalf("List: %v", err)
				}
				testkit.WantEqual(t, "List", []tenants.LangflowTenant{want}, list)

				if err := env.DeactivateLangflowTenant(created.ID); err != nil {
					t.Fatal(err)
				}
				re, err := env.lf.Reactivate(ctx, created.ID)
				if err != nil {
					t.Fatalf("Reactivate: %v", err)
				}
				if re.Status != tenants.LangflowStatusReactivating {
					t.Errorf("Reactivate returned status %q, want reactivating", re.Status)
				}
				if active, err := env.lf.WaitActive(ctx, created.ID); err != nil || !active.Status.IsActive() {
					t.Errorf("WaitActive after Reactivate = %q, %v", active.Status, err)
				}

				org, id := "/orgs/"+env.Org, "/tenant/"+created.ID
				wantCalls := []string{
					"createLangflowTenant POST " + p + "/tenant",
					"getLangflowTenant GET " + p + org + id,
					"getLangflowTenant GET " + p + org + id, // WaitActive: created
					"getLangflowTenant GET " + p + org + id, // active after 1 s
					"listLangflowTenants GET " + p + org + "/tenants",
					"reactivateLangflowTenant PATCH " + p + org + id + "/reactivate",
					"getLangflowTenant GET " + p + org + id, // reactivating
					"getLangflowTenant GET " + p + org + id, // active
				}
				testkit.WantEqual(t, "requests", wantCalls, env.Attempts.TakeCalls())
			})
		}
	}
}

func TestLangflowPathPrefixIsNormalized(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	for _, prefix := range []string{"api/v1", "/api/v1/", " /api/v1 "} {
		e := env.withOptions(t, tenants.WithLangflowPathPrefix(prefix))
		if _, err := e.lf.List(context.Background()); err != nil {
			t.Errorf("prefix %q: %v", prefix, err)
		}
		if diff := testkit.Diff([]string{"listLangflowTenants GET /api/v1/orgs/" + env.Org + "/tenants"}, e.Attempts.TakeCalls()); diff != "" {
			t.Errorf("prefix %q: requests (-want +got):\n%s", prefix, diff)
		}
	}
}

// An invalid option is reported, naming it, by every method before anything
// is sent, as client.New reports an invalid client option.
func TestLangflowInvalidOptionFailsEveryCallBeforeSending(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	for _, tc := range []struct {
		opt  tenants.LangflowOption
		want string
	}{
		{tenants.WithLangflowPathPrefix(""), `WithLangflowPathPrefix("")`},
		{tenants.WithLangflowPathPrefix("/v1?x=1"), `WithLangflowPathPrefix("/v1?x=1")`},
		{tenants.WithLangflowPathPrefix("/my proxy/v1"), `WithLangflowPathPrefix("/my proxy/v1")`},
		{tenants.WithLangflowPollInterval(0, time.Second), `WithLangflowPollInterval(0s, 1s)`},
		{tenants.WithLangflowPollInterval(time.Second, time.Millisecond), `WithLangflowPollInterval(1s, 1ms)`},
	} {
		e := env.withOptions(t, tc.opt)
		_, listErr := e.lf.List(context.Background())
		_, getErr := e.lf.Get(context.Background(), "t1")
		_, waitErr := e.lf.WaitActive(context.Background(), "t1")
		for _, err := range []error{listErr, getErr, waitErr} {
			if err == nil || !strings.Contains(err.Error(), "tenants.NewLangflow: "+tc.want) {
				t.Errorf("%s: err = %v, want it to name the option", tc.want, err)
			}
		}
		if calls := e.Attempts.TakeCalls(); len(calls) != 0 {
			t.Errorf("%s: sent %v", tc.want, calls)
		}
	}
}

// Every method needs the organization from the client and says so before
// sending anything.
func TestLangflowWithoutAClientOrgFailsBeforeSending(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess).withOrg(t, "")
	ctx := context.Background()
	calls := map[string]func() error{
		"Get":  func() error { _, err := env.lf.Get(ctx, "t1"); return err },
		"List": func() error { _, err := env.lf.List(ctx); return err },
		"Create": func() error {
			_, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "r"})
			return err
		},
		"Reactivate": func() error { _, err := env.lf.Reactivate(ctx, "t1"); return err },
		"WaitActive": func() error { _, err := env.lf.WaitActive(ctx, "t1"); return err },
		"Watch": func() error {
			for _, err := range env.lf.Watch(ctx, "t1") {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		err := call()
		if err == nil || !strings.Contains(err.Error(), "the client has no organization ID: set it with client.WithOrgID") {
			t.Errorf("%s: err = %v, want the missing-org error", name, err)
		}
	}
	if got := env.Attempts.TakeCalls(); len(got) != 0 {
		t.Errorf("requests sent: %v, want none", got)
	}
}

func TestLangflowRejectsBadArgumentsBeforeSending(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"Create for another org", func() error {
			_, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{OrgID: "other", CloudProvider: "aws", Region: "r"})
			return err
		}, `tenantkit: tenants.Langflow.Create: OrgID "other" is not the client's organization "` + env.Org + `"`},
		{"Create without a provider", func() error {
			_, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{Region: "us-west-2"})
			return err
		}, "tenantkit: tenants.Langflow.Create: empty CloudProvider (aws, gcp or azure)"},
		{"Create without a region", func() error {
			_, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp"})
			return err
		}, "tenantkit: tenants.Langflow.Create: empty Region"},
		{"Get without an ID", func() error { _, err := env.lf.Get(ctx, ""); return err }, "tenantkit: tenants.Langflow.Get: empty tenant ID"},
		{"Reactivate without an ID", func() error { _, err := env.lf.Reactivate(ctx, ""); return err }, "tenantkit: tenants.Langflow.Reactivate: empty tenant ID"},
		{"WaitActive without an ID", func() error { _, err := env.lf.WaitActive(ctx, ""); return err }, "tenantkit: tenants.Langflow.WaitActive: empty tenant ID"},
	}
	for _, tc := range cases {
		if err := tc.call(); err == nil || err.Error() != tc.want {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	if got := env.Attempts.TakeCalls(); len(got) != 0 {
		t.Errorf("requests sent: %v, want none", got)
	}
	var nilSvc *tenants.Langflow
	if _, err := nilSvc.List(ctx); err == nil || !strings.Contains(err.Error(), "no client") {
		t.Errorf("List on a nil service: err = %v", err)
	}
	if _, err := tenants.NewLangflow(nil).WaitActive(ctx, "t1"); err == nil {
		t.Error("WaitActive without a client: err = nil")
	}
}

func TestLangflowErrorsAreAPIErrorsWithStatusAndMessage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const unknown = "00000000-0000-4000-8000-000000000000"
	cases := []struct {
		name    string
		call    func(t *testing.T, env langflowEnv) error
		kind    client.Kind
		status  int
		message string
	}{
		{"get of an unknown tenant is not found", func(t *testing.T, env langflowEnv) error {
			_, err := env.lf.Get(ctx, unknown)
			return err
		}, client.ErrNotFound, 404, "tenant not found"},
		{"reactivate of an unknown tenant is not found", func(t *testing.T, env langflowEnv) error {
			_, err := env.lf.Reactivate(ctx, unknown)
			return err
		}, client.ErrNotFound, 404, "tenant not found"},
		{"waiting for an unknown tenant is not found", func(t *testing.T, env langflowEnv) error {
			_, err := env.lf.WaitActive(ctx, unknown)
			return err
		}, client.ErrNotFound, 404, "tenant not found"},
		{"reactivate of a failed tenant conflicts", func(t *testing.T, env langflowEnv) error {
			tn := env.create(t)
			if err := env.SetLangflowTenantStatus(tn.ID, "failed"); err != nil {
				t.Fatal(err)
			}
			_, err := env.lf.Reactivate(ctx, tn.ID)
			return err
		}, client.ErrConflict, 409, "tenant cannot be reactivated from status failed"},
		{"an unknown cloud provider is a bad request", func(t *testing.T, env langflowEnv) error {
			_, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "ibm", Region: "us-south"})
			return err
		}, client.ErrBadRequest, 400, `invalid cloud_provider "ibm": must be one of aws, gcp, azure`},
		{"a malformed region is a bad request", func(t *testing.T, env langflowEnv) error {
			_, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp", Region: "US West"})
			return err
		}, client.ErrBadRequest, 400, `invalid region "US West": must match [a-z0-9-]+`},
		{"a client org that is not the token's is forbidden", func(t *testing.T, env langflowEnv) error {
			_, err := env.withOrg(t, "11111111-1111-4111-8111-111111111111").lf.List(ctx)
			return err
		}, client.ErrForbidden, 403, "X-DataStax-Current-Org does not match the token's organization"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newLangflowEnv(t, sdktest.InProcess)
			sdktest.WantAPIError(t, tc.call(t, env), tc.kind, tc.status, tc.message)
		})
	}
}

// Reactivating a tenant that is not deactivated changes nothing.
func TestReactivateOfAnActiveTenantIsANoOp(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess, fakeserver.WithProvisioningDelay(0))
	tn := env.create(t)
	got, err := env.lf.Reactivate(context.Background(), tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Reactivate", tn, got)
}

// langflowCalls are the Langflow service's calls on a's client; each
// needs the langflow-ide-build permission.
func langflowCalls(a sdktest.Astra) []testkit.Call {
	const id, perm = "00000000-0000-4000-8000-000000000000", "langflow-ide-build"
	lf := tenants.NewLangflow(a.Client)
	return []testkit.Call{
		{Name: "Get", Permission: perm, Do: func(ctx context.Context) error { _, err := lf.Get(ctx, id); return err }},
		{Name: "List", Permission: perm, Do: func(ctx context.Context) error { _, err := lf.List(ctx); return err }},
		{Name: "Create", Permission: perm, Do: func(ctx context.Context) error {
			_, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
			return err
		}},
		{Name: "Reactivate", Permission: perm, Do: func(ctx context.Context) error { _, err := lf.Reactivate(ctx, id); return err }},
		{Name: "WaitActive", Permission: perm, Do: func(ctx context.Context) error { _, err := lf.WaitActive(ctx, id); return err }},
	}
}

// An unknown token is refused every call; so is a token holding only RO
// User, which grants none of the Langflow actions (Organization
// Administrator holds them).
func TestEveryLangflowCallRefusesUnknownTokensAndMissingPermissions(t *testing.T) {
	t.Parallel()
	sdktest.WantAuthEnforced(t, roles.ReadOnlyUser, langflowCalls)
}

func TestLangflowErrorBodiesDecodeInEveryStyle(t *testing.T) {
	t.Parallel()
	sdktest.WantErrorInEveryStyle(t, fakeserver.WithAstraErrorStyle, client.ErrNotFound, 404, "tenant not found", func(t *testing.T, a sdktest.Astra) error {
		_, err := tenants.NewLangflow(a.Client).WaitActive(context.Background(), "00000000-0000-4000-8000-000000000000")
		return err
	})
}

// A list that is stopped early leaves the client usable.
func TestLangflowAllStopsAfterTheCallerBreaks(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.Loopback)
	var ids []string
	for range 3 {
		ids = append(ids, env.create(t).ID)
	}
	var seen []string
	for _, tn := range testkit.Take(t, env.lf.All(context.Background()), 1) {
		seen = append(seen, tn.ID)
	}
	testkit.WantEqual(t, "tenants seen", ids[:1], seen)
	env.Clock.Advance(time.Second)
	list, err := env.lf.List(context.Background())
	if err != nil || len(list) != 3 {
		t.Errorf("List after an early break = %d tenants, %v", len(list), err)
	}
}

// Reactivate changes nothing when repeated, so it is retried like a PUT;
// Create is a POST and is not replayed after an ambiguous failure.
func TestReactivateIsRetriedAndCreateIsNot(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	ctx := context.Background()
	tn := env.create(t)
	if err := env.DeactivateLangflowTenant(tn.ID); err != nil {
		t.Fatal(err)
	}
	if err := env.AddFault(fakeserver.Fault{Operation: "reactivateLangflowTenant", Status: 502, Times: 1}); err != nil {
		t.Fatal(err)
	}
	env.Attempts.TakeCalls()
	re, err := env.lf.Reactivate(ctx, tn.ID)
	if err != nil || re.Status != tenants.LangflowStatusReactivating {
		t.Errorf("Reactivate after a 502 = %q, %v; want reactivating", re.Status, err)
	}
	if got := env.Attempts.TakeCalls(); len(got) != 2 {
		t.Errorf("Reactivate attempts = %v, want 2", got)
	}

	if err := env.AddFault(fakeserver.Fault{Operation: "createLangflowTenant", Status: 502, Times: 1}); err != nil {
		t.Fatal(err)
	}
	_, err = env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-east-2"})
	sdktest.WantAPIError(t, err, client.ErrServer, 502, "Bad Gateway")
	if got := env.Attempts.TakeCalls(); len(got) != 1 {
		t.Errorf("Create attempts = %v, want 1", got)
	}
}

// Parallel creates and waits through the SDK: every tenant is stored once,
// with its own ID, and every wait ends with the tenant active.
func TestParallelCreatesAndWaitsKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newLangflowEnv(t, transport)
		ctx := context.Background()
		const n = 24
		var (
			mu  sync.Mutex
			ids []string
		)
		testkit.Concurrently(n, func(int) {
			tn, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp", Region: "europe-west1"})
			if err != nil {
				t.Error(err)
				return
			}
			active, err := env.lf.WaitActive(ctx, tn.ID)
			if err != nil || !active.Status.IsActive() {
				t.Errorf("WaitActive(%s) = %q, %v", tn.ID, active.Status, err)
			}
			mu.Lock()
			ids = append(ids, tn.ID)
			mu.Unlock()
		})
		list, err := env.lf.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var listed []string
		for _, tn := range list {
			listed = append(listed, tn.ID)
			if !tn.Status.IsActive() {
				t.Errorf("%s is %q after its wait", tn.ID, tn.Status)
			}
		}
		if len(ids) != n {
			t.Errorf("%d creates succeeded, want %d", len(ids), n)
		}
		testkit.WantUnique(t, "tenant ID", ids)
		testkit.WantSameElements(t, "listed tenants", ids, listed)
	})
}
