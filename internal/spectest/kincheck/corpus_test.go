package kincheck

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// exchange is one request as the server received it and the answer, kept
// as bytes so that each checker gets a fresh copy.
type exchange struct {
	method, target string // target: the request URI, a path and query
	reqHeader      http.Header
	reqBody        []byte
	status         int
	respHeader     http.Header
	respBody       []byte
	// what says how the exchange came about: "recorded" for one the fake
	// answered, or the mutation that made it.
	what string
}

// pair returns the exchange as a request and a response for a checker.
func (x exchange) pair() (*http.Request, *http.Response) {
	req, err := http.NewRequest(x.method, x.target, bytes.NewReader(x.reqBody))
	if err != nil {
		panic(err) // the corpus only holds targets the fake was sent
	}
	req.Header = x.reqHeader.Clone()
	resp := &http.Response{StatusCode: x.status, Header: x.respHeader.Clone(), Body: io.NopCloser(bytes.NewReader(x.respBody))}
	return req, resp
}

func (x exchange) String() string {
	return x.method + " " + x.target + " → " + http.StatusText(x.status) + " (" + x.what + ")"
}

// recorder is a fake observer that keeps every exchange.
type recorder struct {
	mu  sync.Mutex
	got []exchange
}

func (r *recorder) observe(req *http.Request, resp *http.Response) {
	reqBody, _ := io.ReadAll(req.Body)
	respBody, _ := io.ReadAll(resp.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, exchange{
		method: req.Method, target: req.URL.RequestURI(), reqHeader: req.Header.Clone(), reqBody: reqBody,
		status: resp.StatusCode, respHeader: resp.Header.Clone(), respBody: respBody, what: "recorded",
	})
}

// driver sends raw requests to a fake.
type driver struct {
	t   testing.TB
	srv *fakeserver.Server
}

// answer is a response's status and JSON body.
type answer struct {
	t      testing.TB
	status int
	body   []byte
}

// str is the string at a JSON pointer of the body ("/data/0/id").
func (a answer) str(pointer string) string {
	a.t.Helper()
	var v any
	if err := json.Unmarshal(a.body, &v); err != nil {
		a.t.Fatalf("answer %d %s: %v", a.status, a.body, err)
	}
	for _, key := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		switch x := v.(type) {
		case map[string]any:
			v = x[key]
		case []any:
			i := 0
			for _, c := range key {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				a.t.Fatalf("answer %s has no %s", a.body, pointer)
			}
			v = x[i]
		}
	}
	s, ok := v.(string)
	if !ok {
		a.t.Fatalf("answer %s has no string at %s", a.body, pointer)
	}
	return s
}

// send sends a request with the given headers (and a JSON Content-Type
// when there is a body) and wants the status.
func (d driver) send(method, path string, header map[string]string, body string, want int) answer {
	d.t.Helper()
	var rb io.Reader = http.NoBody
	if body != "" {
		rb = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, d.srv.URL()+path, rb)
	if err != nil {
		d.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := d.srv.Client().Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		d.t.Fatal(err)
	}
	if resp.StatusCode != want {
		d.t.Fatalf("%s %s %.80s: status %d, want %d: %.300s", method, path, body, resp.StatusCode, want, b)
	}
	return answer{t: d.t, status: resp.StatusCode, body: b}
}

// Credentials of the requests of the corpus.
func astra(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func langflow(token, org string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token, "X-DataStax-Current-Org": org}
}

func argo(key, accept string) map[string]string {
	h := map[string]string{"Accept": accept}
	if key != "" {
		h["x-api-key"] = key
	}
	return h
}

