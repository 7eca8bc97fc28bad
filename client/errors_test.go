package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "errors", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestErrorBodiesAreDecoded serves every error shape the APIs are known to
// send (fixtures under testdata/errors) and checks what the APIError says.
func TestErrorBodiesAreDecoded(t *testing.T) {
	t.Parallel()
	const notFoundDetail = "item with the specific ID was not found on the server"
	tests := []struct {
		fixture     string
		status      int
		contentType string // what the server claims; never trusted
		want        client.APIError
		wantError   string // Error() after "tenantkit: op GET /things/t1: "
	}{
		{
			fixture: "astra-404-user-not-found.json", status: 404, contentType: "application/json",
			want:      client.APIError{Code: "1404", Message: "user not found"},
			wantError: "404 Not Found: user not found",
		},
		{
			fixture: "astra-400-two-errors.json", status: 400, contentType: "application/json",
			want:      client.APIError{Code: "1400", Message: "name is required", Details: []string{"policy.actions must not be empty"}},
			wantError: "400 Bad Request: name is required: policy.actions must not be empty",
		},
		{
			fixture: "astra-401-null-message.json", status: 401, contentType: "application/json",
			want:      client.APIError{Code: "1401", Message: "Unauthorized"},
			wantError: "401 Unauthorized",
		},
		{
			fixture: "astra-409-lowercase-id-description.json", status: 409, contentType: "application/json",
			want:      client.APIError{Code: "1409", Message: "role with name Ops already exists"},
			wantError: "409 Conflict: role with name Ops already exists",
		},
		{
			fixture: "astra-404-bare-string.json", status: 404, contentType: "application/json",
			want:      client.APIError{Message: "role not found"},
			wantError: "404 Not Found: role not found",
		},
		{
			fixture: "astra-401-plain-text.txt", status: 401, contentType: "text/plain",
			want:      client.APIError{Message: "organization ID not present"},
			wantError: "401 Unauthorized: organization ID not present",
		},
		{
			fixture: "stargate-401-description.json", status: 401, contentType: "application/json",
			want:      client.APIError{Code: "401", Message: "Role unauthorized for operation: Missing token"},
			wantError: "401 Unauthorized: Role unauthorized for operation: Missing token",
		},
		{
			fixture: "argo-404-tenant-not-found.json", status: 404, contentType: "application/json; charset=utf-8",
			want:      client.APIError{Code: "404", Title: "Not Found", Message: notFoundDetail},
			wantError: "404 Not Found: " + notFoundDetail,
		},
		{
			fixture: "argo-404-user-not-found-flat.json", status: 404, contentType: "application/json; charset=utf-8",
			want:      client.APIError{Code: "404", Title: "Not Found", Message: notFoundDetail},
			wantError: "404 Not Found: " + notFoundDetail,
		},
		{
			fixture: "argo-400-malformed-json.json", status: 400, contentType: "application/json; charset=utf-8",
			want:      client.APIError{Code: "400", Title: "Bad Request", Message: "Request Body contains malformed JSON, thus rendering the Request Bad"},
			wantError: "400 Bad Request: Request Body contains malformed JSON, thus rendering the Request Bad",
		},
		{
			// The 401/403/406 writer echoes the request's headers, so the
			// Content-Type is whatever the request had, or sniffed text.
			fixture: "argo-401-unauthorized.json", status: 401, contentType: "text/plain; charset=utf-8",
			want:      client.APIError{Code: "401", Title: "Unauthorized", Message: "You need to provide a correct authentication token using the header 'x-api-key'"},
			wantError: "401 Unauthorized: You need to provide a correct authentication token using the header 'x-api-key'",
		},
		{
			fixture: "argo-403-forbidden.json", status: 403, contentType: "application/x-www-form-urlencoded",
			want:      client.APIError{Code: "403", Message: "Access to the resource is Forbidden"},
			wantError: "403 Forbidden: Access to the resource is Forbidden",
		},
		{
			fixture: "argo-406-not-acceptable.json", status: 406, contentType: "text/plain; charset=utf-8",
			want: client.APIError{Code: "406", Title: "Not Acceptable Content Type",
				Message: "Accept header provided did not contain any valid content types. Acceptable content types are 'application/xml' and 'application/json'"},
			wantError: "406 Not Acceptable: Not Acceptable Content Type: Accept header provided did not contain any valid content types. Acceptable content types are 'application/xml' and 'application/json'",
		},
		{
			fixture: "argo-409-tenant-name-conflict.json", status: 409, contentType: "application/json; charset=utf-8",
			want:      client.APIError{Code: "409", Title: "Conflict", Message: "Tenant with same name already exists"},
			wantError: "409 Conflict: Tenant with same name already exists",
		},
		{
			fixture: "argo-500-db-error.json", status: 500, contentType: "application/json",
			want:      client.APIError{Code: "500", Message: "server selection error: context deadline exceeded"},
			wantError: "500 Internal Server Error: server selection error: context deadline exceeded",
		},
		{
			fixture: "argo-404-tenant-not-found.xml", status: 404, contentType: "application/xml; charset=utf-8",
			want:      client.APIError{Code: "404", Title: "Not Found", Message: notFoundDetail},
			wantError: "404 Not Found: " + notFoundDetail,
		},
		{
			fixture: "argo-404-user-not-found-flat.xml", status: 404, contentType: "application/xml; charset=utf-8",
			want:      client.APIError{Code: "404", Title: "Not Found", Message: notFoundDetail},
			wantError: "404 Not Found: " + notFoundDetail,
		},
		{
			fixture: "argo-401-unauthorized.xml", status: 401, contentType: "text/plain; charset=utf-8",
			want:      client.APIError{Code: "401", Title: "Unauthorized", Message: "You need to provide a correct authentication token using the header 'x-api-key'"},
			wantError: "401 Unauthorized: You need to provide a correct authentication token using the header 'x-api-key'",
		},
		{
			fixture: "argo-403-forbidden.xml", status: 403, contentType: "application/xml; charset=utf-8",
			want:      client.APIError{Code: "403", Message: "Access to the resource is Forbidden"},
			wantError: "403 Forbidden: Access to the resource is Forbidden",
		},
		{
			fixture: "argo-400-malformed-json.xml", status: 400, contentType: "application/xml; charset=utf-8",
			want:      client.APIError{Code: "400", Title: "Bad Request", Message: "Request Body contains malformed JSON, thus rendering the Request Bad"},
			wantError: "400 Bad Request: Request Body contains malformed JSON, thus rendering the Request Bad",
		},
		{
			fixture: "argo-409-tenant-name-conflict.xml", status: 409, contentType: "application/xml; charset=utf-8",
			want:      client.APIError{Code: "409", Title: "Conflict", Message: "Tenant with same name already exists"},
			wantError: "409 Conflict: Tenant with same name already exists",
		},
		{
			fixture: "argo-404-page-not-found.txt", status: 404, contentType: "text/plain; charset=utf-8",
			want:      client.APIError{Message: "404 page not found"},
			wantError: "404 Not Found: 404 page not found",
		},
		{
			fixture: "generic-504-message.json", status: 504, contentType: "application/json",
			want:      client.APIError{Message: "upstream request timeout"},
			wantError: "504 Gateway Timeout: upstream request timeout",
		},
		{
			fixture: "other-500-json.json", status: 500, contentType: "application/json",
			want:      client.APIError{Message: "Internal Server Error"},
			wantError: "500 Internal Server Error",
		},
		{
			fixture: "proxy-502.html", status: 502, contentType: "text/html",
			want:      client.APIError{Message: "Bad Gateway"},
			wantError: "502 Bad Gateway",
		},
		{
			fixture: "truncated-500.json", status: 500, contentType: "application/json",
			want:      client.APIError{Message: "Internal Server Error"},
			wantError: "500 Internal Server Error",
		},
	}
	for _, tt := range tests {
		// Each body decodes the same for a request of its own API (the
		// gateway shapes: of either) as for one of no API, which reads
		// every shape.
		apis := []client.API{client.APIUnspecified, client.APIAstra, client.APIArgo}
		switch {
		case strings.HasPrefix(tt.fixture, "argo-"):
			apis = []client.API{client.APIUnspecified, client.APIArgo}
		case strings.HasPrefix(tt.fixture, "astra-"), strings.HasPrefix(tt.fixture, "stargate-"):
			apis = []client.API{client.APIUnspecified, client.APIAstra}
		}
		for _, api := range apis {
			t.Run(fmt.Sprintf("%s/api=%d", tt.fixture, api), func(t *testing.T) {
				t.Parallel()
				body := readFixture(t, tt.fixture)
				apiErr, err := failedCall(t, reply(tt.status, tt.contentType, body),
					client.Request{API: api, Operation: "op", Method: http.MethodGet, Path: "/things/t1"},
					client.WithMaxAttempts(1), client.WithBearerToken("AstraCS:t"), client.WithArgoAPIKey("argo-key"))
				want := tt.want
				want.Operation, want.Method, want.Path = "op", http.MethodGet, "/things/t1"
				want.StatusCode, want.Attempts, want.Body = tt.status, 1, body
				testkit.WantEqual(t, "APIError", &want, apiErr)
				testkit.WantEqual(t, "Error()", "tenantkit: op GET /things/t1: "+tt.wantError, err.Error())
			})
		}
	}
}

