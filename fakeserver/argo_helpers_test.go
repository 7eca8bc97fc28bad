package fakeserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// Keys of the default fixture, by flavour.
const (
	argoAdmin      = fakeserver.DefaultArgoAdminKey
	argoRestricted = fakeserver.DefaultArgoRestrictedKey
	argoUI         = fakeserver.DefaultArgoUIAdminKey
	argoBase       = "/api/v2/admin"
	argoJSONType   = "application/json; charset=utf-8"
	argoXMLType    = "application/xml; charset=utf-8"
	argoNoAccept   = "<none>" // argoReq.accept: send no Accept header
	argoInProcHost = "argo.fake.test"
)

var (
	argoUUID   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	argoHexKey = regexp.MustCompile(`^[0-9a-f]{64}$`)
	argoUUIDs  = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)
)

// argoTestClock is a settable clock for pinning info.created/updated.
type argoTestClock struct {
	mu  sync.Mutex
	now time.Time
}

func newArgoTestClock() *argoTestClock {
	return &argoTestClock{now: time.Date(2024, 5, 23, 10, 11, 12, 0, time.UTC)}
}

func (c *argoTestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *argoTestClock) Sleep(ctx context.Context, d time.Duration) error {
	c.advance(d)
	return ctx.Err()
}

func (c *argoTestClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// stamp is the clock's now as the ARGO server writes timestamps.
func (c *argoTestClock) stamp() string { return c.Now().Format("2006-01-02 15:04:05") }

// argoTarget is one way to reach a fake: over loopback or in process.
type argoTarget struct {
	name   string
	base   string // scheme and host, no path
	host   string // the Host the fake sees
	client *http.Client
}

// argoTargets returns both ways to reach srv. Neither follows redirects.
func argoTargets(t testing.TB, srv *fakeserver.Server) []argoTarget {
	t.Helper()
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	inproc := srv.Client()
	inproc.CheckRedirect = noRedirect
	return []argoTarget{
		{name: "loopback", base: srv.URL(), host: strings.TrimPrefix(srv.URL(), "http://"),
			client: &http.Client{Transport: tr, CheckRedirect: noRedirect}},
		{name: "in-process", base: "http://" + argoInProcHost, host: argoInProcHost, client: inproc},
	}
}

// argoEnv is what a test gets per target: a fake of its own, its clock and
// the way to reach it.
type argoEnv struct {
	srv   *fakeserver.Server
	clock *argoTestClock
	argoTarget
}

// argoEachTarget runs f as a parallel subtest per target, each with a fake
// of its own (built from opts) and a clock of its own.
func argoEachTarget(t *testing.T, f func(t *testing.T, e argoEnv), opts ...fakeserver.Option) {
	t.Helper()
	for i := range 2 {
		clk := newArgoTestClock()
		srv := newFake(t, append([]fakeserver.Option{fakeserver.WithClock(clk)}, opts...)...)
		tg := argoTargets(t, srv)[i]
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			f(t, argoEnv{srv: srv, clock: clk, argoTarget: tg})
		})
	}
}

// argoReq is a raw request to the ARGO half.
type argoReq struct {
	method string
	path   string // under /api/v2/admin unless it starts with "/api"
	key    string // x-api-key; "" sends none
	accept string // "" means application/json; argoNoAccept sends none
	body   string
	header map[string]string
}

type argoResp struct {
	status int
	header http.Header
	body   string
}

