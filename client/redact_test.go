package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// lockedBuffer is an io.Writer safe for the concurrent handlers of a test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSecretsNeverReachErrorsOrLogs provokes every kind of failure while a
// debug logger records everything, then looks for the secrets in every error
// string, APIError field, attempt and log record.
func TestSecretsNeverReachErrorsOrLogs(t *testing.T) {
	t.Parallel()
	const (
		token      = "AstraCS:ZmFrZVRva2Vu:0123456789abcdef0123456789abcdef"
		argoKey    = "argo-admin-key-4c1d9f7e2b"
		password   = `hunter2<&>"pass`
		userKey    = "5f1c0c3c4ad2f1d8b0d9e7a1c2b3a4958677f6e5d4c3b2a1908f7e6d5c4b3a29" // echoed by ARGO, unknown to the SDK
		otherToken = "AstraCS:b3RoZXI:fedcba9876543210"                                 // unknown to the SDK
		jwt        = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"                // unknown to the SDK
		rotated    = "AstraCS:cm90YXRlZA:aaaabbbbccccdddd"
	)
	secrets := []string{token, argoKey, password, userKey, otherToken, jwt, rotated}

	logs := &lockedBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var hookMu sync.Mutex
	var attemptErrors []string
	common := []client.Option{
		client.WithLogger(logger),
		client.WithMaxAttempts(3),
		client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
			if a.Err != nil {
				hookMu.Lock()
				attemptErrors = append(attemptErrors, a.Err.Error())
				hookMu.Unlock()
			}
		}),
	}
	withCreds := append([]client.Option{client.WithBearerToken(token), client.WithArgoAPIKey(argoKey)}, common...)

	echoAll := func(w http.ResponseWriter, r *http.Request) {
		// A hostile ARGO-style 401: the request's headers come back as
		// headers and, for good measure, in the body.
		for k, v := range r.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusUnauthorized)
		msg := fmt.Sprintf("bad credentials: x-api-key=%s Authorization=%s", r.Header.Get("X-Api-Key"), r.Header.Get("Authorization"))
		_ = json.NewEncoder(w).Encode(map[string]any{"status": map[string]string{"message": "Unauthorized", "code": "401", "details": msg}})
	}
	fixture := func(status int, name string) http.HandlerFunc {
		body := readFixture(t, name)
		return func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write(body)
		}
	}
	jsonMessage := func(status int, msg string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"ID": status, "message": msg}}})
		}
	}
	text := func(status int, msg string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = io.WriteString(w, msg)
		}
	}
	get := client.Request{Operation: "op", Method: http.MethodGet, Path: "/x"}
	withPassword := client.Request{Operation: "createUser", Method: http.MethodPost, Path: "/api/v2/admin/tenants/t1/users",
		Body: map[string]string{"password": password}, Secrets: []string{password}}
	var rotations int
	var rotMu sync.Mutex

	tests := []struct {
		name    string
		handler http.HandlerFunc // nil: nothing listens
		opts    []client.Option
		req     client.Request
		run     func(c *client.Client, req client.Request) error // default: Do
	}{
		{name: "ARGO 401 echoing headers", handler: echoAll, opts: withCreds, req: get},
		{name: "ARGO 409 echoing a user's key (JSON)", handler: fixture(409, "argo-409-api-key-conflict.json"), opts: withCreds, req: withPassword},
		{name: "ARGO 409 echoing a user's key (XML)", handler: fixture(409, "argo-409-api-key-conflict.xml"), opts: withCreds, req: withPassword},
		{name: "400 echoing the password in JSON", handler: jsonMessage(400, "weak password "+password), opts: withCreds, req: withPassword},
		{name: "400 echoing the password in text", handler: text(400, "weak password: "+password), opts: withCreds, req: withPassword},
		{name: "500 with unknown tokens in text", handler: text(500, "upstream said: Authorization: Bearer "+jwt+" and token="+otherToken), opts: withCreds, req: get},
		{name: "503 retried with the token in the message", handler: jsonMessage(503, "overloaded while checking "+token), opts: withCreds, req: get},
		{name: "secret in the path and query", handler: jsonMessage(404, "no user "+password), opts: withCreds,
			req: client.Request{Operation: "getUserByID", Method: http.MethodGet, Path: "/api/v2/admin/users:byID/" + url.PathEscape(password),
				Query: url.Values{"k": {password}}, Secrets: []string{password}}},
		{name: "connection refused with the secret in the query", opts: withCreds,
			req: client.Request{Operation: "op", Method: http.MethodGet, Path: "/x", Query: url.Values{"k": {password}}, Secrets: []string{password}}},
		{name: "token source failing with the token in its error", handler: jsonMessage(503, "busy"),
			opts: append([]client.Option{client.WithTokenSource(func(context.Context) (string, error) {
				rotMu.Lock()
				defer rotMu.Unlock()
				if rotations++; rotations == 1 {
					return rotated, nil
				}
				return "", errors.New("cannot refresh " + rotated)
			})}, common...), req: get},
		{name: "undecodable success body holding the token", handler: text(200, `{"token":"`+token+`"`), opts: withCreds, req: get,
			run: func(c *client.Client, req client.Request) error {
				var out map[string]any
				_, err := c.Do(context.Background(), req, &out)
				return err
			}},
		{name: "items over a broken list holding the token", handler: text(200, `[{"token":"`+token+`"},{"token":`), opts: withCreds, req: get,
			run: func(c *client.Client, req client.Request) error {
				for _, err := range client.Items[map[string]any](context.Background(), c, req) {
					if err != nil {
						return err
					}
				}
				return errors.New("no error from a broken list")
			}},
		{name: "redirect to another host carrying the key", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://evil.example/steal?key="+argoKey, http.StatusFound)
		}, opts: withCreds, req: get},
		{name: "deadline in the backoff", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			jsonMessage(429, "slow down "+token)(w, r)
		}, opts: withCreds, req: get},
	}

	var errs []error
	for _, tt := range tests {
		base := "http://" + closedAddr(t) + basePath
		if tt.handler != nil {
			base = serve(t, tt.handler)
		}
		c, _ := newClient(t, base, tt.opts...)
		run := tt.run
		if run == nil {
			run = func(c *client.Client, req client.Request) error {
				_, err := c.Do(context.Background(), req, nil)
				return err
			}
		}
		err := run(c, tt.req)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		errs = append(errs, err)
		logger.Debug("caller logs the error", "err", err, "case", tt.name)

		texts := map[string]string{
			"Error()": err.Error(), "%v": fmt.Sprintf("%v", err), "%+v": fmt.Sprintf("%+v", err), "%#v": fmt.Sprintf("%#v", err),
		}
		var apiErr *client.APIError
		if errors.As(err, &apiErr) {
			texts["Message"] = apiErr.Message
			texts["Details"] = strings.Join(apiErr.Details, "\n")
			texts["Body"] = string(apiErr.Body)
			texts["Path"] = apiErr.Path
			texts["Code"] = apiErr.Code
			texts["%#v APIError"] = fmt.Sprintf("%#v", *apiErr)
		}
		for where, s := range texts {
			for _, secret := range secrets {
				for _, form := range forms(secret) {
					if strings.Contains(s, form) {
						t.Errorf("%s: %s reveals a secret (%q): %s", tt.name, where, form, s)
					}
				}
			}
		}
	}
	if len(errs) != len(tests) {
		t.Fatalf("only %d of %d cases failed as they should", len(errs), len(tests))
	}

	logText := logs.String()
	hookMu.Lock()
	hooked := strings.Join(attemptErrors, "\n")
	hookMu.Unlock()
	for _, secret := range secrets {
		for _, form := range forms(secret) {
			if strings.Contains(logText, form) {
				t.Errorf("the debug log reveals a secret (%q)", form)
			}
			if strings.Contains(hooked, form) {
				t.Errorf("an attempt error reveals a secret (%q)", form)
			}
		}
	}
	if n := strings.Count(logText, `"msg":"tenantkit: attempt"`); n < len(tests) {
		t.Errorf("the log holds %d attempt records; want at least %d", n, len(tests))
	}
	if !strings.Contains(logText, "[REDACTED]") {
		t.Error("the log shows no redaction at all; the test provoked nothing")
	}
}