func TestEmptyErrorBodyGivesTheStatusText(t *testing.T) {
	t.Parallel()
	for _, status := range []int{400, 401, 403, 404, 409, 422, 429, 500, 599, 418} {
		apiErr, err := failedCall(t, reply(status, "", nil),
			client.Request{Method: http.MethodDelete, Path: "/v2/organizations/roles/r1"}, client.WithMaxAttempts(1))
		got := []any{apiErr.StatusCode, apiErr.Message, apiErr.Body == nil, err.Error()}
		wantText := strings.TrimSpace(fmt.Sprintf("%d %s", status, http.StatusText(status)))
		want := []any{status, http.StatusText(status), true, "tenantkit: DELETE /v2/organizations/roles/r1: " + wantText}
		if diff := testkit.Diff(want, got); diff != "" {
			t.Errorf("%d: status, message, nil body, Error() (-want +got):\n%s", status, diff)
		}
	}
}

func TestErrorKindsMatchWithErrorsIs(t *testing.T) {
	t.Parallel()
	kinds := []client.Kind{client.ErrBadRequest, client.ErrUnauthorized, client.ErrForbidden, client.ErrNotFound,
		client.ErrConflict, client.ErrRateLimited, client.ErrServer}
	tests := []struct {
		status int
		want   client.Kind // "" for none
	}{
		{400, client.ErrBadRequest}, {422, client.ErrBadRequest}, {401, client.ErrUnauthorized},
		{403, client.ErrForbidden}, {404, client.ErrNotFound}, {409, client.ErrConflict},
		{429, client.ErrRateLimited}, {500, client.ErrServer}, {501, client.ErrServer},
		{502, client.ErrServer}, {503, client.ErrServer}, {504, client.ErrServer}, {599, client.ErrServer},
		{405, ""}, {413, ""}, {418, ""}, {302, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			t.Parallel()
			_, err := failedCall(t, reply(tt.status, "", nil), getX, client.WithMaxAttempts(1))
			// Wrapping must not hide the kind.
			err = fmt.Errorf("service layer: %w", err)
			apiErr := asAPIError(t, err)
			if apiErr.Kind() != tt.want {
				t.Errorf("Kind() = %q; want %q", apiErr.Kind(), tt.want)
			}
			for _, k := range kinds {
				if got := errors.Is(err, k); got != (k == tt.want) {
					t.Errorf("errors.Is(err, %q) = %v", k, got)
				}
			}
			if errors.Is(err, client.Kind("")) {
				t.Error(`errors.Is(err, Kind("")) = true; the empty kind must match nothing`)
			}
		})
	}
}

