package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
				base := serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", tt.contentType)
					w.WriteHeader(tt.status)
					_, _ = w.Write(body)
				})
				c, _ := newClient(t, base, client.WithMaxAttempts(1), client.WithBearerToken("AstraCS:t"), client.WithArgoAPIKey("argo-key"))
				_, err := c.Do(context.Background(), client.Request{API: api, Operation: "op", Method: http.MethodGet, Path: "/things/t1"}, nil)
				var apiErr *client.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("Do error = %v; want an *APIError", err)
				}
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
		base := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
		c, _ := newClient(t, base, client.WithMaxAttempts(1))
		_, err := c.Do(context.Background(), client.Request{Method: http.MethodDelete, Path: "/v2/organizations/roles/r1"}, nil)
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%d: Do error = %v; want an *APIError", status, err)
		}
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
			base := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tt.status) })
			c, _ := newClient(t, base, client.WithMaxAttempts(1))
			_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil)
			// Wrapping must not hide the kind.
			err = fmt.Errorf("service layer: %w", err)
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
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
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = w.Write([]byte(body))
		_, _ = w.Write(bytes.Repeat([]byte("x"), 100<<10))
	})
	c, _ := newClient(t, base, client.WithMaxAttempts(1))
	_, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, nil)
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("Do error = %v; want an *APIError", err)
	}
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
