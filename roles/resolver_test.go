package roles_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// newResolverFake starts a fake with the default fixture and returns it
// with a client on it (in-process transport) that names no organization.
func newResolverFake(t *testing.T) (*sdktest.Fake, *client.Client) {
	t.Helper()
	f := sdktest.NewFake(t, sdktest.InProcess, sdktest.AstraEpoch())
	return f, f.Client(t, client.WithBearerToken(f.Credentials().AstraToken))
}

func TestResolverReadsTheRolesOnceAcrossCalls(t *testing.T) {
	t.Parallel()
	srv, c := newResolverFake(t)
	ctx := context.Background()
	r := roles.NewResolver(c)

	first, err := r.Resolve(ctx, roles.OrganizationAdministrator, roles.ReadOnlyServiceAccount)
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.Resolve(ctx, astraROSvcID, roles.OrganizationAdministrator, roles.ReadOnlyServiceAccount)
	if err != nil {
		t.Fatal(err)
	}
	role, err := r.Role(ctx, roles.ReadOnlyServiceAccount)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "first resolution", []string{astraOrgAdminID, astraROSvcID}, first)
	testkit.WantEqual(t, "second resolution", []string{astraROSvcID, astraOrgAdminID}, second)
	if role.ID != astraROSvcID || role.Name != roles.ReadOnlyServiceAccount {
		t.Errorf("Role = %s %q; want %s %q", role.ID, role.Name, astraROSvcID, roles.ReadOnlyServiceAccount)
	}
	testkit.WantEqual(t, "requests", []string{"GET getOrganizationRoles"}, srv.TakeRequests())
}

