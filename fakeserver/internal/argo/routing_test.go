package argo_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestArgoUnroutedRequestsGetPlainTextNotFound(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, method, path string
	}{
		{"wrong method on list", "PATCH", "/tenants"},
		{"delete the collection", "DELETE", "/tenants"},
		{"post to a tenant", "POST", "/tenants/t1"},
		{"head is not get", "HEAD", "/tenants"},
		{"lowercase method", "get", "/tenants"},
		{"trailing slash", "GET", "/tenants/"},
		{"trailing slash on a tenant", "GET", "/tenants/t1/"},
		{"singular", "GET", "/tenant"},
		{"the prefix itself", "GET", "/api/v2/admin"},
		{"the prefix with a slash", "GET", "/api/v2/admin/"},
		{"unknown sub-resource", "GET", "/tenants/t1/feeds"},
		{"get on renew", "GET", "/tenants/t1/users/u1/renew_api_key"},
		{"too deep", "GET", "/tenants/t1/users/u1/renew_api_key/x"},
		{"options on status", "OPTIONS", "/tenants/t1/status"},
		{"options on users by ID", "OPTIONS", "/users:byID/u1"},
		{"put on users by ID", "PUT", "/users:byID/u1"},
		{"users by ID without ID", "GET", "/users:byID"},
		{"users by ID too deep", "GET", "/users:byID/u1/x"},
		{"users by ID case", "GET", "/users:byid/u1"},
		{"patch a user", "PATCH", "/tenants/t1/users/u1"},
	}
	eachTarget(t, func(t *testing.T, e env) {
		for _, c := range cases {
			for _, key := range []string{"", adminKey} {
				r := e.do(t, request{method: c.method, path: c.path, key: key})
				if c.method == "HEAD" { // no body, the GET's headers
					if r.status != http.StatusNotFound || r.header.Get("Content-Length") != "19" {
						t.Errorf("HEAD: status %d, Content-Length %q; want 404, 19", r.status, r.header.Get("Content-Length"))
					}
					continue
				}
				r.want(t, http.StatusNotFound, "text/plain; charset=utf-8")
				diffText(t, c.name+" body", "404 page not found\n", r.body)
				if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("%s: X-Content-Type-Options = %q, want nosniff", c.name, got)
				}
			}
		}
	})
}

func TestArgoOptionsAnswersWithoutKeyOrAccept(t *testing.T) {
	t.Parallel()
	paths := []string{
		"/tenants",
		"/tenants/unknown",
		"/tenants/unknown/users",
		"/tenants/unknown/users/u1",
		"/tenants/unknown/users/u1/renew_api_key",
	}
	eachTarget(t, func(t *testing.T, e env) {
		for _, p := range paths {
			for _, key := range []string{"", "wrong-key"} {
				r := e.do(t, request{method: "OPTIONS", path: p, key: key, accept: "text/html"})
				r.want(t, http.StatusOK, "text/plain; charset=utf-8")
				if r.body != "" {
					t.Errorf("OPTIONS %s: body %q, want empty", p, r.body)
				}
				if got := r.header.Get("Allow"); got != "GET,POST,PUT,DELETE,OPTIONS" {
					t.Errorf("OPTIONS %s: Allow = %q", p, got)
				}
				if got := r.header.Get("Content-Length"); got != "0" {
					t.Errorf("OPTIONS %s: Content-Length = %q, want 0", p, got)
				}
			}
		}
	})
}

func TestArgoUncleanPathsRedirectToCleanPath(t *testing.T) {
	t.Parallel()
	cases := []struct{ path, location string }{
		{"/api/v2/admin/tenants/../tenants", "/api/v2/admin/tenants"},
		{"/api/v2/admin//tenants?x=1", "/api/v2/admin/tenants?x=1"},
		{"/api/v2/admin/./tenants/", "/api/v2/admin/tenants/"},
		{"/api/v2/admin/tenants/t1/users/..", "/api/v2/admin/tenants/t1"},
	}
	eachTarget(t, func(t *testing.T, e env) {
		for _, c := range cases {
			r := e.do(t, request{method: "POST", path: c.path})
			r.want(t, http.StatusMovedPermanently, "")
			if got := r.header.Get("Location"); got != c.location {
				t.Errorf("%s: Location = %q, want %q", c.path, got, c.location)
			}
		}
	})
}

