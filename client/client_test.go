package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// basePath is where every test server mounts its handler, so a request
// built from a hard-coded absolute path misses it.
const basePath = "/base"

// testStart is where virtual clocks start: a whole second, so HTTP dates
// (second resolution) round-trip exactly.
var testStart = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// serve starts a loopback server that passes requests under basePath to h
// and fails the test for any other path. It returns the base URL.
func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, basePath+"/") {
			t.Errorf("request outside the base path: %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + basePath
}

// newClient builds a client for baseURL with a virtual clock and the
// maximum backoff jitter (so delays are exact), plus opts.
func newClient(t *testing.T, baseURL string, opts ...client.Option) (*client.Client, *client.VirtualClock) {
	t.Helper()
	clock := client.NewVirtualClock(testStart)
	all := append([]client.Option{
		client.WithBaseURL(baseURL),
		client.WithClock(clock),
		client.WithJitter(func(ceil time.Duration) time.Duration { return ceil }),
	}, opts...)
	c, err := client.New(all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, clock
}

// recorded is what a recording server saw of one request.
type recorded struct {
	Method     string
	RequestURI string
	Header     http.Header
	Body       string
}

// recorder is a handler that keeps every request and answers with the
// responses given, repeating the last one.
type recorder struct {
	mu        sync.Mutex
	requests  []recorded
	responses []response
}

type response struct {
	status int
	header map[string]string
	body   string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	n := len(rec.requests)
	rec.requests = append(rec.requests, recorded{Method: r.Method, RequestURI: r.RequestURI, Header: r.Header.Clone(), Body: string(body)})
	resp := response{status: http.StatusOK}
	if len(rec.responses) > 0 {
		resp = rec.responses[min(n, len(rec.responses)-1)]
	}
	rec.mu.Unlock()
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(resp.status)
	_, _ = io.WriteString(w, resp.body)
}

func (rec *recorder) seen() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]recorded(nil), rec.requests...)
}

