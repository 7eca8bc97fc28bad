package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
)

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
