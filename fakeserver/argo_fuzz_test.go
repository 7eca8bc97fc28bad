package fakeserver_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// FuzzArgoRequests sends arbitrary methods, paths and bodies to a fake with
// some state: it must answer every one with one of the real server's
// statuses, never a 5xx, never a panic.
func FuzzArgoRequests(f *testing.F) {
	srv := newFake(f)
	tg := argoTargets(f, srv)[1]
	ids, err := srv.SeedArgoTenants([]byte(`[{"id":"T","info":{"name":"t"},"users":[{"id":"U","api_key":"K"}]}]`))
	if err != nil || len(ids) != 1 {
		f.Fatal(err)
	}
	docs, _ := filepath.Glob(filepath.Join("testdata", "argo", "doc", "*"))
	for _, d := range docs {
		b, err := os.ReadFile(d)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range []string{"/tenants", "/tenants/T", "/tenants/T/status", "/tenants/T/users", "/tenants/T/users/U"} {
			f.Add(uint8(1), p, string(b))
			f.Add(uint8(2), p, string(b))
		}
	}
	f.Add(uint8(0), "/users:byID/U?export=flat", "")
	f.Add(uint8(4), "/tenants/T/users/U/renew_api_key", "")
	f.Add(uint8(3), "/tenants/T/../x//y/", "null")
	allowed := map[int]bool{200: true, 201: true, 301: true, 400: true, 401: true, 403: true, 404: true, 406: true, 409: true}
	methods := []string{"GET", "POST", "PUT", "DELETE", "POST", "OPTIONS", "PATCH", "HEAD"}
	f.Fuzz(func(t *testing.T, m uint8, path, body string) {
		if strings.ContainsAny(path, " \t\r\n#") || strings.Contains(path, "%") {
			t.Skip() // not a request target a client can send as is
		}
		method := methods[int(m)%len(methods)]
		if method == "DELETE" && path == "/tenants/T" {
			t.Skip() // keep the state the other inputs use
		}
		req, err := http.NewRequest(method, tg.base+"/api/v2/admin"+path, strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		req.Header.Set("x-api-key", fakeserver.DefaultArgoAdminKey)
		req.Header.Set("Accept", "application/json")
		resp, err := tg.client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		resp.Body.Close()
		if !allowed[resp.StatusCode] {
			t.Fatalf("%s %s %q: status %d", method, path, body, resp.StatusCode)
		}
	})
}
