package astra_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

// benchGet measures GET path on h, called directly.
func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+fakeserver.DefaultAstraToken)
	req.Header.Set("X-DataStax-Current-Org", fakeserver.DefaultOrgID)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// rawHandler serves fixed bytes the way a bare handler would: the
// baseline the fake is compared with.
func rawHandler(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
}

func BenchmarkAstraGet(b *testing.B) {
	srv, err := fakeserver.New(fakeserver.WithProvisioningDelay(0))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := faketest.InProcess(b, srv)
	tenant := faketest.CreateLangflowTenant(b, c, "")
	for _, p := range []struct{ name, path string }{
		{"user", "/v2/organizations/users/" + faketest.AdminUserID()},
		{"role", "/v2/organizations/roles/" + astra.BuiltinRoleID("Admin User")},
		{"tenant", "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenant/" + tenant.ID},
	} {
		body := c.Must(200, "GET", p.path, nil).Body
		b.Run(p.name+"/raw-net-http", func(b *testing.B) { benchGet(b, rawHandler(body), p.path) })
		b.Run(p.name+"/fake", func(b *testing.B) { benchGet(b, srv.Handler(), p.path) })
	}
}

// BenchmarkAstraUsersAtScale checks that a by-ID lookup costs the same at
// a thousand and a million users, and reports the heap per stored user.
// The million is seeded only with TENANTKIT_BENCH_SCALE=full (as bench/run
// sets it), so that a -benchtime=1x pass over every benchmark stays quick.
func BenchmarkAstraUsersAtScale(b *testing.B) {
	sizes := []int{1_000}
	if os.Getenv("TENANTKIT_BENCH_SCALE") == "full" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("get-by-id/%d", n), func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			srv, err := fakeserver.New(faketest.WithUsers(n))
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			runtime.GC()
			runtime.ReadMemStats(&after)
			c := faketest.InProcess(b, srv)
			benchGet(b, srv.Handler(), "/v2/organizations/users/"+faketest.UserIDByEmail(b, c, "user"+strconv.Itoa(n/2)+"@example.com"))
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "heap-B/user")
		})
	}
}