func TestResolverComparesNamesAsTheAPIDoes(t *testing.T) {
	t.Parallel()
	_, c := newResolverFake(t)
	ctx := context.Background()
	r := roles.NewResolver(c)
	cases := []struct {
		name    string
		in      []string
		want    []string
		wantErr *roles.UnknownRoleError
	}{
		{name: "exact names and IDs", in: []string{roles.ReadOnlyServiceAccount, astraOrgAdminID}, want: []string{astraROSvcID, astraOrgAdminID}},
		{name: "no inputs", in: nil, want: []string{}},
		{
			name:    "a name in another case is unknown, with a hint",
			in:      []string{"ro svc acct", roles.OrganizationAdministrator, "Nope", "Nope"},
			wantErr: &roles.UnknownRoleError{Roles: []string{"ro svc acct", "Nope"}, Hints: []string{roles.ReadOnlyServiceAccount, ""}},
		},
		{
			name:    "an ID in upper case is unknown",
			in:      []string{strings.ToUpper(astraOrgAdminID)},
			wantErr: &roles.UnknownRoleError{Roles: []string{strings.ToUpper(astraOrgAdminID)}, Hints: []string{""}},
		},
	}
	for _, tc := range cases {
		got, err := r.Resolve(ctx, tc.in...)
		if tc.wantErr == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			if diff := testkit.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: IDs (-want +got):\n%s", tc.name, diff)
			}
			continue
		}
		var unknown *roles.UnknownRoleError
		if !errors.As(err, &unknown) || got != nil {
			t.Errorf("%s: Resolve = %v, %v; want nil and an *UnknownRoleError", tc.name, got, err)
			continue
		}
		if diff := testkit.Diff(tc.wantErr, unknown); diff != "" {
			t.Errorf("%s: error (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestUnknownRoleIsToldApartFromAnAPINotFound pins issue 14's gap: a role
// name that matches nothing (found locally, nothing sent) and a 404 of the
// API both match client.ErrNotFound, and only the local one matches
// roles.ErrUnknownRole.
func TestUnknownRoleIsToldApartFromAnAPINotFound(t *testing.T) {
	t.Parallel()
	_, c := newResolverFake(t)
	ctx := context.Background()
	_, local := roles.NewAstra(c).ResolveIDs(ctx, "Read Only User")
	_, resolver := roles.NewResolver(c).Resolve(ctx, "Read Only User")
	_, api := roles.NewAstra(c).Get(ctx, "00000000-0000-4000-8000-000000000000")

	for _, tc := range []struct {
		name        string
		err         error
		wantUnknown bool
	}{
		{"ResolveIDs", local, true},
		{"Resolver.Resolve", resolver, true},
		{"Get of an unknown ID (404)", api, false},
	} {
		var apiErr *client.APIError
		got := []bool{errors.Is(tc.err, client.ErrNotFound), errors.Is(tc.err, roles.ErrUnknownRole), errors.As(tc.err, &apiErr)}
		want := []bool{true, tc.wantUnknown, !tc.wantUnknown}
		if diff := testkit.Diff(want, got); diff != "" {
			t.Errorf("%s: %v\n[Is ErrNotFound, Is ErrUnknownRole, As *APIError] (-want +got):\n%s", tc.name, tc.err, diff)
		}
	}
	if want := `tenantkit: roles.Resolver.Resolve: unknown role "Read Only User": not found`; resolver == nil || resolver.Error() != want {
		t.Errorf("error = %v; want %q", resolver, want)
	}
}

func TestResolverRefreshSeesRolesCreatedSince(t *testing.T) {
	t.Parallel()
	srv, c := newResolverFake(t)
	ctx := context.Background()
	r := roles.NewResolver(c)
	if _, err := r.Resolve(ctx, roles.BillingAdmin); err != nil {
		t.Fatal(err)
	}
	created, err := roles.NewAstra(c).Create(ctx, roles.Definition{
		Name:   "Auditors",
		Policy: roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(srv.Credentials().OrgID)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve(ctx, "Auditors"); !errors.Is(err, roles.ErrUnknownRole) {
		t.Errorf("before Refresh: err = %v; want the snapshot not to know the new role", err)
	}
	if err := r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := r.Resolve(ctx, "Auditors")
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "after Refresh", []string{created.ID}, got)
	want := []string{"GET getOrganizationRoles", "POST addOrganizationRole", "GET getOrganizationRoles"}
	testkit.WantEqual(t, "requests", want, srv.TakeRequests())
}

func TestResolverKeepsItsListWhenARefreshFails(t *testing.T) {
	t.Parallel()
	srv, c := newResolverFake(t)
	ctx := context.Background()
	r := roles.NewResolver(c)
	if _, err := r.Resolve(ctx, roles.BillingAdmin); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddFault(fakeserver.Fault{Operation: "getOrganizationRoles", Status: 403}); err != nil {
		t.Fatal(err)
	}
	if err := r.Refresh(ctx); !errors.Is(err, client.ErrForbidden) {
		t.Errorf("Refresh = %v; want the 403", err)
	}
	if _, err := r.Resolve(ctx, roles.BillingAdmin); err != nil {
		t.Errorf("Resolve after a failed Refresh: %v; want the list read before", err)
	}
}

func TestResolverOfAListSendsNothing(t *testing.T) {
	t.Parallel()
	srv, c := newResolverFake(t)
	ctx := context.Background()
	list := []roles.Role{{ID: "r1", Name: "One"}, {ID: "r2", Name: "Two"}}
	r := roles.NewResolverOf(c, list)
	list[0].Name = "changed by the caller"
	got, err := r.Resolve(ctx, "Two", "One")
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "IDs", []string{"r2", "r1"}, got)
	if ops := srv.TakeRequests(); len(ops) != 0 {
		t.Errorf("requests %v; want none", ops)
	}
}

// TestResolverSharesOneLoadAmongConcurrentCallers runs first uses from
// many goroutines (under -race, this also checks the locking): one list
// request serves them all.
func TestResolverSharesOneLoadAmongConcurrentCallers(t *testing.T) {
	t.Parallel()
	srv, c := newResolverFake(t)
	ctx := context.Background()
	r := roles.NewResolver(c)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			ids, err := r.Resolve(ctx, roles.OrganizationAdministrator)
			if err == nil && (len(ids) != 1 || ids[0] != astraOrgAdminID) {
				err = errors.New("resolved to " + strings.Join(ids, ","))
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	testkit.WantEqual(t, "requests", []string{"GET getOrganizationRoles"}, srv.TakeRequests())
}

func TestResolverWaitingForALoadHonoursItsContext(t *testing.T) {
	t.Parallel()
	srv, _ := newResolverFake(t)
	// The first caller's list request is held in the transport; a second
	// caller whose context ends while it waits for that load returns at
	// once with its context's error.
	held := &holdingTransport{next: srv.Transport(), entered: make(chan struct{}), release: make(chan struct{})}
	c, err := client.New(
		client.WithBaseURL(srv.URL()),
		client.WithHTTPClient(&http.Client{Transport: held}),
		client.WithBearerToken(srv.Credentials().AstraToken),
	)
	if err != nil {
		t.Fatal(err)
	}
	r := roles.NewResolver(c)
	first := make(chan error, 1)
	go func() {
		_, err := r.Resolve(context.Background(), roles.BillingAdmin)
		first <- err
	}()
	<-held.entered
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := r.Resolve(ctx, roles.BillingAdmin); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Resolve while another caller loads = %v; want context.DeadlineExceeded", err)
	}
	close(held.release)
	if err := <-first; err != nil {
		t.Errorf("the first Resolve: %v", err)
	}
}

// holdingTransport holds its first request until release is closed,
// closing entered when it arrives.
type holdingTransport struct {
	next    http.RoundTripper
	once    sync.Once
	entered chan struct{}
	release chan struct{}
}

func (h *holdingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	h.once.Do(func() {
		close(h.entered)
		<-h.release
	})
	return h.next.RoundTrip(req)
}

// Fixed IDs of built-in roles in the fake (the astra-cli fixture's).
const (
	astraOrgAdminID = "ad0566b5-2a67-49de-89e8-92258c2f2c98"
	astraROSvcID    = "16a4b1d7-a615-41f8-95ca-52b0280f4d77"
)

func TestResolveIDs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		in      []string
		want    []string
		wantOps []string // requests sent
		wantErr string   // the error text, when it fails
	}{
		{
			name:    "IDs only pass through without a request",
			in:      []string{astraOrgAdminID, "00000000-0000-4000-8000-000000000000"},
			want:    []string{astraOrgAdminID, "00000000-0000-4000-8000-000000000000"},
			wantOps: nil,
		},
		{
			name:    "names resolve with one list",
			in:      []string{roles.OrganizationAdministrator, roles.ReadOnlyServiceAccount},
			want:    []string{astraOrgAdminID, astraROSvcID},
			wantOps: []string{"getOrganizationRoles"},
		},
		{
			name:    "names and IDs mixed keep their order",
			in:      []string{astraROSvcID, roles.OrganizationAdministrator},
			want:    []string{astraROSvcID, astraOrgAdminID},
			wantOps: []string{"getOrganizationRoles"},
		},
		{
			name:    "a role named twice, by name and by ID, counts once",
			in:      []string{roles.OrganizationAdministrator, astraOrgAdminID, roles.OrganizationAdministrator},
			want:    []string{astraOrgAdminID},
			wantOps: []string{"getOrganizationRoles"},
		},
		{
			name:    "an unknown name fails naming it, with a hint for a case slip",
			in:      []string{roles.OrganizationAdministrator, "ro user", "Nope"},
			wantOps: []string{"getOrganizationRoles"},
			wantErr: `tenantkit: roles.Astra.ResolveIDs: unknown roles "ro user" (did you mean "RO User"?), "Nope": not found`,
		},
		{
			name:    "an unknown UUID among names is checked too",
			in:      []string{"Billing Admin", "00000000-0000-4000-8000-000000000000"},
			wantOps: []string{"getOrganizationRoles"},
			wantErr: `tenantkit: roles.Astra.ResolveIDs: unknown role "00000000-0000-4000-8000-000000000000": not found`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newAstraEnv(t, sdktest.InProcess)
			got, err := env.roles.ResolveIDs(context.Background(), tc.in...)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr || !errors.Is(err, client.ErrNotFound) {
					t.Errorf("err = %v, want %q matching client.ErrNotFound", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "IDs", tc.want, got)
			testkit.WantEqual(t, "requests", tc.wantOps, env.Attempts.TakeOps())
		})
	}
}

func TestResolveIDsFindsCustomRolesByName(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.Loopback)
	ctx := context.Background()
	r, err := env.roles.Create(ctx, roles.Definition{
		Name:   "auditors",
		Policy: roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(env.Org)),
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := env.roles.ResolveIDs(ctx, "auditors", roles.BillingAdmin)
	if err != nil {
		t.Fatal(err)
	}
	billing, err := env.roles.ByName(ctx, roles.BillingAdmin)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "IDs", []string{r.ID, billing.ID}, got)
}