// The real server's standard-library ServeMux answers an unclean escaped
// path before its gorilla/mux router sees it, with http.Redirect as Go 1.25
// (the upstream build) writes it; gorilla/mux answers what is unclean only
// once decoded. Each answer pinned here is what a Go 1.25 ServeMux and
// gorilla/mux send, byte for byte.
func TestArgoUncleanPathsRedirectAsTheUpstreamBuild(t *testing.T) {
	t.Parallel()
	type answer struct {
		Status        int
		Location      string
		ContentType   string
		ContentLength []string
		Body          string
	}
	cases := []struct {
		method, path string
		want         answer
	}{
		{"GET", "/api/v2/admin//tenants?x=1&y=<b>", answer{301, "/api/v2/admin/tenants?x=1&y=<b>", "text/html; charset=utf-8", []string{"76"},
			`<a href="/api/v2/admin/tenants?x=1&amp;y=&lt;b&gt;">Moved Permanently</a>.` + "\n\n"}},
		{"HEAD", "/api/v2/admin//tenants", answer{301, "/api/v2/admin/tenants", "text/html; charset=utf-8", nil, ""}},
		{"POST", "/api/v2/admin//tenants", answer{301, "/api/v2/admin/tenants", "", []string{"0"}, ""}},
		{"DELETE", "/api/v2/admin/./tenants", answer{301, "/api/v2/admin/tenants", "", []string{"0"}, ""}},
		// ServeMux escapes the escaped path once more.
		{"GET", "/api/v2/admin//a%20b", answer{301, "/api/v2/admin/a%2520b", "text/html; charset=utf-8", []string{"56"},
			`<a href="/api/v2/admin/a%2520b">Moved Permanently</a>.` + "\n\n"}},
		// Clean to ServeMux, unclean decoded: gorilla/mux's answer.
		{"GET", "/api/v2/admin/tenants/%2E%2E/x", answer{301, "/api/v2/admin/x", "", []string{"0"}, ""}},
	}
	eachTarget(t, func(t *testing.T, e env) {
		for _, c := range cases {
			r, err := e.Send(c.method, c.path, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := answer{r.Status, r.Header.Get("Location"), r.Header.Get("Content-Type"), r.Header["Content-Length"], string(r.Body)}
			if diff := testkit.Diff(c.want, got); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", c.method, c.path, diff)
			}
		}
	})
}

func TestArgoPathIDsAreMatchedDecoded(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"decoded"}}`)
		// An escaped ID names the same tenant; an escaped slash splits the
		// path, as gorilla/mux matches the decoded path.
		escaped := fmt.Sprintf("/tenants/%%%02X%s", id[0], id[1:])
		e.do(t, request{path: escaped, key: adminKey}).want(t, http.StatusOK, jsonType)
		e.do(t, request{path: "/tenants/" + id + "%2Fstatus", key: adminKey}).want(t, http.StatusOK, jsonType)
		e.do(t, request{path: "/users%3AbyID/nobody", key: adminKey}).want(t, http.StatusNotFound, jsonType)
	})
}

func TestArgoChecksKeyThenRoleThenAcceptThenHandler(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		tid := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"u","api_key":"tenant-user-key"}]}`)
		cases := []struct {
			name   string
			req    request
			status int
			golden string
		}{
			{"no key, bad Accept", request{path: "/tenants/nope", accept: noAccept}, 401, "401.json"},
			{"unknown key, bad Accept", request{path: "/tenants/nope", key: "nope", accept: "*/*"}, 401, "401.json"},
			{"tenant user's key is no admin key", request{path: "/tenants", key: "tenant-user-key"}, 401, "401.json"},
			{"role not allowed, bad Accept", request{method: "POST", path: "/tenants", key: restrictedKey, accept: noAccept, body: "{"}, 403, "403.json"},
			{"UI admin on a single tenant", request{path: "/tenants/nope", key: uiKey, accept: "text/html"}, 403, "403.json"},
			{"no Accept", request{path: "/tenants/nope", key: adminKey, accept: noAccept}, 406, "406.json"},
			{"Accept */*", request{path: "/tenants/nope", key: adminKey, accept: "*/*"}, 406, "406.json"},
			{"Accept with charset", request{path: "/tenants/nope", key: adminKey, accept: "application/json; charset=utf-8"}, 406, "406.json"},
			{"Accept in capitals", request{path: "/tenants/nope", key: adminKey, accept: "Application/JSON"}, 406, "406.json"},
			{"Accept list", request{path: "/tenants/nope", key: adminKey, accept: "application/json, text/plain"}, 406, "406.json"},
			{"Accept XML with a bad body", request{method: "PUT", path: "/tenants/" + tid, key: adminKey, accept: "text/xml", body: "{"}, 406, "406.json"},
			{"then the handler", request{path: "/tenants/nope", key: adminKey}, 404, "404-tenant.json"},
		}
		for _, c := range cases {
			r := e.do(t, c.req)
			r.want(t, c.status, jsonType)
			diffText(t, c.name, readTestdata(t, "golden/"+c.golden), r.body)
		}
	})
}