// recordCorpus drives fakes through every operation of openapi.yaml, with
// requests they accept and requests they refuse (bad bodies, unknown IDs,
// missing or weak credentials, conflicts, wrong Accept, wrong methods and
// paths, injected faults), and returns every exchange.
func recordCorpus(t testing.TB) []exchange {
	var rec recorder
	// Every recorded exchange is checked, by spectest and by kin-openapi.
	// spec: TestCheckersAgreeOnTheCorpus checks what the recorder keeps.
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(rec.observe))
	d := driver{t: t, srv: srv}
	driveAstra(d)
	driveLangflow(d)
	driveArgo(d)

	// The role endpoints' other error shape, a bare JSON string
	// (AstraRoleErrorBody).
	// spec: recorded and checked as above.
	strs := fakeserver.NewTest(t, fakeserver.WithObserver(rec.observe), fakeserver.WithRoleErrorStyle(fakeserver.AstraErrorsString))
	ds := driver{t: t, srv: strs}
	tok := astra(strs.Credentials().AstraToken)
	ds.send("POST", "/v2/organizations/roles", tok, `{}`, 400)
	ds.send("GET", "/v2/organizations/roles/no-such-role", tok, "", 404)
	ds.send("DELETE", "/v2/organizations/roles/no-such-role", tok, "", 404)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.got
}

func roleBody(name, org string) string {
	return `{"name":"` + name + `","policy":{"description":"d","resources":["drn:astra:org:` + org + `"],"actions":["org-user-read","langflow-ide-build"],"effect":"allow"}}`
}

