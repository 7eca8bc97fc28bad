package argo_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// Keys of the default fixture, by flavour.
const (
	adminKey      = fakeserver.DefaultArgoAdminKey
	restrictedKey = fakeserver.DefaultArgoRestrictedKey
	uiKey         = fakeserver.DefaultArgoUIAdminKey
	basePath      = "/api/v2/admin"
	jsonType      = "application/json; charset=utf-8"
	xmlType       = "application/xml; charset=utf-8"
	noAccept      = "<none>" // request.accept: send no Accept header
)

var (
	uuidRE   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	hexKeyRE = regexp.MustCompile(`^[0-9a-f]{64}$`)
	uuidsRE  = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)
)

// stamp is the clock's now as the ARGO server writes timestamps.
func stamp(c *faketest.Clock) string { return c.Now().Format("2006-01-02 15:04:05") }

// target is one way to reach a fake (faketest.Target), with ARGO requests.
type target struct{ faketest.Target }

// env is what a test gets per target: a fake of its own, its clock and
// the way to reach it.
type env struct {
	srv   *fakeserver.Server
	clock *faketest.Clock
	target
}

// eachTarget runs f as a parallel subtest per target, each with a fake of
// its own (built from opts, checked against openapi.yaml) and a clock of
// its own.
func eachTarget(t *testing.T, f func(t *testing.T, e env), opts ...fakeserver.Option) {
	t.Helper()
	faketest.EachTarget(t, opts, func(t *testing.T, e faketest.Env) {
		f(t, env{srv: e.Srv, clock: e.Clock, target: target{e.Target}})
	})
}

// request is a raw request to the ARGO API.
type request struct {
	method string
	path   string // under /api/v2/admin unless it starts with "/api"
	key    string // x-api-key; "" sends none
	accept string // "" means application/json; noAccept sends none
	body   string
	header map[string]string
}

type response struct {
	status int
	header http.Header
	body   string
}

func (tg target) do(t *testing.T, r request) response {
	t.Helper()
	resp, err := tg.try(r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// try is do for goroutines other than the test's: it reports failures
// instead of stopping the test.
func (tg target) try(r request) (response, error) {
	p := r.path
	if !strings.HasPrefix(p, "/api") {
		p = basePath + p
	}
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	h := http.Header{}
	if r.key != "" {
		h.Set("x-api-key", r.key)
	}
	switch r.accept {
	case "":
		h.Set("Accept", "application/json")
	case noAccept:
	default:
		h.Set("Accept", r.accept)
	}
	for k, v := range r.header {
		h.Set(k, v)
	}
	var body any
	if r.body != "" {
		body = r.body
	}
	resp, err := tg.Send(method, p, h, body)
	return response{status: resp.Status, header: resp.Header, body: string(resp.Body)}, err
}

// want fails t unless the response has the status, and (when given) the
// Content-Type; it also checks Content-Length against the body.
func (r response) want(t *testing.T, status int, contentType string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body:\n%s", r.status, status, r.body)
	}
	if contentType != "" {
		if got := r.header.Get("Content-Type"); got != contentType {
			t.Errorf("Content-Type = %q, want %q", got, contentType)
		}
	}
	if got, want := r.header.Get("Content-Length"), strconv.Itoa(len(r.body)); got != want {
		t.Errorf("Content-Length = %q, want %q (the body's length)", got, want)
	}
}

// readTestdata reads a file under testdata.
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// serverForm re-indents a JSON document the way the ARGO server writes it
// (one space, members in the given order, no trailing newline), so
// documented examples compare byte for byte.
func serverForm(t *testing.T, doc string) string {
	t.Helper()
	var compact, out bytes.Buffer
	if err := json.Compact(&compact, []byte(doc)); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if err := json.Indent(&out, compact.Bytes(), "", " "); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// dataOf returns the "data" member of an envelope, in server form.
func dataOf(t *testing.T, envelope string) string {
	t.Helper()
	var e struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(envelope), &e); err != nil {
		t.Fatalf("not an envelope: %v\n%s", err, envelope)
	}
	return serverForm(t, string(e.Data))
}

// diffText fails t with a diff when got != want.
func diffText(t *testing.T, what, want, got string) {
	t.Helper()
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// createdBody is the data of a 201.
type createdBody struct {
	Data struct {
		ID    string `json:"id"`
		Links struct {
			Self string `json:"self"`
		} `json:"links"`
	} `json:"data"`
}

// createTenant creates a tenant as super admin and returns its ID.
func (tg target) createTenant(t *testing.T, body string) string {
	t.Helper()
	return tg.create(t, "/tenants", body)
}

// createUser creates a user as super admin and returns its ID.
func (tg target) createUser(t *testing.T, tenantID, body string) string {
	t.Helper()
	return tg.create(t, "/tenants/"+tenantID+"/users", body)
}

func (tg target) create(t *testing.T, path, body string) string {
	t.Helper()
	r := tg.do(t, request{method: "POST", path: path, key: adminKey, body: body})
	r.want(t, http.StatusCreated, jsonType)
	var c createdBody
	if err := json.Unmarshal([]byte(r.body), &c); err != nil {
		t.Fatal(err)
	}
	return c.Data.ID
}

// wireUser and wireTenant decode responses in tests.
type wireUser struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	APIKey string   `json:"api_key"`
	Roles  []string `json:"roles"`
}

type wireTenant struct {
	ID   string `json:"id"`
	Info struct {
		Name    string `json:"name"`
		Created string `json:"created"`
		Updated string `json:"updated"`
	} `json:"info"`
	DBConf   []map[string]any  `json:"db_conf"`
	Topology map[string]string `json:"topology"`
	Users    []wireUser        `json:"users"`
}

// getTenant reads one tenant as super admin.
func (tg target) getTenant(t *testing.T, id string) wireTenant {
	t.Helper()
	r := tg.do(t, request{path: "/tenants/" + id, key: adminKey})
	r.want(t, http.StatusOK, jsonType)
	var e struct {
		Data []wireTenant `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Data) != 1 {
		t.Fatalf("data has %d tenants, want 1", len(e.Data))
	}
	return e.Data[0]
}

// snapshot is everything an admin can read, for "nothing changed" checks.
func (tg target) snapshot(t *testing.T, tenantIDs ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(tg.do(t, request{path: "/tenants", key: adminKey}).body)
	for _, id := range tenantIDs {
		b.WriteString(tg.do(t, request{path: "/tenants/" + id + "/status", key: adminKey}).body)
		b.WriteString(tg.do(t, request{path: "/tenants/" + id + "/users", key: adminKey}).body)
	}
	return b.String()
}

// seed stores fixture tenants (a JSON array) and returns their IDs.
func seed(t *testing.T, srv *fakeserver.Server, data string) []string {
	t.Helper()
	ids, err := srv.SeedArgoTenants([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