func TestArgoAuthErrorsFollowAccept(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		cases := []struct {
			name, accept, contentType, golden string
			status                            int
			req                               request
		}{
			{"401 as XML", "application/xml", xmlType, "401.xml", 401, request{path: "/tenants"}},
			{"403 as XML", "application/xml", xmlType, "403.xml", 403, request{method: "DELETE", path: "/tenants/x", key: uiKey}},
			{"401 as JSON for any other Accept", "text/xml", jsonType, "401.json", 401, request{path: "/tenants"}},
			{"403 as JSON for any other Accept", "application/XML", jsonType, "403.json", 403, request{method: "DELETE", path: "/tenants/x", key: uiKey}},
		}
		for _, c := range cases {
			c.req.accept = c.accept
			r := e.do(t, c.req)
			r.want(t, c.status, c.contentType)
			diffText(t, c.name, readTestdata(t, "golden/"+c.golden), r.body)
		}
	})
}

func TestArgoAuthErrorsDoNotEchoRequestHeaders(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		headers := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Trace": "abc", "User-Agent": "probe/1"}
		for _, r := range []response{
			e.do(t, request{path: "/tenants", key: "secret-key-that-must-not-come-back", header: headers}),
			e.do(t, request{method: "POST", path: "/tenants", key: restrictedKey, header: headers}),
			e.do(t, request{path: "/tenants", key: adminKey, accept: noAccept, header: headers}),
		} {
			for _, h := range []string{"X-Api-Key", "X-Trace", "User-Agent", "Accept"} {
				if v := r.header.Values(h); len(v) > 0 {
					t.Errorf("status %d echoes request header %s: %q", r.status, h, v)
				}
			}
			if got := r.header.Get("Content-Type"); got != jsonType {
				t.Errorf("status %d: Content-Type = %q, want %q", r.status, got, jsonType)
			}
			if strings.Contains(r.body, "secret-key") {
				t.Errorf("status %d: body names the key: %s", r.status, r.body)
			}
		}
	})
}

// routeSamples is one request per authenticated route.
var routeSamples = []struct {
	route        string
	method, path string
}{
	{"tenants.list", "GET", "/tenants"},
	{"tenants.create", "POST", "/tenants"},
	{"tenants.get", "GET", "/tenants/nope"},
	{"tenants.update", "PUT", "/tenants/nope"},
	{"tenants.delete", "DELETE", "/tenants/nope"},
	{"tenants.get_status", "GET", "/tenants/nope/status"},
	{"tenants.update_status", "PUT", "/tenants/nope/status"},
	{"tenants.list_users", "GET", "/tenants/nope/users"},
	{"tenants.create_user", "POST", "/tenants/nope/users"},
	{"tenants.get_user", "GET", "/tenants/nope/users/u"},
	{"tenants.update_user", "PUT", "/tenants/nope/users/u"},
	{"tenants.delete_user", "DELETE", "/tenants/nope/users/u"},
	{"tenants.user_refresh_token", "POST", "/tenants/nope/users/u/renew_api_key"},
	{"tenants.user_by_id", "GET", "/users:byID/u"},
}

