package spectest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// exchange builds a request as a server sees it and a response.
func exchange(method, target, reqBody string, status int, header map[string]string, body string) (*http.Request, *http.Response) {
	req, _ := http.NewRequest(method, target, strings.NewReader(reqBody))
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	h := http.Header{}
	for k, v := range header {
		h.Set(k, v)
	}
	return req, &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
}

const (
	jsonCT  = "application/json"
	argoCT  = "application/json; charset=utf-8"
	xmlCT   = "application/xml; charset=utf-8"
	tenant  = `{"id":"t","org_id":"o","cloud_provider":"aws","region":"r","status":"%s","url":"u","created_at":"c","updated_at":"u"}`
	astra   = `{"errors":[{"ID":1404,"message":"not found"}]}`
	argo404 = "{\n \"status\": {\n  \"message\": \"Not Found\",\n  \"code\": \"404\"\n },\n \"errors\": [\n  {\n   \"message\": \"Not Found\",\n   \"code\": \"404\",\n   \"details\": \"d\"\n  }\n ]\n}"
)

// wantViolation fails the test unless got (the violations of one
// exchange) is empty when want is "", or one violation containing want.
func wantViolation(t *testing.T, name string, got []string, want string) {
	t.Helper()
	switch {
	case want == "" && len(got) > 0:
		t.Errorf("%s: violations %q, want none", name, got)
	case want != "" && (len(got) != 1 || !strings.Contains(got[0], want)):
		t.Errorf("%s: violations %q, want one containing %q", name, got, want)
	}
}

func TestCheckJudgesExchanges(t *testing.T) {
	t.Parallel()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, method, target, reqBody string
		status                        int
		header                        map[string]string
		body                          string
		want                          string // a fragment of the one violation; "" for none
	}{
		{"conforming response", "GET", "/v2/currentOrg", "", 200, map[string]string{"Content-Type": jsonCT}, `{"id":"o","name":"n"}`, ""},
		{"missing required member", "GET", "/v2/currentOrg", "", 200, map[string]string{"Content-Type": jsonCT}, `{"name":"n"}`, `property "id" is missing`},
		{"wrong content type", "GET", "/v2/currentOrg", "", 200, map[string]string{"Content-Type": "text/plain"}, `{"id":"o","name":"n"}`, "Content-Type"},
		{"open enum takes unknown values", "GET", "/v1/orgs/o/tenant/t", "", 200, map[string]string{"Content-Type": jsonCT}, strings.Replace(tenant, "%s", "hibernating", 1), ""},
		{"the /api/v1 form is routed", "GET", "/api/v1/orgs/o/tenant/t", "", 200, map[string]string{"Content-Type": jsonCT}, strings.Replace(tenant, "%s", "active", 1), ""},
		{"accepted bad request", "POST", "/v1/tenant", `{"cloud_provider":"aws","org_id":"o"}`, 201, map[string]string{"Content-Type": jsonCT}, strings.Replace(tenant, "%s", "created", 1), `property "region" is missing`},
		{"rejected bad request", "POST", "/v1/tenant", `{"cloud_provider":"aws","org_id":"o"}`, 400, map[string]string{"Content-Type": jsonCT}, `{"errors":[{"ID":1400,"message":"region is required"}]}`, ""},
		{"keys matched case-insensitively", "POST", "/v1/tenant", `{"Cloud_Provider":"aws","ORG_ID":"o","region":"r"}`, 201, map[string]string{"Content-Type": jsonCT}, strings.Replace(tenant, "%s", "created", 1), ""},
		{"bad error body", "GET", "/v2/organizations/users/u", "", 404, map[string]string{"Content-Type": jsonCT}, `{"error":"nope"}`, `property "errors" is missing`},
		{"429 with Retry-After", "GET", "/v2/organizations/users", "", 429, map[string]string{"Content-Type": jsonCT, "Retry-After": "2"}, astra, ""},
		{"unknown Astra path", "GET", "/v2/nope", "", 404, map[string]string{"Content-Type": jsonCT}, astra, ""},
		{"unknown Astra path answered 200", "GET", "/v2/nope", "", 200, map[string]string{"Content-Type": jsonCT}, `{}`, "no operation"},
		{"405 without Allow", "DELETE", "/v2/currentOrg", "", 405, map[string]string{"Content-Type": jsonCT}, astra, "Allow"},
		{"unrouted ARGO", "GET", "/api/v2/admin/nope", "", 404, map[string]string{"Content-Type": "text/plain; charset=utf-8"}, "404 page not found\n", ""},
		{"ARGO route with an empty ID", "GET", "/api/v2/admin/users:byID/", "", 404, map[string]string{"Content-Type": "text/plain; charset=utf-8"}, "404 page not found\n", ""},
		{"unclean ARGO path", "GET", "/api/v2/admin//tenants", "", 301, map[string]string{"Location": "/api/v2/admin/tenants", "Content-Type": "text/html; charset=utf-8"}, `<a href="/api/v2/admin/tenants">Moved Permanently</a>.` + "\n\n", ""},
		{"unclean ARGO path without the HTML body", "GET", "/api/v2/admin//tenants", "", 301, map[string]string{"Location": "/api/v2/admin/tenants"}, "", "Moved Permanently"},
		{"unclean ARGO path answered 307 (Go 1.26)", "POST", "/api/v2/admin//tenants", "", 307, map[string]string{"Location": "/api/v2/admin/tenants"}, "", "301"},
		{"unclean ARGO path answered 404", "GET", "/api/v2/admin//tenants", "", 404, nil, "", "301"},
		// ServeMux escapes the clean escaped path once more (url.URL.String).
		{"unclean ARGO path redirected escaped", "PUT", "/api/v2/admin//!", "", 301, map[string]string{"Location": "/api/v2/admin/%21"}, "", ""},
		{"unclean ARGO path redirected unescaped", "PUT", "/api/v2/admin//!", "", 301, map[string]string{"Location": "/api/v2/admin/!"}, "", "301"},
		{"unclean ARGO path escaped twice", "PUT", "/api/v2/admin//a%20b", "", 301, map[string]string{"Location": "/api/v2/admin/a%2520b"}, "", ""},
		// Clean to ServeMux, unclean decoded: gorilla/mux's redirect.
		{"ARGO path unclean once decoded", "GET", "/api/v2/admin/tenants/%2E%2E/x", "", 301, map[string]string{"Location": "/api/v2/admin/x"}, "", ""},
		{"ARGO XML error", "GET", "/api/v2/admin/tenants/x", "", 404, map[string]string{"Content-Type": xmlCT}, "<root>\n <status>\n  <message>Not Found</message>\n  <code>404</code>\n </status>\n</root>", ""},
		{"ARGO XML error with the wrong code", "GET", "/api/v2/admin/tenants/x", "", 404, map[string]string{"Content-Type": xmlCT}, "<root><status><message>Not Found</message><code>400</code></status></root>", "XML body is not"},
		{"ARGO XML where the spec has none", "GET", "/api/v2/admin/tenants/x", "", 406, map[string]string{"Content-Type": xmlCT}, "<root><status><message>x</message><code>406</code></status></root>", "does not allow application/xml"},
		{"ARGO success labelled XML is JSON", "GET", "/api/v2/admin/users:byID/u?export=flat", "", 200, map[string]string{"Content-Type": xmlCT}, `{"id":"u","name":"n","email":"e","api_key":"k"}`, ""},
		{"ARGO JSON error", "GET", "/api/v2/admin/tenants/x", "", 404, map[string]string{"Content-Type": argoCT}, argo404, ""},
		{"ARGO request without Content-Type", "PUT", "/api/v2/admin/tenants/x/status", "{}", 200, map[string]string{"Content-Type": argoCT}, "{\n \"status\": {\n  \"message\": \"Tenant successfully updated\",\n  \"code\": \"200\"\n }\n}", ""},
	}
	for _, tc := range cases {
		req, resp := exchange(tc.method, tc.target, tc.reqBody, tc.status, tc.header, tc.body)
		if strings.Contains(tc.name, "without Content-Type") {
			req.Header.Del("Content-Type")
		}
		wantViolation(t, tc.name, c.Check(req, resp), tc.want)
	}
}

