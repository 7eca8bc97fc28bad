package fakeserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// FuzzControlAPI sends the control API any method, path and body: it never
// answers 5xx (a panic would be a 500), and every refusal is JSON with a
// message.
func FuzzControlAPI(f *testing.F) {
	seeds := []struct {
		method uint8
		path   string
		body   string
		json   bool
	}{
		{1, "faults", `{"operation":"getCurrentOrganization","status":503,"latency":"1ms"}`, true},
		{1, "faults", `[{"name":"a","status":500},{"name":"a","status":500}]`, true},
		{1, "faults", `{"operation":"getEverything","status":503}`, true},
		{1, "faults", `{"drop":"mid-response","status":503}`, true},
		{2, "snapshots/x", ``, false},
		{1, "snapshots/x/restore", ``, false},
		{3, "snapshots/%2F", ``, false},
		{2, "rate-limit", `{"perSecond":1e308,"burst":1}`, true},
		{2, "rate-limit", `{"perSecond":0.5,"burst":-3}`, true},
		{0, "journal?after=9223372036854775807&limit=1000&bodies=true", ``, false},
		{0, "journal?operation=createLangflowTenant", ``, false},
		{1, "events/finish-provisioning", `{"tenantId":""}`, true},
		{1, "events/set-langflow-tenant-status", `{"tenantId":"x","status":"failed"}`, true},
		{1, "clock/advance", `{"by":"2562047h"}`, true},
		{2, "clock", `{"now":"0001-01-01T00:00:00Z"}`, true},
		{2, "fixture", `{"organizations":[{"name":"o","tokens":[{"token":"t"}]}]}`, true},
		{2, "fixture", `null`, true},
		{1, "argo-tenants", `[{"info":{"name":"n"}},{"info":{"name":"n"}}]`, true},
		{1, "tokens", `{"orgId":"5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b","roles":["nope"]}`, true},
		{1, "reset", ``, false},
		{4, "faults", ``, false},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.json)
	}
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH"}
	clock := client.NewVirtualClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	// spec: only control requests, which controlapi.yaml describes, not openapi.yaml.
	srv, err := fakeserver.New(fakeserver.WithControlToken(testControlToken), fakeserver.WithClock(clock), fakeserver.WithJournalCapacity(64))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(srv.Close)
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, method uint8, path, body string, isJSON bool) {
		if strings.ContainsAny(path, " \r\n\t#") {
			return // not a request line
		}
		if _, err := url.ParseRequestURI("/__tenantkit/api/" + path); err != nil {
			return // no client sends it
		}
		req := httptest.NewRequest(methods[int(method)%len(methods)], "http://fake/__tenantkit/api/"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testControlToken)
		if isJSON {
			req.Header.Set("Content-Type", "application/json")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", req.Method, path, body, w.Code, w.Body)
		}
		if w.Code >= 400 {
			var e struct {
				Error string `json:"error"`
			}
			if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error == "" {
				t.Fatalf("%s %s with %q: %d without a JSON error: %s", req.Method, path, body, w.Code, w.Body)
			}
		}
		if w.Code == http.StatusOK && w.Header().Get("Content-Type") == "" {
			t.Fatalf("%s %s: 200 without a Content-Type", req.Method, path)
		}
	})
}
