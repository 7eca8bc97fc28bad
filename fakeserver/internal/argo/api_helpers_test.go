package argo

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
)

// testKey is the super_admin key of newTestAPI's API.
const testKey = "test-super-admin"

// fixedClock stands still at a fixed time.
type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2024, 5, 23, 10, 11, 12, 0, time.UTC) }

func (fixedClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// newTestAPI returns an ARGO API on its own, seeded, with the super_admin
// key testKey and the tenants of seed (a SeedArgoTenants array, or "").
func newTestAPI(t testing.TB, seed string) *API {
	t.Helper()
	a := New(half.Env{Clock: fixedClock{}, IDs: ids.NewSource(7, true)}, DefaultConfig())
	if err := a.AddAdminKey(testKey, SuperAdmin); err != nil {
		t.Fatal(err)
	}
	if seed != "" {
		in, err := ParseSeed([]byte(seed))
		if err == nil {
			_, err = a.Seed(in)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// serve sends one request to a as the super admin; path is under the
// prefix.
func serve(a *API, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, Prefix()+path, strings.NewReader(body))
	req.Header.Set("X-Api-Key", testKey)
	req.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	return w
}