func driveAstra(d driver) {
	cred := d.srv.Credentials()
	org := cred.OrgID
	tok := astra(cred.AstraToken)
	weak, err := d.srv.AddToken(org)
	if err != nil {
		d.t.Fatal(err)
	}
	none := astra(weak)

	d.send("GET", "/v2/currentOrg", tok, "", 200)
	d.send("GET", "/v2/currentOrg", nil, "", 401)
	d.send("GET", "/v2/currentOrg", astra("AstraCS:nope"), "", 401)
	d.send("PATCH", "/v2/currentOrg", tok, "", 405)
	d.send("GET", "/v2/nope", tok, "", 404)
	d.send("GET", "/v2/organizations/users/", tok, "", 404)

	d.send("GET", "/v2/organizations/roles", tok, "", 200)
	d.send("GET", "/v2/organizations/roles", none, "", 403)
	builtin := d.send("GET", "/v2/organizations/roles", tok, "", 200).str("/0/ID")
	role := d.send("POST", "/v2/organizations/roles", tok, roleBody("corpus role", org), 201).str("/ID")
	other := d.send("POST", "/v2/organizations/roles", tok, strings.ToUpper(roleBody("other role", org)[:9])+roleBody("other role", org)[9:], 201).str("/ID")
	d.send("POST", "/v2/organizations/roles", tok, roleBody("corpus role", org), 409)
	d.send("POST", "/v2/organizations/roles", tok, roleBody("", org), 400)
	d.send("POST", "/v2/organizations/roles", tok, `{"name":"x","policy":{"actions":"org-user-read"}}`, 400)
	d.send("POST", "/v2/organizations/roles", tok, `{"name":`, 400)
	d.send("POST", "/v2/organizations/roles", tok, "", 400)
	d.send("POST", "/v2/organizations/roles", tok, `{"name":"`+strings.Repeat("x", 1<<20)+`"}`, 413)
	d.send("POST", "/v2/organizations/roles", none, roleBody("weak", org), 403)
	d.send("GET", "/v2/organizations/roles/"+role, tok, "", 200)
	d.send("GET", "/v2/organizations/roles/no-such-role", tok, "", 404)
	d.send("PUT", "/v2/organizations/roles/"+role, tok, roleBody("corpus role 2", org), 200)
	d.send("PUT", "/v2/organizations/roles/"+role, tok, roleBody("other role", org), 409)
	d.send("PUT", "/v2/organizations/roles/"+builtin, tok, roleBody("builtin", org), 403)
	d.send("PUT", "/v2/organizations/roles/no-such-role", tok, roleBody("x", org), 404)

	d.send("PUT", "/v2/organizations/users", tok, `{"email":"new@corpus.example","orgID":"`+org+`","roles":["`+role+`"]}`, 200)
	d.send("PUT", "/v2/organizations/users", tok, `{"EMAIL":"case@corpus.example","OrgId":"`+org+`","Roles":["`+role+`"]}`, 200)
	d.send("PUT", "/v2/organizations/users", tok, `{"email":"not an email","orgID":"`+org+`","roles":["`+role+`"]}`, 400)
	d.send("PUT", "/v2/organizations/users", tok, `{"email":"x@corpus.example","orgID":"`+org+`","roles":["no-such-role"]}`, 400)
	d.send("PUT", "/v2/organizations/users", tok, `{"email":"x@corpus.example","orgID":"other-org","roles":["`+role+`"]}`, 403)
	d.send("PUT", "/v2/organizations/users", tok, "", 400)
	d.send("PUT", "/v2/organizations/users", tok, `{"email":"admin@tenantkit.example","orgID":"`+org+`","roles":["`+role+`"]}`, 409)
	users := d.send("GET", "/v2/organizations/users", tok, "", 200)
	d.send("GET", "/v2/organizations/users", none, "", 403)
	user := users.str("/Users/1/UserID")
	d.send("GET", "/v2/organizations/users/"+user, tok, "", 200)
	d.send("GET", "/v2/organizations/users/no-such-user", tok, "", 404)
	d.send("PUT", "/v2/organizations/users/"+user+"/roles", tok, `{"roles":["`+role+`","`+builtin+`"]}`, 204)
	d.send("PUT", "/v2/organizations/users/"+user+"/roles", tok, `{"roles":[]}`, 400)
	d.send("PUT", "/v2/organizations/users/no-such-user/roles", tok, `{"roles":["`+role+`"]}`, 404)
	d.send("DELETE", "/v2/organizations/roles/"+role, tok, "", 409)
	d.send("DELETE", "/v2/organizations/users/"+user, tok, "", 204)
	d.send("DELETE", "/v2/organizations/users/"+user, tok, "", 404)
	d.send("DELETE", "/v2/organizations/roles/"+other, tok, "", 204)
	d.send("DELETE", "/v2/organizations/roles/"+builtin, tok, "", 403)
	d.send("DELETE", "/v2/organizations/roles/"+other, tok, "", 404)

	// Injected faults: the API's error body, and a Retry-After.
	if err := d.srv.AddFault(
		fakeserver.Fault{Operation: tenantkit.OpGetOrganizationUsers, Status: 503, Times: 1},
		fakeserver.Fault{Operation: tenantkit.OpGetOrganizationRoles, Status: 429, Times: 1},
	); err != nil {
		d.t.Fatal(err)
	}
	d.send("GET", "/v2/organizations/users", tok, "", 503)
	d.send("GET", "/v2/organizations/roles", tok, "", 429)
}

func driveLangflow(d driver) {
	cred := d.srv.Credentials()
	org := cred.OrgID
	h := langflow(cred.AstraToken, org)
	create := `{"cloud_provider":"aws","org_id":"` + org + `","region":"us-west-2"}`

	lf := d.send("POST", "/v1/tenant", h, create, 201).str("/id")
	d.send("POST", "/api/v1/tenant", h, `{"Cloud_Provider":"GCP","ORG_ID":"`+org+`","region":"us-east1"}`, 201)
	d.send("POST", "/v1/tenant", h, `{"cloud_provider":"aws","org_id":"`+org+`"}`, 400)
	d.send("POST", "/v1/tenant", h, `{"cloud_provider":"moon","org_id":"`+org+`","region":"r"}`, 400)
	d.send("POST", "/v1/tenant", astra(cred.AstraToken), create, 400)
	d.send("POST", "/v1/tenant", h, `{"cloud_provider":"aws","org_id":"other","region":"r"}`, 403)
	d.send("GET", "/v1/orgs/"+org+"/tenant/"+lf, h, "", 200)
	d.send("GET", "/api/v1/orgs/"+org+"/tenant/"+lf, h, "", 200)
	d.send("GET", "/v1/orgs/"+org+"/tenant/no-such-tenant", h, "", 404)
	d.send("GET", "/v1/orgs/other-org/tenant/"+lf, h, "", 403)
	d.send("GET", "/v1/orgs/"+org+"/tenants", h, "", 200)
	d.send("GET", "/v1/orgs/"+org+"/tenants", nil, "", 401)
	d.send("PATCH", "/v1/orgs/"+org+"/tenant/"+lf+"/reactivate", h, "", 200)
	if err := d.srv.SetLangflowTenantStatus(lf, "hibernating"); err != nil {
		d.t.Fatal(err)
	}
	d.send("GET", "/v1/orgs/"+org+"/tenant/"+lf, h, "", 200)
	if err := d.srv.SetLangflowTenantStatus(lf, "failed"); err != nil {
		d.t.Fatal(err)
	}
	d.send("PATCH", "/v1/orgs/"+org+"/tenant/"+lf+"/reactivate", h, "", 409)
	d.send("PATCH", "/v1/orgs/"+org+"/tenant/no-such-tenant/reactivate", h, "", 404)
}

