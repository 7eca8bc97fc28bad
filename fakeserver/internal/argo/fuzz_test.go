package argo_test

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

// FuzzArgoRequests sends arbitrary methods, paths, queries, bodies, admin
// keys and Accept headers to the ARGO half of a fake with some state (the
// seeds hold every ARGO operation, with the IDs of an existing tenant and
// user, and every documented body). It must answer each one with one of the
// real server's statuses, never a 5xx or a panic, with an answer openapi.yaml
// allows, and change nothing unless a write succeeded.
func FuzzArgoRequests(f *testing.F) {
	docs, _ := filepath.Glob(filepath.Join("testdata", "doc", "*"))
	paths := []string{"/tenants", "/tenants/T", "/tenants/T/status", "/tenants/T/users", "/tenants/T/users/U", "/tenants/T/users/U/renew_api_key"}
	for _, d := range docs {
		b, err := os.ReadFile(d)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			f.Add(uint8(1), uint8(0), uint8(0), p, string(b)) // POST
			f.Add(uint8(2), uint8(0), uint8(0), p, string(b)) // PUT
		}
	}
	for _, p := range paths {
		for m := range uint8(len(fuzzMethods())) {
			f.Add(m, uint8(0), uint8(0), p, "")
		}
		for k := range uint8(len(fuzzKeys())) {
			f.Add(uint8(0), k, uint8(0), p, "")
		}
		for a := range uint8(len(fuzzAccepts())) {
			f.Add(uint8(0), uint8(0), a, p, "")
		}
	}
	f.Add(uint8(0), uint8(0), uint8(0), "/users:byID/U?export=flat", "")
	f.Add(uint8(0), uint8(2), uint8(1), "/users:byID/U", "")
	f.Add(uint8(4), uint8(0), uint8(0), "/tenants/T/users/U/renew_api_key", "")
	f.Add(uint8(3), uint8(0), uint8(0), "/tenants/T/../x//y/", "null")
	f.Add(uint8(2), uint8(0), uint8(0), "/tenants/T", `{"info":{"name":"t"},"users":[{"api_key":"`+faketest.FuzzArgoKey+`"},{"api_key":"`+faketest.FuzzArgoKey+`"}]}`)
	f.Add(uint8(1), uint8(0), uint8(0), "/tenants", `{"info":{"name":"t"}}`)
	f.Add(uint8(2), uint8(0), uint8(0), "/tenants/T/users/U", `{"api_key":"`+faketest.FuzzArgoKey+`"}`)
	f.Add(uint8(2), uint8(0), uint8(0), "/tenants/T/status", `{"hdfs":{"sync_data":{"a.b":{},"$x":{}}},"ams":7}`)
	f.Add(uint8(1), uint8(0), uint8(0), "/tenants/%54/users", `{}`)
	allowed := map[int]bool{200: true, 201: true, 301: true, 400: true, 401: true, 403: true, 404: true, 406: true, 409: true}
	methods, keys, accepts := fuzzMethods(), fuzzKeys(), fuzzAccepts()
	ft := faketest.NewFuzzTarget(f)
	f.Fuzz(func(t *testing.T, m, k, a uint8, path, body string) {
		if strings.ContainsAny(path, " \t\r\n#") {
			return // not a request target a client can send as is
		}
		u, err := url.Parse("/api/v2/admin" + path)
		if err != nil {
			return
		}
		method := methods[int(m)%len(methods)]
		req := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody, Host: "fuzz.test"}
		if body != "" {
			req.Body = io.NopCloser(strings.NewReader(body))
		}
		if key := keys[int(k)%len(keys)]; key != "" {
			req.Header.Set("x-api-key", key)
		}
		if accept := accepts[int(a)%len(accepts)]; accept != "" {
			req.Header.Set("Accept", accept)
		}
		rec := ft.Serve(t, req, body)
		if !allowed[rec.Code] {
			t.Fatalf("%s %s %q: status %d", method, path, body, rec.Code)
		}
	})
}

func fuzzMethods() []string {
	return []string{"GET", "POST", "PUT", "DELETE", "POST", "OPTIONS", "PATCH", "HEAD"}
}

// fuzzKeys are the keys a request may carry: each admin flavour's, a
// tenant user's (401 on the admin API), an unknown one, none.
func fuzzKeys() []string {
	return []string{fakeserver.DefaultArgoAdminKey, fakeserver.DefaultArgoRestrictedKey, fakeserver.DefaultArgoUIAdminKey, faketest.FuzzArgoKey, "not-a-key", ""}
}

func fuzzAccepts() []string {
	return []string{"application/json", "application/xml", "", "*/*", "application/json; charset=utf-8"}
}