func TestTemporaryClassifiesRetryableStatuses(t *testing.T) {
	t.Parallel()
	got := map[int]bool{}
	for _, s := range []int{400, 401, 403, 404, 409, 429, 500, 501, 502, 503, 504} {
		got[s] = (&client.APIError{StatusCode: s}).Temporary()
	}
	want := map[int]bool{400: false, 401: false, 403: false, 404: false, 409: false, 429: true, 500: false, 501: false, 502: true, 503: true, 504: true}
	testkit.WantEqual(t, "Temporary() per status", want, got)
}

func TestKindErrorIsItsName(t *testing.T) {
	t.Parallel()
	got := []string{client.ErrBadRequest.Error(), client.ErrUnauthorized.Error(), client.ErrForbidden.Error(),
		client.ErrNotFound.Error(), client.ErrConflict.Error(), client.ErrRateLimited.Error(), client.ErrServer.Error()}
	want := []string{"bad request", "unauthorized", "forbidden", "not found", "conflict", "rate limited", "server error"}
	testkit.WantEqual(t, "Kind names", want, got)
}

func TestAPIErrorLogValueHasFieldsButNoBody(t *testing.T) {
	t.Parallel()
	e := &client.APIError{Operation: "getTenant", Method: "GET", Path: "/api/v2/admin/tenants/t1", StatusCode: 429,
		Code: "429", Title: "Too Many Requests", Message: "slow down", Details: []string{"try again in 3s"}, RetryAfter: 3e9, Attempts: 2,
		Body: []byte(`{"personal":"data"}`)}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})).Error("failed", "err", e)
	want := `{"level":"ERROR","msg":"failed","err":{"operation":"getTenant","method":"GET","path":"/api/v2/admin/tenants/t1",` +
		`"status":429,"code":"429","title":"Too Many Requests","message":"slow down","details":["try again in 3s"],"retry_after":3000000000,"attempts":2}}` + "\n"
	testkit.WantEqual(t, "log record", want, buf.String())
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func TestAPIErrorTextIsBoundedAndOneLine(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 2000) // 4000 bytes
	body := "line one\r\n\x1b[31mline two\x00\n" + long
	apiErr, err := failedCall(t, reply(500, "", append([]byte(body), bytes.Repeat([]byte("x"), 100<<10)...)), getX, client.WithMaxAttempts(1))
	if strings.ContainsAny(err.Error(), "\r\n\x1b\x00") {
		t.Errorf("Error() has control characters: %q", err.Error()[:80])
	}
	if !strings.HasPrefix(apiErr.Message, "line one [31mline two ééé") {
		t.Errorf("Message = %q…", apiErr.Message[:40])
	}
	if n := len(apiErr.Message); n > 1024 {
		t.Errorf("Message is %d bytes; want at most 1024", n)
	}
	if !strings.HasSuffix(apiErr.Message, "…") {
		t.Errorf("a truncated Message should end with an ellipsis: %q", apiErr.Message[len(apiErr.Message)-10:])
	}
	if n := len(apiErr.Body); n != 4096 {
		t.Errorf("Body keeps %d bytes; want the first 4096", n)
	}
}