func driveArgo(d driver) {
	cred := d.srv.Credentials()
	admin := argo(cred.ArgoAdminKey, "application/json")
	adminXML := argo(cred.ArgoAdminKey, "application/xml")
	const base = "/api/v2/admin"
	tenant := `{"info":{"name":"corpus","email":"c@corpus.example","description":"d","image":"i","website":"w"},` +
		`"db_conf":[{"store":"main","server":"db","port":27017,"database":"argo_c","username":"u","password":"p"}],` +
		`"topology":{"type":"GRNET","feed":"f"},"users":[{"name":"ui","email":"ui@corpus.example","roles":["admin_ui"]}]}`

	d.send("GET", base+"/tenants", admin, "", 200)
	id := d.send("POST", base+"/tenants", admin, tenant, 201).str("/data/id")
	bare := d.send("POST", base+"/tenants", admin, `{"INFO":{"Name":"bare"}}`, 201).str("/data/id")
	d.send("POST", base+"/tenants", admin, tenant, 409)
	d.send("POST", base+"/tenants", admin, `{"info":`, 400)
	d.send("POST", base+"/tenants", adminXML, `{"info":`, 400)
	d.send("POST", base+"/tenants", admin, `{"info":{"name":7}}`, 400)
	d.send("POST", base+"/tenants", argo(cred.ArgoRestrictedAdminKey, "application/json"), tenant, 403)
	d.send("GET", base+"/tenants", admin, "", 200)
	d.send("GET", base+"/tenants", argo(cred.ArgoRestrictedAdminKey, "application/json"), "", 200)
	d.send("GET", base+"/tenants", argo(cred.ArgoUIAdminKey, "application/json"), "", 200)
	d.send("GET", base+"/tenants", argo("", "application/json"), "", 401)
	d.send("GET", base+"/tenants", argo("", "application/xml"), "", 401)
	d.send("GET", base+"/tenants", argo(cred.ArgoAdminKey, "text/plain"), "", 406)
	d.send("OPTIONS", base+"/tenants", nil, "", 200)
	d.send("DELETE", base+"/tenants", admin, "", 404)
	d.send("GET", base+"/nope", admin, "", 404)

	d.send("GET", base+"/tenants/"+id, admin, "", 200)
	d.send("GET", base+"/tenants/"+id, adminXML, "", 200)
	d.send("GET", base+"/tenants/no-such-tenant", admin, "", 404)
	d.send("GET", base+"/tenants/no-such-tenant", adminXML, "", 404)
	d.send("PUT", base+"/tenants/"+id, admin, strings.Replace(tenant, `"corpus"`, `"corpus 2"`, 1), 200)
	d.send("PUT", base+"/tenants/"+bare, admin, strings.Replace(tenant, `"corpus"`, `"corpus 2"`, 1), 409)
	d.send("PUT", base+"/tenants/no-such-tenant", admin, tenant, 404)
	d.send("PUT", base+"/tenants/"+id, admin, `[]`, 400)

	status := `{"total_status":false,"ams":{"metric_data":{"ingestion":true,"publishing":true,"status_streaming":false,"messages_arrived":3},` +
		`"sync_data":{"ingestion":true,"publishing":false,"status_streaming":true,"messages_arrived":0}},` +
		`"hdfs":{"metric_data":true,"sync_data":{"Critical":{"aggregation_profile":true,"weights":false}}},"engine_config":true,"last_check":"2025-06-01T12:00:00Z"}`
	d.send("GET", base+"/tenants/"+id+"/status", admin, "", 200)
	d.send("PUT", base+"/tenants/"+id+"/status", admin, status, 200)
	d.send("PUT", base+"/tenants/"+id+"/status", admin, `{"Engine_Config":"yes"}`, 400)
	d.send("GET", base+"/tenants/"+id+"/status", admin, "", 200)
	d.send("GET", base+"/tenants/no-such-tenant/status", admin, "", 404)

	d.send("GET", base+"/tenants/"+bare+"/users", admin, "", 200)
	d.send("GET", base+"/tenants/"+id+"/users", admin, "", 200)
	d.send("GET", base+"/tenants/no-such-tenant/users", adminXML, "", 404)
	d.send("GET", base+"/tenants/"+id+"/users", argo(cred.ArgoRestrictedAdminKey, "application/json"), "", 403)
	user := d.send("POST", base+"/tenants/"+id+"/users", admin, `{"name":"n","email":"n@corpus.example","roles":["admin"]}`, 201).str("/data/id")
	d.send("POST", base+"/tenants/"+id+"/users", admin, `{"name":1}`, 400)
	d.send("POST", base+"/tenants/no-such-tenant/users", admin, `{}`, 404)
	d.send("GET", base+"/tenants/"+id+"/users/"+user, admin, "", 200)
	d.send("GET", base+"/tenants/"+id+"/users/no-such-user", admin, "", 404)
	d.send("GET", base+"/tenants/"+id+"/users/no-such-user", adminXML, "", 404)
	d.send("PUT", base+"/tenants/"+id+"/users/"+user, admin, `{"NAME":"n2","roles":["viewer"]}`, 200)
	d.send("PUT", base+"/tenants/"+id+"/users/"+user, admin, `{"name":[]}`, 400)
	key := d.send("POST", base+"/tenants/"+id+"/users/"+user+"/renew_api_key", admin, "", 200).str("/data/api_key")
	d.send("PUT", base+"/tenants/"+bare+"/users/no-such-user", admin, `{"api_key":"`+key+`"}`, 404)
	d.send("POST", base+"/tenants/"+id+"/users/no-such-user/renew_api_key", admin, "", 404)
	d.send("GET", base+"/users:byID/"+user, argo(cred.ArgoUIAdminKey, "application/json"), "", 200)
	d.send("GET", base+"/users:byID/"+user+"?export=flat", admin, "", 200)
	d.send("GET", base+"/users:byID/"+user+"?export=flat", adminXML, "", 200)
	d.send("GET", base+"/users:byID/no-such-user", admin, "", 404)
	d.send("GET", base+"/users:byID/", admin, "", 404)
	d.send("DELETE", base+"/tenants/"+id+"/users/"+user, admin, "", 200)
	d.send("DELETE", base+"/tenants/"+id+"/users/"+user, admin, "", 404)
	d.send("DELETE", base+"/tenants/"+bare, admin, "", 200)
	d.send("DELETE", base+"/tenants/"+bare, admin, "", 404)

	if err := d.srv.AddFault(fakeserver.Fault{Operation: tenantkit.OpArgoListTenants, Status: 503, Times: 1}); err != nil {
		d.t.Fatal(err)
	}
	d.send("GET", base+"/tenants", admin, "", 503)
}
