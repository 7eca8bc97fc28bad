package argo_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSeedArgoTenantsKeepsGivenValuesAndFillsTheRest(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		existing := e.createTenant(t, `{"info":{"name":"existing"}}`)
		ids := seed(t, e.srv, `[
			{"id":"fixed","info":{"name":"a","created":"2015-10-20 02:08:04","updated":"2016-01-01 00:00:00"},
			 "users":[{"id":"u-fixed","api_key":"K","roles":["admin"]},{"name":"generated"}],
			 "status":{"engine_config":true,"total_status":true}},
			{"info":{"name":"b","created":"2015-10-20 02:08:04"}},
			{"info":{"name":"c"}}]`)
		if ids[0] != "fixed" || !uuidRE.MatchString(ids[1]) || !uuidRE.MatchString(ids[2]) {
			t.Fatalf("ids = %q", ids)
		}
		a := e.getTenant(t, "fixed")
		if a.Info.Created != "2015-10-20 02:08:04" || a.Info.Updated != "2016-01-01 00:00:00" {
			t.Errorf("given timestamps changed: %+v", a.Info)
		}
		if a.Users[0].ID != "u-fixed" || a.Users[0].APIKey != "K" || !uuidRE.MatchString(a.Users[1].ID) || !hexKeyRE.MatchString(a.Users[1].APIKey) {
			t.Errorf("users = %+v", a.Users)
		}
		if b := e.getTenant(t, ids[1]); b.Info.Updated != "2015-10-20 02:08:04" {
			t.Errorf("missing updated = %q, want created", b.Info.Updated)
		}
		if c := e.getTenant(t, ids[2]); c.Info.Created != stamp(e.clock) || c.Info.Updated != stamp(e.clock) {
			t.Errorf("missing timestamps = %+v, want the clock's", c.Info)
		}
		r := e.do(t, request{path: "/tenants/fixed/status", key: adminKey})
		if !strings.Contains(r.body, `"total_status": false`) || !strings.Contains(r.body, `"engine_config": true`) {
			t.Errorf("seeded status:\n%s", r.body)
		}
		// Seeded tenants come after existing ones, and the API sees them.
		list := e.do(t, request{path: "/tenants", key: adminKey}).body
		if i, j := strings.Index(list, existing), strings.Index(list, `"fixed"`); i < 0 || j < i {
			t.Errorf("order: existing at %d, seeded at %d", i, j)
		}
		e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: `{"users":[{"api_key":"K"}]}`}).want(t, http.StatusConflict, jsonType)
	})
}

func TestSeedArgoTenantsRejectsConflictsAndStoresNothing(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, data, want string }{
		{"not JSON", `[`, "want a JSON array"},
		{"not an array", `{"info":{}}`, "want a JSON array"},
		{"null", `null`, "got null"},
		{"wrong type", `[{"info":{"name":1}}]`, "want a JSON array"},
		{"name of a stored tenant", `[{"info":{"name":"stored"}}]`, "name is already used"},
		{"name repeated", `[{"info":{"name":"x"}},{"info":{"name":"x"}}]`, "tenant 1"},
		{"ID of a stored tenant", `[{"id":"T1","info":{"name":"x"}}]`, `tenant ID "T1" is already used`},
		{"ID repeated", `[{"id":"t","info":{"name":"x"}},{"id":"t","info":{"name":"y"}}]`, `tenant ID "t"`},
		{"user ID of a stored user", `[{"info":{"name":"x"},"users":[{"id":"U1"}]}]`, `user ID "U1" is already used`},
		{"user ID repeated", `[{"info":{"name":"x"},"users":[{"id":"u"}]},{"info":{"name":"y"},"users":[{"id":"u"}]}]`, `user ID "u"`},
		{"key of a stored user", `[{"info":{"name":"x"},"users":[{"api_key":"SECRET-STORED"}]}]`, "api key is already used"},
		{"key repeated", `[{"info":{"name":"x"},"users":[{"api_key":"SECRET-REPEATED"},{"api_key":"SECRET-REPEATED"}]}]`, "user 1"},
	}
	eachTarget(t, func(t *testing.T, e env) {
		seed(t, e.srv, `[{"id":"T1","info":{"name":"stored"},"users":[{"id":"U1","api_key":"SECRET-STORED"}]}]`)
		before := e.snapshot(t, "T1")
		for _, c := range cases {
			ids, err := e.srv.SeedArgoTenants([]byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: ids %q, err %v; want an error containing %q", c.name, ids, err, c.want)
				continue
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("%s: the error shows an api key: %v", c.name, err)
			}
		}
		diffText(t, "store after failed seeds", before, e.snapshot(t, "T1"))
	})
}