// forms returns the ways a secret can be spelled in text: as is, and as
// JSON and URLs escape it.
func forms(s string) []string {
	out := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	for _, html := range []bool{true, false} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		_ = enc.Encode(s)
		out = append(out, strings.Trim(strings.TrimSpace(b.String()), `"`))
	}
	return out
}

func TestRedactionKeepsTheErrorReadable(t *testing.T) {
	t.Parallel()
	const token = "AstraCS:ZmFrZVRva2Vu:0123456789abcdef"
	tests := []struct {
		name    string
		fixture string
		body    string
		want    client.APIError
	}{
		{
			name: "ARGO key echo", fixture: "argo-409-api-key-conflict.json",
			want: client.APIError{Code: "409", Title: "Conflict", Message: "More than one users found using the key: [REDACTED]"},
		},
		{
			name: "ARGO key echo in XML", fixture: "argo-409-api-key-conflict.xml",
			want: client.APIError{Code: "409", Title: "Conflict", Message: "More than one users found using the key: [REDACTED]"},
		},
		{
			name: "configured token", body: `{"errors":[{"ID":1401,"message":"token ` + token + ` is revoked"}]}`,
			want: client.APIError{Code: "1401", Message: "token [REDACTED] is revoked"},
		},
		{
			name: "bearer header dump", body: `missing scope for Authorization: Bearer abc.def-123_X`,
			want: client.APIError{Message: "missing scope for Authorization: Bearer [REDACTED]"},
		},
		{
			name: "prose about bearer tokens stays", body: `"invalid bearer token"`,
			want: client.APIError{Message: "invalid bearer token"},
		},
		{
			name: "unknown Astra token", body: `"token AstraCS:abc:def012 has no access"`,
			want: client.APIError{Message: "token AstraCS:[REDACTED] has no access"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := []byte(tt.body)
			if tt.fixture != "" {
				body = readFixture(t, tt.fixture)
			}
			apiErr, _ := failedCall(t, reply(409, "", body), getX, client.WithBearerToken(token))
			got := client.APIError{Code: apiErr.Code, Title: apiErr.Title, Message: apiErr.Message, Details: apiErr.Details}
			testkit.WantEqual(t, "redacted fields", tt.want, got)
			if !bytes.Contains(apiErr.Body, []byte("[REDACTED]")) && tt.name != "prose about bearer tokens stays" {
				t.Errorf("Body was not redacted: %s", apiErr.Body)
			}
		})
	}
}

