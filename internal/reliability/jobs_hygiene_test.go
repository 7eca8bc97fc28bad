package reliability_test

import (
	"context"
	"net/http"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// exerciseJobs runs the jobs built from the services (access sync, bulk
// invite, the role resolver, key rotation, the recovery lookups), on
// success and on failure, so that their exchanges are checked against the
// spec and their logs, errors and values for secrets: a rotation returns
// new API keys.
func (h *hygiene) exerciseJobs(ctx context.Context) {
	h.t.Helper()
	s := h.users
	policy := roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(h.org))
	want := users.Access{
		Roles: []roles.Definition{{Name: "jobs", Policy: policy}},
		Members: []users.Member{
			{Email: "jobs1@example.com", Roles: []string{"jobs"}},
			{Email: "jobs2@example.com", Roles: []string{roles.ReadOnlyUser}},
		},
	}
	dry, err := s.SyncAccess(ctx, want, users.DryRun(), users.RemoveUnlisted())
	h.must("users.SyncAccess (dry run)", dry, err)
	plan, err := s.PlanAccess(ctx, want)
	h.must("users.PlanAccess", plan, err)
	applied, err := s.ApplyAccess(ctx, plan)
	h.must("users.ApplyAccess", applied, err)
	policy.Actions = append(policy.Actions, roles.ActionOrgRead)
	want.Roles[0].Policy = policy
	want.Members = append(want.Members, users.Member{Email: "jobs3@example.com", Roles: []string{"jobs", roles.ReadOnlyUser}})
	h.fault(fakeserver.Fault{Operation: tenantkit.OpInviteUserToOrganization, Status: http.StatusForbidden, Times: 1})
	partial, err := s.SyncAccess(ctx, want)
	h.expect("users.SyncAccess (a step fails)", partial, err)
	finished, err := s.SyncAccess(ctx, want)
	h.must("users.SyncAccess (finishing)", finished, err)
	invalid, err := s.SyncAccess(ctx, users.Access{Members: []users.Member{{Email: "x", Roles: []string{"nobody"}}}})
	h.expect("users.SyncAccess (invalid)", invalid, err)

	resolver := roles.NewResolver(h.astra)
	ids, err := resolver.Resolve(ctx, "jobs", roles.ReadOnlyUser)
	h.must("roles.Resolver.Resolve", ids, err)
	unknown, err := resolver.Resolve(ctx, "JOBS")
	h.expect("roles.Resolver.Resolve (unknown)", unknown, err)
	invited, err := s.InviteMany(ctx, []users.Member{{Email: "jobs4@example.com", Roles: []string{roles.ReadOnlyUser}}}, users.WithRoleResolver(resolver))
	h.must("users.InviteMany", invited, err)

	a, u := h.argoTenants, h.argoUsers
	tenant := tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "jobs"}, Users: []users.ArgoUser{{Name: "ada", Roles: []string{"admin"}}, {Name: "bob"}}}
	created, err := a.Create(ctx, tenant)
	h.must("argo.Create (jobs)", created, err)
	st, err := a.UpdateStatus(ctx, created.ID, tenants.ArgoHealthyStatus(time.Unix(1700000000, 0)))
	h.must("argo.UpdateStatus (jobs)", st, err)
	rotation, err := a.RotateKeys(ctx, created.ID, tenants.RestoreStatus())
	h.learnRotated(rotation)
	h.must("argo.RotateKeys", rotation, err)
	h.fault(fakeserver.Fault{Operation: tenantkit.OpArgoRenewTenantUserAPIKey, Status: http.StatusForbidden, After: 1, Times: 1})
	rotation, err = a.RotateKeys(ctx, created.ID)
	h.learnRotated(rotation)
	h.expect("argo.RotateKeys (a renewal fails)", rotation, err)

	h.fault(fakeserver.Fault{Operation: tenantkit.OpArgoCreateTenantUser, Drop: fakeserver.DropAfterServing, Times: 1})
	lost := users.ArgoUser{Name: "cy", Email: "cy@example.com", Roles: []string{"viewer"}}
	_, err = u.Create(ctx, created.ID, lost)
	h.expect("argoUsers.Create (outcome unknown)", nil, err)
	found, err := u.Matching(ctx, created.ID, lost)
	for _, x := range found {
		h.learn("a recovered user's key", x.APIKey)
	}
	h.must("argoUsers.Matching", found, err)
	byName, err := a.ByName(ctx, "jobs")
	for _, x := range byName.Users {
		h.learn("a tenant user's key", x.APIKey)
	}
	h.must("argo.ByName", byName, err)
	since, err := h.langflow.CreatedSince(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"}, time.Time{})
	h.must("langflow.CreatedSince", since, err)
}

// learnRotated records the keys a rotation returned as secrets.
func (h *hygiene) learnRotated(r tenants.ArgoKeyRotation) {
	for _, x := range r.Rotated {
		h.learn("a rotated key", x.APIKey)
	}
}