// Credentials the fuzzed client sends, in their real shapes, and which the
// fuzzed bodies may echo.
const (
	fuzzToken = "AstraCS:FuzzFuzzFuzzFuzzFuzzFuzz:0d9f6a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f"
	fuzzKey   = "8c1f3e5a7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a"
)

// FuzzAPIErrorKeepsStatus answers a call through Client.Do with an arbitrary
// status, Content-Type and body. Whatever the body holds, the call must not
// panic; a non-2xx answer must end as an *APIError whose StatusCode is the
// status sent, after one attempt, matching the Kind its status class gives,
// with a one-line message that holds no credential even when the body
// echoes them; a 2xx answer is decoded or reported as undecodable.
func FuzzAPIErrorKeepsStatus(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "errors", "*"))
	for _, name := range fixtures {
		if b, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".md") {
			for _, status := range []int{400, 401, 404, 409, 500, 503} {
				f.Add(status, "application/json", b, false)
			}
			f.Add(200, "application/xml", b, true)
		}
	}
	for _, seed := range []struct {
		status int
		ctype  string
		body   string
	}{
		{401, "text/plain", "Bearer " + fuzzToken},
		{409, "application/json", `{"status":{"message":"Conflict","code":"409"},"errors":[{"message":"Conflict","code":"409","details":"More than one users found using the key: ` + fuzzKey + `"}]}`},
		{403, "application/json; charset=utf-8", `{"errors":[{"ID":1403,"message":"token ` + fuzzToken + ` denied"}]}`},
		{299, "", ""},
		{100, "", "x"},
		{302, "text/html", "<a href=/x>moved</a>"},
		{999, "application/json", `{"message":null}`},
		{422, "application/problem+json", `{"title":"x","detail":"` + strings.Repeat("é", 3000) + `"}`},
	} {
		f.Add(seed.status, seed.ctype, []byte(seed.body), false)
	}
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte, argo bool) {
		if status < 100 || status > 999 {
			return // not an HTTP status a server can send
		}
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := http.Header{}
			if ctype != "" {
				h.Set("Content-Type", ctype)
			}
			return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
		})
		c, err := client.New(client.WithBaseURL("https://fuzz.example"), client.WithBearerToken(fuzzToken), client.WithArgoAPIKey(fuzzKey),
			client.WithTransport(rt), client.WithMaxAttempts(1), client.WithClock(client.NewVirtualClock(time.Unix(0, 0))))
		if err != nil {
			t.Fatal(err)
		}
		req := client.Request{API: client.APIAstra, Operation: "getThing", Method: http.MethodGet, Path: "/thing"}
		if argo {
			req.API = client.APIArgo
		}
		var out json.RawMessage
		_, err = c.Do(context.Background(), req, &out)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, fuzzToken) || strings.Contains(msg, fuzzKey) || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("error text holds a credential or a line break: %q", msg)
			}
		}
		if status >= 200 && status <= 299 {
			var apiErr *client.APIError
			if errors.As(err, &apiErr) {
				t.Errorf("a %d answer became an *APIError: %v", status, err)
			}
			return
		}
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("a %d answer ended as %v; want an *APIError", status, err)
		}
		if apiErr.StatusCode != status || apiErr.Attempts != 1 {
			t.Errorf("APIError has status %d after %d attempts; the server sent %d once", apiErr.StatusCode, apiErr.Attempts, status)
		}
		if apiErr.Message == "" && http.StatusText(status) != "" {
			t.Errorf("empty message for status %d", status)
		}
		if bytes.Contains(apiErr.Body, []byte(fuzzToken)) || bytes.Contains(apiErr.Body, []byte(fuzzKey)) {
			t.Errorf("APIError.Body holds a credential: %q", apiErr.Body)
		}
		kinds := map[client.Kind]bool{
			client.ErrBadRequest:   status == 400 || status == 422,
			client.ErrUnauthorized: status == 401,
			client.ErrForbidden:    status == 403,
			client.ErrNotFound:     status == 404,
			client.ErrConflict:     status == 409,
			client.ErrRateLimited:  status == 429,
			client.ErrServer:       status >= 500 && status <= 599,
		}
		for kind, want := range kinds {
			if got := errors.Is(err, kind); got != want {
				t.Errorf("errors.Is(%d error, %q) = %v", status, kind, got)
			}
		}
	})
}