func TestCollectorReportsEachViolationOnceWithItsCount(t *testing.T) {
	t.Parallel()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	col := &collector{c: c, found: map[string]int{}}
	// spec: this test drives the checker itself through its own observer.
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(col.observe))
	hc := srv.Client()
	get := func(path string) {
		req, _ := http.NewRequest("GET", "http://fake.invalid"+path, nil)
		req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	get("/v2/currentOrg")
	get("/v2/organizations/users")
	if msg := col.report(); msg != "" {
		t.Fatalf("the fake's own answers break the spec:\n%s", msg)
	}
	for range 2 {
		req, resp := exchange("GET", "/v2/currentOrg", "", 200, map[string]string{"Content-Type": jsonCT}, `{"name":"n"}`)
		col.observe(req, resp)
	}
	msg := col.report()
	if !strings.HasPrefix(msg, "spectest: 2 of 4 exchanges break openapi.yaml:\n") || !strings.HasSuffix(msg, "(2 times)") || strings.Count(msg, "\n") != 1 {
		t.Errorf("report:\n%s", msg)
	}
}

func TestFoldKeysReadsBodiesAsEncodingJSONDoes(t *testing.T) {
	t.Parallel()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, method, path, body, want string
	}{
		{"keys take the property's spelling, unknown keys stay", "POST", "/v2/organizations/roles",
			`{"NAME":"n","Policy":{"ACTIONS":["a"],"extra":1}}`, `{"name":"n","policy":{"actions":["a"],"extra":1}}`},
		{"null is an empty object", "POST", "/v2/organizations/roles", `null`, `{}`},
		{"map keys stay, the objects in the map fold", "PUT", "/api/v2/admin/tenants/x/status",
			`{"HDFS":{"Sync_Data":{"Report":{"WEIGHTS":true}}}}`, `{"hdfs":{"sync_data":{"Report":{"weights":true}}}}`},
		{"array items fold", "POST", "/api/v2/admin/tenants",
			`{"Users":[{"NAME":"u","Roles":null}]}`, `{"users":[{"name":"u","roles":null}]}`},
	}
	for _, tc := range cases {
		op := c.spec.route(tc.method, tc.path)
		if op == nil || op.RequestBody == nil {
			t.Fatalf("%s %s: no operation with a request body", tc.method, tc.path)
		}
		v, err := decodeJSON([]byte(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(foldKeys(v, op.RequestBody.Schema))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: foldKeys(%s) = %s, want %s", tc.name, tc.body, got, tc.want)
		}
	}
}
