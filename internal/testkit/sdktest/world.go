package sdktest

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// World is one of everything the SDK's calls address, made through the
// SDK on a fake: a custom role, an invited user who holds a built-in role
// (so the custom one can be deleted), a deactivated Langflow tenant (so it
// can be reactivated), an ARGO tenant and one of its users.
type World struct {
	// Policy is the custom role's: org-read on the organization.
	Policy                                           roles.Policy
	RoleID, UserID, LangflowID, TenantID, ArgoUserID string
}

// MakeWorld creates a World on srv with astra (a client sending the
// fixture's token and organization) and argo (one sending its super_admin
// key), naming what it creates after prefix ("<prefix>-role",
// "<prefix>@example.com", …), and empties the fake's journal.
func MakeWorld(t *testing.T, srv *fakeserver.Server, astra, argo *client.Client, prefix string) World {
	t.Helper()
	ctx := context.Background()
	w := World{Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(srv.Credentials().OrgID))}
	must := func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	role, err := roles.NewAstra(astra).Create(ctx, roles.Definition{Name: prefix + "-role", Policy: w.Policy})
	w.RoleID = must(role.ID, err)
	user, err := users.NewAstra(astra).Invite(ctx, prefix+"@example.com", roles.ReadOnlyUser)
	w.UserID = must(user.UserID, err)
	lt, err := tenants.NewLangflow(astra).Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "eu-west-1"})
	w.LangflowID = must(lt.ID, err)
	must("", srv.DeactivateLangflowTenant(w.LangflowID))
	at, err := tenants.NewArgo(argo).Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: prefix + "-tenant"}})
	w.TenantID = must(at.ID, err)
	au, err := users.NewArgo(argo).Create(ctx, w.TenantID, users.ArgoUser{Name: prefix + "-user"})
	w.ArgoUserID = must(au.ID, err)
	srv.Journal().Reset()
	return w
}
