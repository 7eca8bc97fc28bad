package argo

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// View is the API's state as tables: admin keys (masked) with their
// flavour, tenants with their engine status, and tenant users with their
// API keys masked; tenants and users in the order GET /tenants lists
// them. Database passwords are never shown. It reads a snapshot, so it is
// one cut and holds no lock while it builds the tables.
func (a *API) View() half.View {
	snap, release := a.Snapshot()
	release()
	st, _ := snap.(*state)

	keys := half.Table{Title: "Admin keys", Columns: []string{"Key", "Flavour"}}
	for k, f := range st.admins {
		keys.Rows = append(keys.Rows, []string{half.Mask(k), string(f)})
	}
	slices.SortFunc(keys.Rows, func(x, y []string) int { return cmp.Compare(x[1]+x[0], y[1]+y[0]) })

	tenants := half.Table{Title: "Tenants", Columns: []string{"ID", "Name", "Email", "Users", "Data stores", "Engine status", "Last check"}}
	users := half.Table{Title: "Tenant users", Columns: []string{"Tenant", "ID", "Name", "Email", "Roles", "API key"}}
	for t := st.data.first; t != nil; t = t.next {
		stores := make([]string, len(t.dbConf))
		for i, c := range t.dbConf {
			stores[i] = c.Store
		}
		tenants.Rows = append(tenants.Rows, []string{t.id, t.info.Name, t.info.Email, strconv.Itoa(len(t.users)),
			strings.Join(stores, ", "), engineSummary(t.status), t.status.LastCheck})
		for _, u := range t.users {
			users.Rows = append(users.Rows, []string{t.info.Name, u.id, u.name, u.email, strings.Join(u.roles, ", "), half.Mask(u.apiKey)})
		}
	}
	return half.View{API: "ARGO Web API", Tables: []half.Table{keys, tenants, users}}
}

// engineSummary is an engine status in a few words: "ok" when every part
// is, else the parts that are not.
func engineSummary(s Status) string {
	if s.TotalStatus {
		return "ok"
	}
	var off []string
	for _, p := range []struct {
		name string
		ok   bool
	}{
		{"ams metric", s.AMS.MetricData.Ingestion && s.AMS.MetricData.Publishing},
		{"ams sync", s.AMS.SyncData.Ingestion && s.AMS.SyncData.Publishing},
		{"hdfs metric", s.HDFS.MetricData},
		{"engine config", s.EngineConfig},
	} {
		if !p.ok {
			off = append(off, p.name)
		}
	}
	if len(off) == 0 {
		return "not ok"
	}
	return "not ok: " + strings.Join(off, ", ")
}