func TestNewRejectsInvalidOptions(t *testing.T) {
	t.Parallel()
	const secret = "AstraCS:s3cr3t-token-value"
	source := func(context.Context) (string, error) { return "x", nil }
	tests := []struct {
		name string
		opts []client.Option
	}{
		{"empty base URL", []client.Option{client.WithBaseURL("")}},
		{"relative base URL", []client.Option{client.WithBaseURL("/v2")}},
		{"base URL with another scheme", []client.Option{client.WithBaseURL("ftp://example.com")}},
		{"base URL without host", []client.Option{client.WithBaseURL("http://")}},
		{"unparseable base URL", []client.Option{client.WithBaseURL("http://[::1")}},
		{"base URL with query", []client.Option{client.WithBaseURL("https://example.com/base?x=1")}},
		{"base URL with fragment", []client.Option{client.WithBaseURL("https://example.com/base#x")}},
		{"base URL with credentials", []client.Option{client.WithBaseURL("https://user:" + secret + "@example.com")}},
		{"empty bearer token", []client.Option{client.WithBearerToken("")}},
		{"bearer token with a newline", []client.Option{client.WithBearerToken(secret + "\r\nX-Evil: 1")}},
		{"token and token source", []client.Option{client.WithBearerToken(secret), client.WithTokenSource(source)}},
		{"nil token source", []client.Option{client.WithTokenSource(nil)}},
		{"empty org ID", []client.Option{client.WithOrgID("")}},
		{"empty ARGO key", []client.Option{client.WithArgoAPIKey("")}},
		{"ARGO key with a newline", []client.Option{client.WithArgoAPIKey(secret + "\n")}},
		{"nil HTTP client", []client.Option{client.WithHTTPClient(nil)}},
		{"nil transport", []client.Option{client.WithTransport(nil)}},
		{"empty user agent", []client.Option{client.WithUserAgent("")}},
		{"nil clock", []client.Option{client.WithClock(nil)}},
		{"nil rate limiter", []client.Option{client.WithRateLimiter(nil)}},
		{"zero rate", []client.Option{client.WithRateLimit(0, 1)}},
		{"zero burst", []client.Option{client.WithRateLimit(1, 0)}},
		{"negative retry delay", []client.Option{client.WithRetryPolicy(client.RetryPolicy{BaseDelay: -1})}},
		{"zero max attempts", []client.Option{client.WithMaxAttempts(0)}},
		{"nil attempt hook", []client.Option{client.WithAttemptHook(nil)}},
		{"zero max response bytes", []client.Option{client.WithMaxResponseBytes(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := client.New(tt.opts...)
			if err == nil {
				t.Fatalf("New succeeded with %s; want an error", tt.name)
			}
			if c != nil {
				t.Errorf("New returned a client along with error %v", err)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error reveals the secret: %v", err)
			}
		})
	}
}

func TestNewDoesNoIO(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	rt := roundTripFunc(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, errors.New("unexpected request")
	})
	opts := []client.Option{
		client.WithTransport(rt), client.WithBaseURL("http://127.0.0.1:1/base"), client.WithBearerToken("AstraCS:t"),
		client.WithOrgID("o"), client.WithArgoAPIKey("k"), client.WithRateLimit(1, 1), client.WithLogger(slog.Default()),
	}
	if _, err := client.New(opts...); err != nil {
		t.Fatalf("New: %v", err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("New made %d HTTP requests; want 0", n)
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestBaseURLAndOrgIDAccessors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
	}{
		{"", ""}, // default
		{"https://example.com", "https://example.com"},
		{"https://example.com/", "https://example.com"},
		{"http://127.0.0.1:8080/base/", "http://127.0.0.1:8080/base"},
		{"https://api.example.com/api/v1", "https://api.example.com/api/v1"},
	}
	for _, tt := range tests {
		var opts []client.Option
		if tt.in != "" {
			opts = append(opts, client.WithBaseURL(tt.in))
		}
		c, err := client.New(append(opts, client.WithOrgID("org-1"))...)
		if err != nil {
			t.Fatalf("New(%q): %v", tt.in, err)
		}
		want := tt.want
		if tt.in == "" {
			want = client.DefaultBaseURL
		}
		if diff := testkit.Diff(want, c.BaseURL()); diff != "" {
			t.Errorf("BaseURL() for %q (-want +got):\n%s", tt.in, diff)
		}
		testkit.WantEqual(t, "OrgID()", "org-1", c.OrgID())
	}
	if got := client.DefaultBaseURL; got != "https://api.astra.datastax.com" {
		t.Errorf("DefaultBaseURL = %q", got)
	}
}

func TestRequestsCarryStandardHeaders(t *testing.T) {
	t.Parallel()
	ua := "tenantkit-go/" + tenantkit.Version
	tests := []struct {
		name string
		opts []client.Option
		req  client.Request
		want http.Header // headers the server must see exactly (others ignored)
		none []string    // headers the server must not see
	}{
		{
			name: "defaults",
			req:  client.Request{Method: http.MethodGet, Path: "/v2/organizations/users"},
			want: http.Header{"Accept": {"application/json"}, "User-Agent": {ua}},
			none: []string{"Authorization", "X-Datastax-Current-Org", "X-Api-Key", "Content-Type"},
		},
		{
			name: "astra credentials",
			opts: []client.Option{client.WithBearerToken("AstraCS:abc:123"), client.WithOrgID("org-1"), client.WithUserAgent("myapp/1.2")},
			req:  client.Request{Method: http.MethodGet, Path: "/v1/orgs/org-1/tenants"},
			want: http.Header{
				"Accept":                 {"application/json"},
				"User-Agent":             {ua + " myapp/1.2"},
				"Authorization":          {"Bearer AstraCS:abc:123"},
				"X-Datastax-Current-Org": {"org-1"},
			},
			none: []string{"X-Api-Key"},
		},
		{
			name: "argo key and two user agents",
			opts: []client.Option{client.WithArgoAPIKey("admin-key"), client.WithUserAgent("a/1"), client.WithUserAgent("b/2")},
			req:  client.Request{Method: http.MethodDelete, Path: "/api/v2/admin/tenants/t1"},
			want: http.Header{"Accept": {"application/json"}, "User-Agent": {ua + " a/1 b/2"}, "X-Api-Key": {"admin-key"}},
			none: []string{"Authorization", "X-Datastax-Current-Org"},
		},
		{
			name: "body sets content type",
			req:  client.Request{Method: http.MethodPost, Path: "/v2/organizations/roles", Body: map[string]string{"name": "r"}},
			want: http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}},
		},
		{
			name: "extra headers",
			req:  client.Request{Method: http.MethodGet, Path: "/x", Header: http.Header{"x-trace": {"t-1"}}},
			want: http.Header{"Accept": {"application/json"}, "X-Trace": {"t-1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			c, _ := newClient(t, serve(t, rec.ServeHTTP), tt.opts...)
			if _, err := c.Do(context.Background(), tt.req, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			seen := rec.seen()
			if len(seen) != 1 {
				t.Fatalf("server saw %d requests; want 1", len(seen))
			}
			got := http.Header{}
			for k := range tt.want {
				if v, ok := seen[0].Header[k]; ok {
					got[k] = v
				}
			}
			testkit.WantEqual(t, "request headers", tt.want, got)
			for _, k := range tt.none {
				if v, ok := seen[0].Header[k]; ok {
					t.Errorf("request has header %s: %q; want none", k, v)
				}
			}
		})
	}
}

func TestRequestURLKeepsBasePathColonAndQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		baseURL func(string) string
		req     client.Request
		want    string
	}{
		{
			name: "ARGO users:byID keeps a literal colon and escaped ID",
			req: client.Request{Method: http.MethodGet, Path: "/api/v2/admin/users:byID/" + url.PathEscape("u/1 x"),
				Query: url.Values{"export": {"flat"}}},
			want: "/base/api/v2/admin/users:byID/u%2F1%20x?export=flat",
		},
		{
			name: "query values are encoded and sorted",
			req:  client.Request{Method: http.MethodGet, Path: "/v1/orgs/o/tenants", Query: url.Values{"b": {"2", "1"}, "a b": {"c&d=e"}}},
			want: "/base/v1/orgs/o/tenants?a+b=c%26d%3De&b=2&b=1",
		},
		{
			name:    "trailing slash on the base URL is ignored",
			baseURL: func(u string) string { return u + "/" },
			req:     client.Request{Method: http.MethodGet, Path: "/v2/currentOrg"},
			want:    "/base/v2/currentOrg",
		},
		{
			name: "empty query adds no question mark",
			req:  client.Request{Method: http.MethodGet, Path: "/v2/currentOrg", Query: url.Values{}},
			want: "/base/v2/currentOrg",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			base := serve(t, rec.ServeHTTP)
			if tt.baseURL != nil {
				base = tt.baseURL(base)
			}
			c, _ := newClient(t, base)
			if _, err := c.Do(context.Background(), tt.req, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			seen := rec.seen()
			if len(seen) != 1 {
				t.Fatalf("server saw %d requests; want 1", len(seen))
			}
			testkit.WantEqual(t, "request URI", tt.want, seen[0].RequestURI)
		})
	}
}

