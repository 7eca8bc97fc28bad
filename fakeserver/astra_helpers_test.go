package fakeserver

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
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// testClock is a settable Clock. Sleep advances it instead of waiting, so
// injected delays cost no wall time.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// astraClient speaks raw HTTP to a fake, over loopback or in process.
type astraClient struct {
	t     testing.TB
	hc    *http.Client
	base  string
	token string // sent as a bearer token unless empty
	org   string // sent as X-DataStax-Current-Org unless empty
}

// response is what a call returned.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func newAstraClient(t testing.TB, srv *Server, transport string) *astraClient {
	c := &astraClient{t: t, token: DefaultAstraToken, org: DefaultOrgID}
	switch transport {
	case "loopback":
		c.hc, c.base = &http.Client{Timeout: 30 * time.Second}, srv.URL()
	default:
		c.hc, c.base = srv.Client(), "http://fake.invalid"
	}
	return c
}

// forBothTransports runs fn as two subtests, each with its own fake: one
// reached over loopback, one through the in-process transport.
//
// Each subtest gets its own testClock (after opts, so it wins over any clock
// in them): the subtests run in parallel and must not move each other's time.
// Read it back with clockOf.
//
// Every exchange is checked against openapi.yaml (newTestServer).
func forBothTransports(t *testing.T, opts []Option, fn func(t *testing.T, srv *Server, c *astraClient)) {
	t.Helper()
	forBothTransportsWith(t, newTestServer, opts, fn)
}

// forBothTransportsOffSpec is forBothTransports for the off-spec modes
// (newOffSpecServer).
func forBothTransportsOffSpec(t *testing.T, opts []Option, fn func(t *testing.T, srv *Server, c *astraClient)) {
	t.Helper()
	forBothTransportsWith(t, newOffSpecServer, opts, fn)
}

func forBothTransportsWith(t *testing.T, build func(testing.TB, ...Option) *Server, opts []Option, fn func(t *testing.T, srv *Server, c *astraClient)) {
	t.Helper()
	for _, name := range []string{"loopback", "in-process"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := build(t, append(slices.Clip(opts), WithClock(newTestClock()))...)
			fn(t, srv, newAstraClient(t, srv, name))
		})
	}
}

// clockOf returns the testClock of a server built by forBothTransports.
func clockOf(srv *Server) *testClock { return srv.env.Clock.(*testClock) }

// with returns a copy of c using another token and org header.
func (c *astraClient) with(token, org string) *astraClient {
	cc := *c
	cc.token, cc.org = token, org
	return &cc
}

// do sends a request. body may be nil, a string or []byte (sent as is), or
// any other value (sent as JSON).
func (c *astraClient) do(method, path string, body any) response {
	c.t.Helper()
	return c.doHeaders(method, path, body, nil)
}

func (c *astraClient) doHeaders(method, path string, body any, hdr http.Header) response {
	c.t.Helper()
	r, err := c.try(method, path, body, hdr)
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

// try is doHeaders that reports a failed round trip or body read (a
// dropped connection) instead of failing the test.
func (c *astraClient) try(method, path string, body any, hdr http.Header) (response, error) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatalf("marshal request body: %v", err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatalf("new request %s %s: %v", method, path, err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.org != "" {
		req.Header.Set("X-DataStax-Current-Org", c.org)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	r := response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if err != nil {
		return r, fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	return r, nil
}

// must sends a request and fails the test unless it answers want.
func (c *astraClient) must(want int, method, path string, body any) response {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.Status != want {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// decode unmarshals a JSON body into a generic value (keys keep their case).
func decode(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, b)
	}
	return v
}

// astraErrBody is the documented error body for status and msg.
func astraErrBody(status int, msg string) any {
	return map[string]any{"errors": []any{map[string]any{"ID": float64(1000 + status), "message": msg}}}
}

// wantError checks status, Content-Type and the exact Astra error body.
func wantError(t testing.TB, r response, status int, msg string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if diff := cmp.Diff(astraErrBody(status, msg), decode(t, r.Body)); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}
}

// wantAstraError checks that a response is a 4xx Astra error body, for
// cases where only the status and shape matter.
func wantAstraError(t testing.TB, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	var body struct {
		Errors []struct {
			ID      *int    `json:"ID"`
			Message *string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || len(body.Errors) != 1 || body.Errors[0].ID == nil ||
		*body.Errors[0].ID != 1000+status || body.Errors[0].Message == nil || *body.Errors[0].Message == "" {
		t.Fatalf("body is not an Astra error with ID %d and a message: %s", 1000+status, r.Body)
	}
}

// readFixture reads a file under testdata/astra.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "astra", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// keyPaths lists every object key path in a decoded JSON value, array
// elements collapsed to "[]", so shapes can be compared key by key with
// their exact casing.
func keyPaths(v any) []string {
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := prefix + "." + k
				set[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// snapshot captures everything the Astra API shows about the default org,
// to prove that a failed request changed nothing.
func snapshot(t testing.TB, c *astraClient) map[string]any {
	t.Helper()
	return map[string]any{
		"users":   decode(t, c.must(200, "GET", "/v2/organizations/users", nil).Body),
		"roles":   decode(t, c.must(200, "GET", "/v2/organizations/roles", nil).Body),
		"tenants": decode(t, c.must(200, "GET", "/v1/orgs/"+DefaultOrgID+"/tenants", nil).Body),
	}
}

// roleIDByName finds a role's ID through the list endpoint.
func roleIDByName(t testing.TB, c *astraClient, name string) string {
	t.Helper()
	var roles []struct{ ID, Name string }
	if err := json.Unmarshal(c.must(200, "GET", "/v2/organizations/roles", nil).Body, &roles); err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("no role named %q", name)
	return ""
}

// userIDByEmail finds a user's ID through the list endpoint.
func userIDByEmail(t testing.TB, c *astraClient, email string) string {
	t.Helper()
	var list struct {
		Users []struct{ UserID, Email string }
	}
	if err := json.Unmarshal(c.must(200, "GET", "/v2/organizations/users", nil).Body, &list); err != nil {
		t.Fatal(err)
	}
	for _, u := range list.Users {
		if u.Email == email {
			return u.UserID
		}
	}
	t.Fatalf("no user %q", email)
	return ""
}

// seedUsers stores n invited users in the default org straight through the
// store, as a fixture loader would.
func seedUsers(tb testing.TB, srv *Server, n int) {
	tb.Helper()
	ro := builtinRoleID("RO User")
	for i := range n {
		u := &astraUser{id: srv.env.IDs.UUID(), email: "user" + strconv.Itoa(i) + "@example.com", status: userInvited, roles: []string{ro}}
		if err := srv.astra.store.addUser(DefaultOrgID, u); err != nil {
			tb.Fatal(err)
		}
	}
}