// dropBeforeAnswering reads the request and closes the connection without
// a byte of answer: whether the request took effect is unknown.
func dropBeforeAnswering(t *testing.T) http.HandlerFunc { return hangUp(t, "") }

// cutTheBody answers 201 with a Content-Length the body never reaches.
func cutTheBody(t *testing.T) http.HandlerFunc {
	return hangUp(t, "HTTP/1.1 201 Created\r\nContent-Length: 100\r\n\r\n{\"id\":")
}

// hangUp reads the request, writes raw (the start of an answer, or
// nothing) on the bare connection and closes it.
func hangUp(t *testing.T, raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_, _ = conn.Write([]byte(raw))
		_ = conn.Close()
	}
}

// counting is h counting the requests it serves in n.
func counting(n *atomic.Int32, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}
}

func answer(status int, body string) http.HandlerFunc {
	return reply(status, "application/json", []byte(body))
}

// reply answers status with body, sent as contentType ("" for none).
func reply(status int, contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// asAPIError returns the *client.APIError that err holds, failing the test
// if it holds none.
func asAPIError(t *testing.T, err error) *client.APIError {
	t.Helper()
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v; want an *APIError", err)
	}
	return apiErr
}

// failedCall serves h, sends req through a client of it (newClient with
// opts) and returns the call's error and the *client.APIError it holds,
// failing the test if it holds none.
func failedCall(t *testing.T, h http.HandlerFunc, req client.Request, opts ...client.Option) (*client.APIError, error) {
	t.Helper()
	c, _ := newClient(t, serve(t, h), opts...)
	_, err := c.Do(context.Background(), req, nil)
	return asAPIError(t, err), err
}

// getX is the request of tests that care only about the answer.
var getX = client.Request{Method: http.MethodGet, Path: "/x"}

