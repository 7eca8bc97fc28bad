package client_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

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
	base := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `{"id":"x"}`) })
	infoLogger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	plain, _ := newClient(t, base)
	logged, _ := newClient(t, base, client.WithLogger(infoLogger))
	allocs := func(c *client.Client) float64 {
		return testing.AllocsPerRun(50, func() {
			var out struct{ ID string }
			_, _ = c.Do(context.Background(), client.Request{Operation: "op", Method: http.MethodGet, Path: "/x"}, &out)
		})
	}
	// Warm the connection pools first.
	allocs(plain)
	allocs(logged)
	a, b := allocs(plain), allocs(logged)
	if b > a+1 { // one alloc of slack for connection-pool noise
		t.Errorf("a client with a disabled logger allocates %.0f per call; without a logger %.0f", b, a)
	}
}