func TestInvalidRequestFailsBeforeSending(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := newClient(t, serve(t, rec.ServeHTTP))
	tests := []struct {
		name string
		req  client.Request
	}{
		{"path without leading slash", client.Request{Method: http.MethodGet, Path: "v2/x"}},
		{"path with a query", client.Request{Method: http.MethodGet, Path: "/v2/x?a=1"}},
		{"empty method", client.Request{Path: "/v2/x"}},
		{"invalid method", client.Request{Method: "GET X", Path: "/v2/x"}},
		{"body that cannot be encoded", client.Request{Method: http.MethodPost, Path: "/v2/x", Body: map[string]any{"f": func() {}}}},
	}
	for _, tt := range tests {
		if _, err := c.Do(context.Background(), tt.req, nil); err == nil {
			t.Errorf("%s: Do succeeded; want an error", tt.name)
		}
	}
	if n := len(rec.seen()); n != 0 {
		t.Errorf("server saw %d requests; want 0", n)
	}
}

// countingBody counts how often it is JSON-encoded.
type countingBody struct {
	calls *atomic.Int32
	Name  string `json:"name"`
}

func (b countingBody) MarshalJSON() ([]byte, error) {
	b.calls.Add(1)
	return json.Marshal(map[string]string{"name": b.Name})
}

func TestBodyIsEncodedOnceAndReplayedOnRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	tests := []struct {
		name string
		body any
		want string
	}{
		{"value is JSON-encoded", countingBody{calls: &calls, Name: "ops"}, `{"name":"ops"}`},
		{"bytes are sent verbatim", []byte(`{"a": 1}`), `{"a": 1}`},
		{"raw message is sent verbatim", json.RawMessage(`[1, 2]`), `[1, 2]`},
	}
	for _, tt := range tests {
		rec := &recorder{responses: []response{{status: 503}, {status: 502}, {status: 200, body: `{}`}}}
		c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"))
		req := client.Request{Operation: "updateRole", Method: http.MethodPut, Path: "/v2/organizations/roles/r1", Body: tt.body}
		if _, err := c.Do(context.Background(), req, nil); err != nil {
			t.Fatalf("%s: Do: %v", tt.name, err)
		}
		var bodies []string
		for _, r := range rec.seen() {
			bodies = append(bodies, r.Body)
			if got := r.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("%s: Content-Type = %q; want application/json", tt.name, got)
			}
		}
		if diff := testkit.Diff([]string{tt.want, tt.want, tt.want}, bodies); diff != "" {
			t.Errorf("%s: bodies the server saw (-want +got):\n%s", tt.name, diff)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("MarshalJSON called %d times over 3 attempts; want 1", n)
	}
}