func (tg argoTarget) do(t *testing.T, r argoReq) argoResp {
	t.Helper()
	resp, err := tg.try(r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// try is do for goroutines other than the test's: it reports failures
// instead of stopping the test.
func (tg argoTarget) try(r argoReq) (argoResp, error) {
	p := r.path
	if !strings.HasPrefix(p, "/api") {
		p = argoBase + p
	}
	var body io.Reader = http.NoBody
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, tg.base+p, body)
	if err != nil {
		return argoResp{}, fmt.Errorf("%s %s: %w", method, p, err)
	}
	if r.key != "" {
		req.Header.Set("x-api-key", r.key)
	}
	switch r.accept {
	case "":
		req.Header.Set("Accept", "application/json")
	case argoNoAccept:
	default:
		req.Header.Set("Accept", r.accept)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	resp, err := tg.client.Do(req)
	if err != nil {
		return argoResp{}, fmt.Errorf("%s %s: %w", method, p, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return argoResp{}, fmt.Errorf("%s %s: reading body: %w", method, p, err)
	}
	return argoResp{status: resp.StatusCode, header: resp.Header, body: string(b)}, nil
}

// want fails t unless the response has the status, and (when given) the
// Content-Type; it also checks Content-Length against the body.
func (r argoResp) want(t *testing.T, status int, contentType string) {
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

// argoTestdata reads a file under testdata/argo.
func argoTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "argo", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// argoServerForm re-indents a JSON document the way the ARGO server writes
// it (one space, members in the given order, no trailing newline), so
// documented examples compare byte for byte.
func argoServerForm(t *testing.T, doc string) string {
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

// argoData returns the "data" member of an envelope, in server form.
func argoData(t *testing.T, envelope string) string {
	t.Helper()
	var e struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(envelope), &e); err != nil {
		t.Fatalf("not an envelope: %v\n%s", err, envelope)
	}
	return argoServerForm(t, string(e.Data))
}

// argoDiff fails t with a diff when got != want.
func argoDiff(t *testing.T, what, want, got string) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// argoCreated is the data of a 201.
type argoCreated struct {
	Data struct {
		ID    string `json:"id"`
		Links struct {
			Self string `json:"self"`
		} `json:"links"`
	} `json:"data"`
}

// createTenant creates a tenant as super admin and returns its ID.
func (tg argoTarget) createTenant(t *testing.T, body string) string {
	t.Helper()
	r := tg.do(t, argoReq{method: "POST", path: "/tenants", key: argoAdmin, body: body})
	r.want(t, http.StatusCreated, argoJSONType)
	var c argoCreated
	if err := json.Unmarshal([]byte(r.body), &c); err != nil {
		t.Fatal(err)
	}
	return c.Data.ID
}

// createUser creates a user as super admin and returns its ID.
func (tg argoTarget) createUser(t *testing.T, tenantID, body string) string {
	t.Helper()
	r := tg.do(t, argoReq{method: "POST", path: "/tenants/" + tenantID + "/users", key: argoAdmin, body: body})
	r.want(t, http.StatusCreated, argoJSONType)
	var c argoCreated
	if err := json.Unmarshal([]byte(r.body), &c); err != nil {
		t.Fatal(err)
	}
	return c.Data.ID
}

// argoWireUser and argoWireTenant decode responses in tests.
type argoWireUser struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	APIKey string   `json:"api_key"`
	Roles  []string `json:"roles"`
}

type argoWireTenant struct {
	ID   string `json:"id"`
	Info struct {
		Name    string `json:"name"`
		Created string `json:"created"`
		Updated string `json:"updated"`
	} `json:"info"`
	DBConf   []map[string]any  `json:"db_conf"`
	Topology map[string]string `json:"topology"`
	Users    []argoWireUser    `json:"users"`
}

// getTenant reads one tenant as super admin.
func (tg argoTarget) getTenant(t *testing.T, id string) argoWireTenant {
	t.Helper()
	r := tg.do(t, argoReq{path: "/tenants/" + id, key: argoAdmin})
	r.want(t, http.StatusOK, argoJSONType)
	var e struct {
		Data []argoWireTenant `json:"data"`
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
func (tg argoTarget) snapshot(t *testing.T, tenantIDs ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(tg.do(t, argoReq{path: "/tenants", key: argoAdmin}).body)
	for _, id := range tenantIDs {
		b.WriteString(tg.do(t, argoReq{path: "/tenants/" + id + "/status", key: argoAdmin}).body)
		b.WriteString(tg.do(t, argoReq{path: "/tenants/" + id + "/users", key: argoAdmin}).body)
	}
	return b.String()
}

// argoSeed stores fixture tenants (a JSON array) and returns their IDs.
func argoSeed(t *testing.T, srv *fakeserver.Server, data string) []string {
	t.Helper()
	ids, err := srv.SeedArgoTenants([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