// TestShortSecretsDoNotGarbleErrors: a one-letter ARGO key must not turn
// every "a" of the path and of the body's JSON keys into [REDACTED].
func TestShortSecretsDoNotGarbleErrors(t *testing.T) {
	t.Parallel()
	body := readFixture(t, "argo-404-tenant-not-found.json")
	apiErr, _ := failedCall(t, reply(http.StatusNotFound, "", body),
		client.Request{API: client.APIArgo, Operation: "argoGetTenant", Method: http.MethodGet, Path: "/api/v2/admin/tenants/nope"},
		client.WithArgoAPIKey("a"))
	got := []string{apiErr.Path, apiErr.Title, apiErr.Message, strings.Join(apiErr.Details, "|")}
	want := []string{"/api/v2/admin/tenants/nope", "Not Found", "item with the specific ID was not found on the server", ""}
	testkit.WantEqual(t, "path, title, message, details", want, got)
}

func TestLoggerWritesOneDebugRecordPerAttempt(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 503, body: `"busy"`}, {status: 200}}}
	var buf lockedBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: dropTime}))
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"), client.WithLogger(logger))
	if _, err := c.Do(context.Background(), client.Request{Operation: "getOrganizationRoles", Method: http.MethodGet, Path: "/v2/organizations/roles"}, nil); err != nil {
		t.Fatalf("Do: %v", err)
	}
	var records []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		records = append(records, m)
	}
	want := []map[string]any{
		{"level": "DEBUG", "msg": "tenantkit: attempt", "operation": "getOrganizationRoles", "method": "GET", "path": "/v2/organizations/roles",
			"attempt": 1.0, "status": 503.0, "duration": 0.0, "next_delay": float64(250 * time.Millisecond),
			"error": "tenantkit: getOrganizationRoles GET /v2/organizations/roles: 503 Service Unavailable: busy"},
		{"level": "DEBUG", "msg": "tenantkit: attempt", "operation": "getOrganizationRoles", "method": "GET", "path": "/v2/organizations/roles",
			"attempt": 2.0, "status": 200.0, "duration": 0.0},
	}
	testkit.WantEqual(t, "log records", want, records)
}

// TestDisabledLoggerCostsNothing is not parallel: testing.AllocsPerRun
// needs the process to itself.
func TestDisabledLoggerCostsNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector, which allocates on its own account")
	}
	base := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"id":"x"}`) })
	infoLogger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	plain, _ := newClient(t, base)
	logged, _ := newClient(t, base, client.WithLogger(infoLogger))
	// The fewest allocations of three runs: connection-pool bookkeeping
	// adds an allocation now and then, never removes one.
	allocs := func(c *client.Client) float64 {
		least := math.Inf(1)
		for range 3 {
			least = min(least, testing.AllocsPerRun(50, func() {
				var out struct{ ID string }
				_, _ = c.Do(context.Background(), client.Request{Operation: "op", Method: http.MethodGet, Path: "/x"}, &out)
			}))
		}
		return least
	}
	// Warm the connection pools first.
	allocs(plain)
	allocs(logged)
	a, b := allocs(plain), allocs(logged)
	if b > a+1 { // one alloc of slack for connection-pool noise
		t.Errorf("a client with a disabled logger allocates %.0f per call; without a logger %.0f", b, a)
	}
}