func TestDoDecodesSuccessBody(t *testing.T) {
	t.Parallel()
	type user struct {
		UserID string
		Email  string
	}
	prefilled := user{UserID: "keep", Email: "keep@example.com"}
	tests := []struct {
		name   string
		status int
		body   string
		want   user
	}{
		{"JSON body is decoded", 200, `{"UserID":"u1","Email":"a@example.com"}`, user{UserID: "u1", Email: "a@example.com"}},
		{"keys match case-insensitively", 200, `{"userID":"u1","email":"a@example.com"}`, user{UserID: "u1", Email: "a@example.com"}},
		{"empty 200 leaves out untouched", 200, ``, prefilled},
		{"whitespace-only 200 leaves out untouched", 200, " \n", prefilled},
		{"204 leaves out untouched", 204, ``, prefilled},
		{"201 is a success", 201, `{"UserID":"u2"}`, user{UserID: "u2", Email: "keep@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{responses: []response{{status: tt.status, body: tt.body}}}
			c, _ := newClient(t, serve(t, rec.ServeHTTP))
			got := prefilled
			resp, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/v2/organizations/users/u1"}, &got)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			testkit.WantEqual(t, "decoded", tt.want, got)
			testkit.WantEqual(t, "response", client.Response{StatusCode: tt.status, Header: resp.Header, Attempts: 1}, *resp)
		})
	}
}

func TestDoReportsUndecodableSuccessBody(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 200, body: `{"UserID": 12`}}}
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"))
	var out struct{ UserID string }
	_, err := c.Do(context.Background(), client.Request{Operation: "getOrganizationUser", Method: http.MethodGet, Path: "/v2/organizations/users/u1"}, &out)
	if err == nil {
		t.Fatal("Do succeeded on a truncated body")
	}
	if want := "tenantkit: getOrganizationUser GET /v2/organizations/users/u1: decoding the response body"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q; want prefix %q", err, want)
	}
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Errorf("error %v does not wrap the *json.SyntaxError", err)
	}
}

