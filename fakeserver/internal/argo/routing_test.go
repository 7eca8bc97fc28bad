package argo_test

import (
	"fmt"
	"net/http"
	"testing"

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
