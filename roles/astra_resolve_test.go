package roles_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

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