// allowedRoutes probes every route with every flavour and returns, per
// flavour, the routes that did not answer 403.
func allowedRoutes(t *testing.T, e env) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	for _, f := range []struct{ role, key string }{
		{"super_admin", adminKey}, {"super_admin_restricted", restrictedKey}, {"super_admin_ui", uiKey},
	} {
		got[f.role] = []string{}
		for _, s := range routeSamples {
			// An unknown tenant and a bad body make allowed writes fail
			// harmlessly (400 or 404) after the 403 check.
			r := e.do(t, request{method: s.method, path: s.path, key: f.key, body: "{"})
			if r.status != http.StatusForbidden {
				got[f.role] = append(got[f.role], s.route)
			}
		}
	}
	return got
}

// tableByRole inverts a route → roles table.
func tableByRole(table map[string][]string) map[string][]string {
	out := map[string][]string{"super_admin": {}, "super_admin_restricted": {}, "super_admin_ui": {}}
	for _, s := range routeSamples {
		for _, role := range table[s.route] {
			out[role] = append(out[role], s.route)
		}
	}
	return out
}

// The default table is the real server's populate script (as openapi.yaml
// records it); the unit-test table is the one its own tests seed. Each
// opens these routes to each flavour, in the table and on the wire.
func TestArgoRouteRolePresets(t *testing.T) {
	t.Parallel()
	superAdmin := []string{"tenants.list", "tenants.create", "tenants.get", "tenants.update", "tenants.delete",
		"tenants.get_status", "tenants.update_status", "tenants.list_users", "tenants.create_user",
		"tenants.get_user", "tenants.update_user", "tenants.delete_user", "tenants.user_refresh_token",
		"tenants.user_by_id"}
	for _, tc := range []struct {
		name  string
		table map[string][]string
		want  map[string][]string
	}{
		{"default (populate script)", fakeserver.ArgoDefaultRouteRoles(), map[string][]string{
			"super_admin":            superAdmin,
			"super_admin_restricted": {"tenants.list", "tenants.get_status", "tenants.user_by_id"},
			"super_admin_ui":         {"tenants.list", "tenants.get_status", "tenants.user_by_id"},
		}},
		{"upstream unit tests", fakeserver.ArgoUnitTestRouteRoles(), map[string][]string{
			"super_admin":            superAdmin,
			"super_admin_restricted": {"tenants.list", "tenants.user_by_id"},
			"super_admin_ui":         {"tenants.list", "tenants.get"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := testkit.Diff(tc.want, tableByRole(tc.table)); diff != "" {
				t.Errorf("table (-want +got):\n%s", diff)
			}
			eachTarget(t, func(t *testing.T, e env) {
				if diff := testkit.Diff(tc.want, allowedRoutes(t, e)); diff != "" {
					t.Errorf("routes open per flavour (-want +got):\n%s", diff)
				}
			}, fakeserver.WithArgoRouteRoles(tc.table))
		})
	}
}

func TestWithArgoRouteRolesTweaksOneRouteAndCopiesTheTable(t *testing.T) {
	t.Parallel()
	table := fakeserver.ArgoDefaultRouteRoles()
	table["tenants.create"] = append(table["tenants.create"], "super_admin_restricted", "some_other_role")
	delete(table, "tenants.delete")
	opt := fakeserver.WithArgoRouteRoles(table)
	table["tenants.get"] = []string{"super_admin_ui"} // after the option: no effect
	eachTarget(t, func(t *testing.T, e env) {
		got := allowedRoutes(t, e)
		if !slices.Contains(got["super_admin_restricted"], "tenants.create") {
			t.Errorf("restricted admin cannot create: %v", got["super_admin_restricted"])
		}
		if slices.Contains(got["super_admin"], "tenants.delete") {
			t.Errorf("a route missing from the table is open: %v", got["super_admin"])
		}
		if slices.Contains(got["super_admin_ui"], "tenants.get") {
			t.Errorf("a change to the map after WithArgoRouteRoles took effect")
		}
	}, opt)
}

func TestWithArgoRouteRolesRejectsUnknownRouteNames(t *testing.T) {
	t.Parallel()
	_, err := fakeserver.New(fakeserver.WithArgoRouteRoles(map[string][]string{"tenants.lsit": {"super_admin"}}))
	if err == nil || !strings.Contains(err.Error(), `"tenants.lsit"`) || !strings.Contains(err.Error(), "tenants.list") {
		t.Fatalf("New = %v, want an error naming the bad route and the valid ones", err)
	}
}

func TestWithArgoBodyLimitRejectsNonPositive(t *testing.T) {
	t.Parallel()
	for _, n := range []int64{0, -1} {
		if _, err := fakeserver.New(fakeserver.WithArgoBodyLimit(n)); err == nil {
			t.Errorf("WithArgoBodyLimit(%d): New succeeded", n)
		}
	}
}

func TestArgoBodyBeyondTheLimitIsCutOff(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		body := `{"info":{"name":"cut"}}`
		e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: body}).want(t, http.StatusBadRequest, jsonType)
		// Within the limit, trailing spaces beyond it do not matter.
		e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: `{}` + strings.Repeat(" ", 64)}).
			want(t, http.StatusCreated, jsonType)
	}, fakeserver.WithArgoBodyLimit(16))
}

