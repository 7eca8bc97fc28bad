package astra

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// View is the API's state as tables: organizations, users, custom roles,
// application tokens (masked) and Langflow tenants, each in a stable
// order. It reads a snapshot, so it is one cut and holds no lock while it
// builds the tables.
func (a *API) View() half.View {
	snap, release := a.Snapshot()
	release()
	d, _ := snap.(*data)
	now := a.now()

	orgs := make([]*organization, 0, len(d.orgs))
	for _, o := range d.orgs {
		orgs = append(orgs, o)
	}
	slices.SortFunc(orgs, func(x, y *organization) int { return cmp.Compare(x.name+x.id, y.name+y.id) })

	orgTable := half.Table{Title: "Organizations", Columns: []string{"ID", "Name", "Users", "Roles", "Langflow tenants"}}
	users := half.Table{Title: "Users", Columns: []string{"Organization", "ID", "Email", "Status", "Roles"}}
	roles := half.Table{Title: "Custom roles", Columns: []string{"Organization", "ID", "Name", "Effect", "Actions", "Resources", "Updated"}}
	tenants := half.Table{Title: "Langflow tenants", Columns: []string{"Organization", "ID", "Status", "Provider", "Region", "Created", "Status since"}}
	for _, o := range orgs {
		orgTable.Rows = append(orgTable.Rows, []string{o.id, o.name, strconv.Itoa(len(o.users)), strconv.Itoa(len(o.roles)), strconv.Itoa(len(o.tenants))})
		for _, u := range o.userOrder {
			if u == nil {
				continue
			}
			users.Rows = append(users.Rows, []string{o.name, u.id, u.email, u.status, strings.Join(o.roleNamesOf(u.roles), ", ")})
			var acts []half.Action
			if u.status == userInvited {
				acts = append(acts, half.Action{Label: "Accept invitation", Event: "accept-invitation", Body: map[string]string{"orgId": o.id, "email": u.email}})
			}
			users.Actions = append(users.Actions, acts)
		}
		for _, r := range o.roleOrder {
			if r.builtin {
				continue
			}
			roles.Rows = append(roles.Rows, []string{o.name, r.id, r.name, r.policy.effect,
				strings.Join(r.policy.actions, " "), strings.Join(r.policy.resources, " "), r.updatedAt})
		}
		for _, t := range o.tenants {
			status, since := t.statusAt(now, a.cfg.provisioningDelay)
			tenants.Rows = append(tenants.Rows, []string{o.name, t.id, status, t.cloudProvider, t.region,
				t.createdAt.UTC().Format(time.RFC3339), since.UTC().Format(time.RFC3339)})
			tenants.Actions = append(tenants.Actions, tenantActions(t.id, status))
		}
	}

	tokens := half.Table{Title: "Application tokens", Columns: []string{"Token", "Organization", "Roles"}}
	for tok, t := range d.tokens {
		org := d.orgs[t.orgID]
		name, roleNames := t.orgID, ""
		if org != nil {
			name, roleNames = org.name, strings.Join(org.roleNamesOf(t.roles), ", ")
		}
		tokens.Rows = append(tokens.Rows, []string{half.Mask(tok), name, roleNames})
	}
	slices.SortFunc(tokens.Rows, func(x, y []string) int { return cmp.Compare(x[1]+x[2]+x[0], y[1]+y[2]+y[0]) })

	return half.View{API: "Astra DevOps API", Tables: []half.Table{orgTable, users, roles, tokens, tenants}}
}

// tenantActions are the events a Langflow tenant in status can take.
func tenantActions(id, status string) []half.Action {
	body := map[string]string{"tenantId": id}
	var acts []half.Action
	switch status {
	case "created", "provisioning", "reactivating":
		acts = append(acts, half.Action{Label: "Finish provisioning", Event: "finish-provisioning", Body: body})
	case "active":
		acts = append(acts, half.Action{Label: "Deactivate", Event: "deactivate-langflow-tenant", Body: body})
	}
	if status != "failed" && status != "terminated" {
		acts = append(acts, half.Action{Label: "Fail", Event: "set-langflow-tenant-status", Body: map[string]string{"tenantId": id, "status": "failed"}})
	}
	return acts
}