func TestMaxResponseBytesBoundsBufferedBody(t *testing.T) {
	t.Parallel()
	const limit = 1024
	atLimit := `"` + strings.Repeat("x", limit-2) + `"`
	tests := []struct {
		name    string
		body    string
		wantErr bool
	}{
		{"body at the limit is read", atLimit, false},
		{"body over the limit fails clearly", atLimit + " ", true},
		{"large body fails clearly", `"` + strings.Repeat("y", 10*limit) + `"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{responses: []response{{status: 200, body: tt.body}}}
			c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithMaxResponseBytes(limit))
			var out string
			_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/big"}, &out)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "response body exceeds 1024 bytes") {
					t.Fatalf("Do error = %v; want one saying the body exceeds 1024 bytes", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if len(out) != limit-2 {
				t.Errorf("decoded %d bytes; want %d", len(out), limit-2)
			}
		})
	}
}

func TestTokenSourceIsCalledForEveryAttempt(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 503}, {status: 429}, {status: 200}}}
	var n atomic.Int32
	src := func(ctx context.Context) (string, error) {
		return "AstraCS:rotated-" + string(rune('0'+n.Add(1))), nil
	}
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithTokenSource(src))
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/v2/organizations/roles"}, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	var got []string
	for _, r := range rec.seen() {
		got = append(got, r.Header.Get("Authorization"))
	}
	want := []string{"Bearer AstraCS:rotated-1", "Bearer AstraCS:rotated-2", "Bearer AstraCS:rotated-3"}
	testkit.WantEqual(t, "Authorization per attempt", want, got)
}

func TestTokenSourceErrorAbortsTheCall(t *testing.T) {
	t.Parallel()
	errRefresh := errors.New("refresh failed")
	const token = "AstraCS:first-token-0123456789"
	tests := []struct {
		name     string
		src      func(calls int) (string, error)
		wantSeen int
	}{
		{"error before the first attempt", func(int) (string, error) { return "", errRefresh }, 0},
		{"error before a retry", func(calls int) (string, error) {
			if calls == 1 {
				return token, nil
			}
			return "", errors.Join(errRefresh, errors.New("old token "+token+" expired"))
		}, 1},
		{"empty token", func(int) (string, error) { return "", nil }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{responses: []response{{status: 503}}}
			var calls int
			var mu sync.Mutex
			src := func(context.Context) (string, error) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				return tt.src(calls)
			}
			c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithTokenSource(src))
			_, err := c.Do(context.Background(), client.Request{Operation: "getOrganizationRoles", Method: http.MethodGet, Path: "/v2/organizations/roles"}, nil)
			if err == nil {
				t.Fatal("Do succeeded; want the token source's error")
			}
			if len(rec.seen()) != tt.wantSeen {
				t.Errorf("server saw %d requests; want %d", len(rec.seen()), tt.wantSeen)
			}
			if tt.name != "empty token" && !errors.Is(err, errRefresh) {
				t.Errorf("error %v does not wrap the token source's error", err)
			}
			if !strings.HasPrefix(err.Error(), "tenantkit: getOrganizationRoles GET /v2/organizations/roles: token source") {
				t.Errorf("error %q does not name the operation and the token source", err)
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("error reveals the token: %v", err)
			}
		})
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	t.Parallel()
	other := &recorder{}
	otherURL := serve(t, other.ServeHTTP)
	rec := &recorder{responses: []response{{status: http.StatusFound, header: map[string]string{"Location": otherURL + "/stolen"}}}}
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithArgoAPIKey("argo-admin-key"))
	_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/api/v2/admin/tenants"}, nil)
	if err == nil || !strings.Contains(err.Error(), "refused redirect") {
		t.Fatalf("Do error = %v; want a refused redirect", err)
	}
	if n := len(other.seen()); n != 0 {
		t.Errorf("the other host saw %d requests (the API key leaked); want 0", n)
	}
	if n := len(rec.seen()); n != 1 {
		t.Errorf("a refused redirect was retried: server saw %d requests; want 1", n)
	}
}

func TestRedirectWithinTheHostIsFollowedWithCredentials(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var keys []string
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("X-Api-Key"))
		mu.Unlock()
		if r.URL.Path == basePath+"/old" {
			http.Redirect(w, r, basePath+"/new", http.StatusTemporaryRedirect)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	c, _ := newClient(t, base, client.WithArgoAPIKey("argo-admin-key"))
	var out struct{ OK bool }
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/old"}, &out); err != nil {
		t.Fatalf("Do: %v", err)
	}
	testkit.WantEqual(t, "x-api-key per request", []string{"argo-admin-key", "argo-admin-key"}, keys)
	if !out.OK {
		t.Error("body of the redirect target was not decoded")
	}
}

func TestRedirectThatWouldChangeTheMethodIsNotFollowed(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []string
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		if r.URL.Path == basePath+"/old" {
			http.Redirect(w, r, basePath+"/new", http.StatusMovedPermanently)
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	})
	c, _ := newClient(t, base)
	_, err := c.Do(context.Background(), client.Request{Operation: "deleteThing", Method: http.MethodDelete, Path: "/old"}, nil)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusMovedPermanently {
		t.Fatalf("DELETE answered with a 301: err = %v, want an *APIError with status 301", err)
	}
	testkit.WantEqual(t, "requests the server saw", []string{"DELETE " + basePath + "/old"}, seen)
}

func TestWithHTTPClientIsCopiedNotModified(t *testing.T) {
	t.Parallel()
	var used atomic.Int32
	rec := &recorder{}
	base := serve(t, rec.ServeHTTP)
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, _ := newClient(t, base, client.WithHTTPClient(hc))
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if used.Load() != 1 {
		t.Errorf("the given client's transport carried %d requests; want 1", used.Load())
	}
	if hc.CheckRedirect != nil {
		t.Error("New modified the caller's http.Client (CheckRedirect set)")
	}
}

func TestWithTransportCarriesRequests(t *testing.T) {
	t.Parallel()
	var used atomic.Int32
	rec := &recorder{}
	base := serve(t, rec.ServeHTTP)
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})
	c, _ := newClient(t, base, client.WithTransport(rt))
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if used.Load() != 1 {
		t.Errorf("the transport carried %d requests; want 1", used.Load())
	}
}

func TestResponseHeaderDropsEchoedCredentials(t *testing.T) {
	t.Parallel()
	// The ARGO server copies the request's headers into 401/403/406 responses.
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		for k, v := range r.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusUnauthorized)
	})
	c, _ := newClient(t, base, client.WithArgoAPIKey("argo-admin-key"), client.WithBearerToken("AstraCS:tok"))
	resp, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/api/v2/admin/tenants"}, nil)
	if !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("Do error = %v; want ErrUnauthorized", err)
	}
	if resp == nil {
		t.Fatal("no Response returned with the API error")
	}
	for _, k := range []string{"X-Api-Key", "Authorization"} {
		if v := resp.Header.Values(k); len(v) > 0 {
			t.Errorf("Response.Header[%s] = %q; want it dropped", k, v)
		}
	}
	if got := resp.Header.Get("Accept"); got != "application/json" {
		t.Errorf("other echoed headers should stay: Accept = %q", got)
	}
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seenCalls := map[string]bool{}
	var requests atomic.Int32
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		call := r.Header.Get("X-Call")
		mu.Lock()
		first := !seenCalls[call]
		seenCalls[call] = true
		mu.Unlock()
		if first && strings.HasSuffix(call, "0") {
			// Every tenth call is rate limited once.
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = io.WriteString(w, `{"id":"`+call+`"}`)
	})
	var hooks atomic.Int32
	c, _ := newClient(t, base, client.WithBearerToken("AstraCS:t"), client.WithAttemptHook(func(context.Context, client.Attempt) { hooks.Add(1) }))
	const calls = 50
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := strconv.Itoa(i)
			var out struct{ ID string }
			req := client.Request{Method: http.MethodGet, Path: "/x", Header: http.Header{"X-Call": {id}}}
			if _, err := c.Do(context.Background(), req, &out); err != nil {
				errs <- err
				return
			}
			if out.ID != id {
				errs <- fmt.Errorf("call %s got the body of call %s", id, out.ID)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := int(requests.Load()), calls+calls/10; got != want {
		t.Errorf("server saw %d requests; want %d", got, want)
	}
	if got, want := hooks.Load(), requests.Load(); got != want {
		t.Errorf("hooks saw %d attempts; server saw %d", got, want)
	}
}

func TestClockAccessorReturnsTheConfiguredClock(t *testing.T) {
	t.Parallel()
	vc := client.NewVirtualClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	c, err := client.New(client.WithClock(vc))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Clock(); got != client.Clock(vc) {
		t.Errorf("Clock() = %v, want the VirtualClock given to WithClock", got)
	}
	d, err := client.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, virtual := d.Clock().(*client.VirtualClock); virtual || d.Clock() == nil {
		t.Errorf("default Clock() = %T, want the system clock", d.Clock())
	}
}

func TestEachAPIGetsOnlyItsOwnCredentials(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	base := serve(t, rec.ServeHTTP)
	c, _ := newClient(t, base,
		client.WithBearerToken("AstraCS:scoping-test-token"),
		client.WithOrgID("org-1"),
		client.WithArgoAPIKey("argo-scoping-test-key"))
	for _, api := range []client.API{client.APIAstra, client.APIArgo, client.APIUnspecified} {
		if _, err := c.Do(context.Background(), client.Request{API: api, Method: http.MethodGet, Path: "/x"}, nil); err != nil {
			t.Fatalf("API %d: %v", api, err)
		}
	}
	type creds struct{ Authorization, Org, APIKey string }
	var got []creds
	for _, r := range rec.seen() {
		got = append(got, creds{r.Header.Get("Authorization"), r.Header.Get("X-DataStax-Current-Org"), r.Header.Get("X-Api-Key")})
	}
	want := []creds{
		{"Bearer AstraCS:scoping-test-token", "org-1", ""},                      // Astra
		{"", "", "argo-scoping-test-key"},                                       // ARGO
		{"Bearer AstraCS:scoping-test-token", "org-1", "argo-scoping-test-key"}, // unspecified
	}
	testkit.WantEqual(t, "credentials per API", want, got)
}

func TestRequestsMissingTheirAPIsCredentialsFailBeforeSending(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	base := serve(t, rec.ServeHTTP)
	tests := []struct {
		name string
		opts []client.Option
		api  client.API
		want string
	}{
		{"astra without a token", []client.Option{client.WithBaseURL(base), client.WithArgoAPIKey("argo-key-123456")}, client.APIAstra, "no Astra token"},
		{"argo without a key", []client.Option{client.WithBaseURL(base), client.WithBearerToken("AstraCS:tok-123456")}, client.APIArgo, "no ARGO API key"},
		{"argo at the default (Astra) base URL", []client.Option{client.WithArgoAPIKey("argo-key-123456")}, client.APIArgo, "set the ARGO server with WithBaseURL"},
	}
	for _, tt := range tests {
		c, err := client.New(tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(context.Background(), client.Request{API: tt.api, Operation: "op", Method: http.MethodGet, Path: "/x"}, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want one saying %q", tt.name, err, tt.want)
		}
	}
	if n := len(rec.seen()); n != 0 {
		t.Errorf("the server saw %d requests, want none", n)
	}
}

// TestUnbuiltClientReportsAnErrorInsteadOfPanicking: services built on a
// nil client (tenants.NewArgo(nil)) call through it, and a zero
// client.Client{} has no transport; every entry point must answer with an
// error saying to use client.New, never panic.
func TestUnbuiltClientReportsAnErrorInsteadOfPanicking(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		c    *client.Client
		want string
	}{
		{"nil", nil, "nil *client.Client (build one with client.New)"},
		{"zero", &client.Client{}, "zero client.Client{} (build one with client.New)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			req := client.Request{Operation: "getThing", Method: http.MethodGet, Path: "/x"}
			check := func(entry string, err error) {
				t.Helper()
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s on a %s client: error = %v, want one saying %q", entry, tc.name, err, tc.want)
				}
			}
			_, err := tc.c.Do(ctx, req, nil)
			check("Do", err)
			_, _, err = tc.c.Stream(ctx, req)
			check("Stream", err)
			_, err = client.Collect[int](ctx, tc.c, req)
			check("Collect", err)
			check("Scan", client.Scan(ctx, tc.c, req, func(int) bool { return true }))
			n := 0
			for _, err := range client.Items[int](ctx, tc.c, req) {
				n++
				check("Items", err)
			}
			if n != 1 {
				t.Errorf("Items on a %s client yielded %d times, want one error", tc.name, n)
			}
			if tc.c.OrgID() != "" || tc.c.BaseURL() != "" || tc.c.Clock() == nil {
				t.Errorf("accessors on a %s client: %q, %q, %v", tc.name, tc.c.OrgID(), tc.c.BaseURL(), tc.c.Clock())
			}
		})
	}
}

// TestEmptyBaseURLIsNamedEmpty: WithBaseURL("") says the URL is empty and
// what to give, rather than complaining about its scheme.
func TestEmptyBaseURLIsNamedEmpty(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "  "} {
		_, err := client.New(client.WithBaseURL(in))
		want := "tenantkit: WithBaseURL: empty URL; give the server's absolute http or https URL, such as https://api.astra.datastax.com"
		if err == nil || err.Error() != want {
			t.Errorf("New(WithBaseURL(%q)) error = %v\nwant %s", in, err, want)
		}
	}
}

func TestSystemClockSleeps(t *testing.T) {
	t.Parallel()
	clock := client.SystemClock()
	start := time.Now()
	if err := clock.Sleep(context.Background(), 20*time.Millisecond); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
		t.Errorf("Sleep(20ms) returned after %v", elapsed)
	}
	if now := clock.Now(); now.Before(start) || time.Since(now) > time.Second {
		t.Errorf("Now() = %v; want the wall clock", now)
	}
}

func TestSystemClockSleepReturnsPromptlyOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- client.SystemClock().Sleep(ctx, time.Hour) }()
	time.Sleep(5 * time.Millisecond)
	start := time.Now()
	cancel()
	err := <-done
	if elapsed := time.Since(start); elapsed > 50*time.Millisecond {
		t.Errorf("Sleep returned %v after cancel; want promptly", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep error = %v; want context.Canceled", err)
	}
}

func TestSystemClockNonPositiveSleepReturnsAtOnce(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	if err := client.SystemClock().Sleep(ctx, 0); err != nil {
		t.Errorf("Sleep(0) = %v; want nil", err)
	}
	cancel()
	if err := client.SystemClock().Sleep(ctx, -time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(-1s) on a cancelled context = %v; want context.Canceled", err)
	}
}

func TestVirtualClockSleepAdvancesTime(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(testStart)
	if err := clock.Sleep(context.Background(), 3*time.Second); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	clock.Advance(time.Minute)
	_ = clock.Sleep(context.Background(), -time.Second) // no effect
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := clock.Sleep(ctx, time.Hour)
	got := []any{clock.Now(), clock.Slept(), errors.Is(err, context.Canceled)}
	want := []any{testStart.Add(3*time.Second + time.Minute), 3 * time.Second, true}
	testkit.WantEqual(t, "Now, Slept, cancelled", want, got)
}

func TestVirtualClockSetMovesTimeEitherWayWithoutSleeping(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(testStart)
	later := testStart.Add(48 * time.Hour)
	clock.Set(later)
	afterForward := clock.Now()
	clock.Set(testStart.Add(-time.Hour))
	got := []any{afterForward, clock.Now(), clock.Slept()}
	want := []any{later, testStart.Add(-time.Hour), time.Duration(0)}
	testkit.WantEqual(t, "Now after Set forward, Now after Set back, Slept", want, got)
}

func TestVirtualClockIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(testStart)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				_ = clock.Sleep(context.Background(), time.Millisecond)
				_ = clock.Now()
			}
		}()
	}
	wg.Wait()
	testkit.WantEqual(t, "Slept", time.Second, clock.Slept())
	testkit.WantEqual(t, "Now", testStart.Add(time.Second), clock.Now())
}

func TestVirtualClockZeroValueIsUsable(t *testing.T) {
	t.Parallel()
	var clock client.VirtualClock
	if err := clock.Sleep(context.Background(), time.Second); err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Now", time.Time{}.Add(time.Second), clock.Now())
}

// TestSpecOperationsGetTheirAPIsCredentials: a request naming an operation
// of openapi.yaml, with no API set, carries the credentials of the API the
// spec gives the operation; a request of a name outside the spec still
// carries every credential.
func TestSpecOperationsGetTheirAPIsCredentials(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := newClient(t, serve(t, rec.ServeHTTP),
		client.WithBearerToken("AstraCS:spec-facts-token"),
		client.WithOrgID("org-1"),
		client.WithArgoAPIKey("argo-spec-facts-key"))
	for _, req := range []client.Request{
		{Operation: tenantkit.OpGetOrganizationUsers, Method: http.MethodGet, Path: "/v2/organizations/users"},
		{Operation: tenantkit.OpArgoListTenants, Method: http.MethodGet, Path: "/api/v2/admin/tenants"},
		{Operation: "listThings", Method: http.MethodGet, Path: "/things"},
	} {
		if _, err := c.Do(context.Background(), req, nil); err != nil {
			t.Fatalf("%s: %v", req.Operation, err)
		}
	}
	type creds struct{ Authorization, Org, APIKey string }
	var got []creds
	for _, r := range rec.seen() {
		got = append(got, creds{r.Header.Get("Authorization"), r.Header.Get("X-DataStax-Current-Org"), r.Header.Get("X-Api-Key")})
	}
	want := []creds{
		{"Bearer AstraCS:spec-facts-token", "org-1", ""},
		{"", "", "argo-spec-facts-key"},
		{"Bearer AstraCS:spec-facts-token", "org-1", "argo-spec-facts-key"},
	}
	testkit.WantEqual(t, "credentials per request", want, got)
}

// TestSpecOperationsAreResentAsTheSpecSays: after a connection lost once the
// request was sent, an operation openapi.yaml marks x-tenantkit-idempotent
// (the Langflow reactivate PATCH) is sent again without the request saying
// so, while a POST the spec does not mark is not; requests outside the spec
// go by Request.Idempotent and their method.
func TestSpecOperationsAreResentAsTheSpecSays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  client.Request
		want int
	}{
		{"x-tenantkit-idempotent PATCH", client.Request{Operation: tenantkit.OpReactivateLangflowTenant, Method: http.MethodPatch, Path: "/v1/orgs/o1/tenant/t1/reactivate"}, 3},
		{"unmarked POST", client.Request{Operation: tenantkit.OpCreateLangflowTenant, Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, 1},
		{"PATCH outside the spec", client.Request{Operation: "patchThing", Method: http.MethodPatch, Path: "/things/t1"}, 1},
		{"PATCH outside the spec, marked", client.Request{Operation: "patchThing", Method: http.MethodPatch, Path: "/things/t1", Idempotent: true}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int32
			base := serve(t, counting(&seen, dropBeforeAnswering(t))) // read, maybe processed, never answered
			c, _ := newClient(t, base, client.WithMaxAttempts(3), client.WithBearerToken("AstraCS:t"), client.WithOrgID("o1"))
			if _, err := c.Do(context.Background(), tt.req, nil); err == nil {
				t.Fatal("Do succeeded on a dropped connection")
			}
			if got := int(seen.Load()); got != tt.want {
				t.Errorf("server saw %d requests; want %d", got, tt.want)
			}
		})
	}
}

// TestRequestsContradictingTheSpecFailBeforeSending: a request naming an
// operation of openapi.yaml with another method, the other API, or marked
// Idempotent when the spec does not say so is a programming error, reported
// before anything is sent.
func TestRequestsContradictingTheSpecFailBeforeSending(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"), client.WithArgoAPIKey("argo-key-123456"))
	tests := []struct {
		req  client.Request
		want string
	}{
		{client.Request{Operation: tenantkit.OpGetOrganizationRole, Method: http.MethodPost, Path: "/v2/organizations/roles/r1"},
			"tenantkit: getOrganizationRole POST /v2/organizations/roles/r1: openapi.yaml sends getOrganizationRole as GET, not POST"},
		{client.Request{API: client.APIArgo, Operation: tenantkit.OpGetOrganizationRole, Method: http.MethodGet, Path: "/v2/organizations/roles/r1"},
			"tenantkit: getOrganizationRole GET /v2/organizations/roles/r1: getOrganizationRole is an operation of the Astra API, but the request is for the ARGO API"},
		{client.Request{Operation: tenantkit.OpArgoCreateTenant, Method: http.MethodPost, Path: "/api/v2/admin/tenants", Idempotent: true},
			"tenantkit: argoCreateTenant POST /api/v2/admin/tenants: the request is marked Idempotent, but openapi.yaml does not mark argoCreateTenant safe to send again (x-tenantkit-idempotent)"},
	}
	for _, tt := range tests {
		_, err := c.Do(context.Background(), tt.req, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error = %v\nwant %s", err, tt.want)
		}
	}
	if n := len(rec.seen()); n != 0 {
		t.Errorf("the server saw %d requests, want none", n)
	}
	// The spec's own facts are accepted when a request repeats them.
	ok := client.Request{API: client.APIAstra, Operation: tenantkit.OpReactivateLangflowTenant, Method: http.MethodPatch, Path: "/v1/orgs/o1/tenant/t1/reactivate", Idempotent: true}
	if _, err := c.Do(context.Background(), ok, nil); err != nil {
		t.Errorf("a request agreeing with the spec was refused: %v", err)
	}
}