func TestAddArgoAdminKeyGrantsTheFlavour(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		seed(t, e.srv, dataOf(t, readTestdata(t, "doc/list_tenants_super_admin.json")))
		for _, c := range []struct {
			flavour fakeserver.ArgoAdminFlavour
			key     string
			doc     string
		}{
			{fakeserver.ArgoSuperAdmin, "my-admin", "doc/list_tenants_super_admin.json"},
			{fakeserver.ArgoSuperAdminRestricted, "my-restricted", "doc/list_tenants_restricted.json"},
			{fakeserver.ArgoSuperAdminUI, "my-ui", "doc/list_tenants_ui.json"},
		} {
			e.do(t, request{path: "/tenants", key: c.key}).want(t, http.StatusUnauthorized, jsonType)
			if err := e.srv.AddArgoAdminKey(c.key, c.flavour); err != nil {
				t.Fatal(err)
			}
			if err := e.srv.AddArgoAdminKey(c.key, c.flavour); err != nil {
				t.Errorf("adding the same key and flavour again: %v", err)
			}
			r := e.do(t, request{path: "/tenants", key: c.key})
			r.want(t, http.StatusOK, jsonType)
			diffText(t, string(c.flavour)+" list", serverForm(t, readTestdata(t, c.doc)), r.body)
			if err := e.srv.RemoveArgoAdminKey(c.key); err != nil {
				t.Fatal(err)
			}
			e.do(t, request{path: "/tenants", key: c.key}).want(t, http.StatusUnauthorized, jsonType)
		}
	})
}

func TestAddArgoAdminKeyRejectsBadInput(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	cases := []struct {
		name    string
		key     string
		flavour fakeserver.ArgoAdminFlavour
		want    string
	}{
		{"empty key", "", fakeserver.ArgoSuperAdmin, "empty key"},
		{"unknown flavour", "k1", "admin", `unknown flavour "admin"`},
		{"key of another flavour", fakeserver.DefaultArgoUIAdminKey, fakeserver.ArgoSuperAdmin, "already a super_admin_ui key"},
	}
	for _, c := range cases {
		err := srv.AddArgoAdminKey(c.key, c.flavour)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
			continue
		}
		if c.key != "" && strings.Contains(err.Error(), c.key) {
			t.Errorf("%s: the error shows the key: %v", c.name, err)
		}
	}
	if err := srv.RemoveArgoAdminKey("never-added"); err == nil {
		t.Error("RemoveArgoAdminKey of an unknown key succeeded")
	}
	// Nothing changed: the UI key is still a UI key.
	tg := target{faketest.Targets(t, srv)[1]}
	tg.do(t, request{method: "POST", path: "/tenants", key: fakeserver.DefaultArgoUIAdminKey, body: "{}"}).
		want(t, http.StatusForbidden, jsonType)
}

func TestArgoDefaultFixtureKeysWork(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		c := e.srv.Credentials()
		for _, key := range []string{c.ArgoAdminKey, c.ArgoRestrictedAdminKey, c.ArgoUIAdminKey} {
			e.do(t, request{path: "/tenants", key: key}).want(t, http.StatusOK, jsonType)
		}
	})
}
