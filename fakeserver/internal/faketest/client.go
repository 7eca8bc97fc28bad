package faketest

import (
	"encoding/json"
	"net/http"
	"sort"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// Client sends raw requests to a fake through one Target with Astra
// credentials: a bearer token and the X-DataStax-Current-Org header, each
// left out when empty. Argo sends ARGO requests with an admin key instead.
type Client struct {
	t     testing.TB
	tg    Target
	Token string
	Org   string
}

// NewClient returns a client with the default fixture's token and
// organization.
func NewClient(t testing.TB, tg Target) *Client {
	return &Client{t: t, tg: tg, Token: fakeserver.DefaultAstraToken, Org: fakeserver.DefaultOrgID}
}

// With returns a copy of c using another token and org header.
func (c *Client) With(token, org string) *Client {
	cc := *c
	cc.Token, cc.Org = token, org
	return &cc
}

// Do sends a request and fails the test if it gets no response. body is as
// Target.Send takes it; a request with a body says it is JSON.
func (c *Client) Do(method, path string, body any) Response {
	c.t.Helper()
	return c.DoHeaders(method, path, body, nil)
}

// DoHeaders is Do with more headers.
func (c *Client) DoHeaders(method, path string, body any, hdr http.Header) Response {
	c.t.Helper()
	r, err := c.Try(method, path, body, hdr)
	if err != nil {
		c.t.Fatal(err)
	}
	return r
}

// Try is DoHeaders that reports a failed round trip or body read (a
// dropped connection) instead of failing the test.
func (c *Client) Try(method, path string, body any, hdr http.Header) (Response, error) {
	h := http.Header{}
	if c.Token != "" {
		h.Set("Authorization", "Bearer "+c.Token)
	}
	if c.Org != "" {
		h.Set("X-DataStax-Current-Org", c.Org)
	}
	if body != nil {
		h.Set("Content-Type", "application/json")
	}
	for k, vs := range hdr {
		h[k] = vs
	}
	return c.tg.Send(method, path, h, body)
}

// Must sends a request and fails the test unless it answers want.
func (c *Client) Must(want int, method, path string, body any) Response {
	c.t.Helper()
	r := c.Do(method, path, body)
	if r.Status != want {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// ArgoHeader is what an ARGO admin request with key carries.
func ArgoHeader(key string) http.Header {
	return http.Header{"X-Api-Key": {key}, "Accept": {"application/json"}}
}

// Argo sends an ARGO admin request with the default super admin key.
func (c *Client) Argo(method, path string, body any) Response {
	c.t.Helper()
	return c.With("", "").DoHeaders(method, path, body, ArgoHeader(fakeserver.DefaultArgoAdminKey))
}

// Decode unmarshals a JSON body into a generic value (keys keep their
// case).
func Decode(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, b)
	}
	return v
}

// MustUnmarshal decodes JSON or fails the test.
func MustUnmarshal(t testing.TB, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}

// AstraErrBody is the documented Astra error body for status and msg, as
// Decode decodes it.
func AstraErrBody(status int, msg string) any {
	return map[string]any{"errors": []any{map[string]any{"ID": float64(1000 + status), "message": msg}}}
}

// WantError checks status, Content-Type and the exact Astra error body.
func WantError(t testing.TB, r Response, status int, msg string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if diff := testkit.Diff(AstraErrBody(status, msg), Decode(t, r.Body)); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}
}

// WantAstraError checks that a response is an Astra error body with the
// status, for cases where only the status and shape matter.
func WantAstraError(t testing.TB, r Response, status int) {
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

// KeyPaths lists every object key path in a decoded JSON value, array
// elements collapsed to "[]", so shapes can be compared key by key with
// their exact casing.
func KeyPaths(v any) []string {
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

// InProcess returns a client of srv through its in-process transport.
func InProcess(tb testing.TB, srv *fakeserver.Server) *Client {
	return NewClient(tb, Targets(tb, srv)[1])
}

// Loopback returns a client of srv over loopback.
func Loopback(tb testing.TB, srv *fakeserver.Server) *Client {
	return NewClient(tb, Targets(tb, srv)[0])
}

// MustJSON encodes v or fails the test.
func MustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// WantJournal fails the test unless srv's journal summary is want.
func WantJournal(t testing.TB, srv *fakeserver.Server, want ...string) {
	t.Helper()
	if diff := testkit.Diff(want, srv.Journal().Summary()); diff != "" {
		t.Errorf("journal (-want +got):\n%s", diff)
	}
}