// TestOutcomeUnknownMatchesOnlyNonIdempotentRequestsThatMayHaveTakenEffect
// pins which failures match client.ErrOutcomeUnknown: a POST (or unmarked
// PATCH) sent and then lost, cut short, unreadable or answered with an
// ambiguous 5xx, and nothing else.
func TestOutcomeUnknownMatchesOnlyNonIdempotentRequestsThatMayHaveTakenEffect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		method     string
		idempotent bool
		handler    func(t *testing.T) http.HandlerFunc
		want       bool
		wantText   string // a part of the error's text
	}{
		{"POST dropped before the answer", http.MethodPost, false, dropBeforeAnswering, true,
			"(the server may have processed the request: check before sending it again)"},
		{"PATCH dropped before the answer", http.MethodPatch, false, dropBeforeAnswering, true,
			"(the server may have processed the request: check before sending it again)"},
		{"POST whose 201 body broke off", http.MethodPost, false, cutTheBody, true,
			"the server processed the request (it answered 201 Created) but reading the answer failed"},
		{"POST whose 201 body is not JSON", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusCreated, `{"id":`) }, true,
			"decoding the response body"},
		{"POST answered 500", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusInternalServerError, `{}`) }, true,
			"500 Internal Server Error (the server may have processed the request: check before sending it again)"},
		{"POST answered 504", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusGatewayTimeout, `{}`) }, true, "504 Gateway Timeout"},
		{"POST answered 503 without Retry-After", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusServiceUnavailable, `{}`) }, true, "503"},
		{"POST answered 503 with Retry-After, every time", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", "1")
					answer(http.StatusServiceUnavailable, `{}`)(w, r)
				}
			}, false, "503 Service Unavailable (after 2 attempts)"},
		{"POST answered 409", http.MethodPost, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusConflict, `{}`) }, false, "409 Conflict"},
		{"PUT answered 500", http.MethodPut, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusInternalServerError, `{}`) }, false, "500"},
		{"POST marked idempotent, dropped every time", http.MethodPost, true, dropBeforeAnswering, false, "after 2 attempts"},
		{"PUT dropped every time", http.MethodPut, false, dropBeforeAnswering, false, "after 2 attempts"},
		{"PUT whose body is not JSON", http.MethodPut, false,
			func(*testing.T) http.HandlerFunc { return answer(http.StatusOK, `{"id":`) }, false, "decoding the response body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := newClient(t, serve(t, tt.handler(t)), client.WithMaxAttempts(2))
			var out map[string]any
			_, err := c.Do(context.Background(), client.Request{Operation: "exampleWrite", Method: tt.method, // not a spec operation: its method and idempotency vary here
				Path: "/v2/organizations/roles", Body: []byte(`{"name":"r"}`), Idempotent: tt.idempotent}, &out)
			if err == nil {
				t.Fatal("Do succeeded")
			}
			var apiErr *client.APIError
			got := []any{errors.Is(err, client.ErrOutcomeUnknown), strings.Contains(err.Error(), tt.wantText)}
			if diff := testkit.Diff([]any{tt.want, true}, got); diff != "" {
				t.Errorf("errors.Is(err, ErrOutcomeUnknown), text holds %q (-want +got):\n%s\nerr: %v", tt.wantText, diff, err)
			}
			// An error answer stays an *APIError; a transport failure never is one.
			if wantAPIError := strings.Contains(tt.name, "answered"); errors.As(err, &apiErr) != wantAPIError {
				t.Errorf("errors.As(err, *APIError) = %v, want %v: %v", !wantAPIError, wantAPIError, err)
			}
			if errors.As(err, &apiErr) && !errors.Is(err, apiErr.Kind()) {
				t.Errorf("err does not match its status kind %q: %v", apiErr.Kind(), err)
			}
		})
	}
}

func TestOutcomeUnknownWhenTheContextEndsWhileAPostIsInFlight(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
	})
	c, _ := newClient(t, base)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	_, err := c.Do(ctx, client.Request{Operation: "exampleCreate", Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
	if !errors.Is(err, client.ErrOutcomeUnknown) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v; want it to match both ErrOutcomeUnknown and context.Canceled", err)
	}
}

func TestNoOutcomeUnknownWhenNothingWasSent(t *testing.T) {
	t.Parallel()
	t.Run("context ended before sending", func(t *testing.T) {
		t.Parallel()
		var seen atomic.Int32
		c, _ := newClient(t, serve(t, func(http.ResponseWriter, *http.Request) { seen.Add(1) }))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Do(ctx, client.Request{Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
		if err == nil || errors.Is(err, client.ErrOutcomeUnknown) || seen.Load() != 0 {
			t.Errorf("err = %v after %d requests; want a plain cancellation and none sent", err, seen.Load())
		}
	})
	t.Run("connection refused every time", func(t *testing.T) {
		t.Parallel()
		c, _ := newClient(t, "http://"+closedAddr(t), client.WithMaxAttempts(2))
		_, err := c.Do(context.Background(), client.Request{Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, nil)
		if err == nil || errors.Is(err, client.ErrOutcomeUnknown) {
			t.Errorf("err = %v; want an error that does not match ErrOutcomeUnknown", err)
		}
	})
}

func TestOutcomeUnknownIsNoStatusKind(t *testing.T) {
	t.Parallel()
	for status := 100; status <= 599; status++ {
		e := &client.APIError{StatusCode: status}
		if errors.Is(e, client.ErrOutcomeUnknown) {
			t.Errorf("an APIError with status %d matches ErrOutcomeUnknown", status)
		}
	}
}
