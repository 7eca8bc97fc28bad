package fakeserver

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// benchGet measures GET path on h through the in-process transport.
func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	client := &http.Client{Transport: &inProcessTransport{handler: h}}
	req, _ := http.NewRequest("GET", "http://fake.invalid"+path, nil)
	req.Header.Set("Authorization", "Bearer "+DefaultAstraToken)
	req.Header.Set("X-DataStax-Current-Org", DefaultOrgID)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
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
	srv, err := New(WithProvisioningDelay(0))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c := newAstraClient(b, srv, "in-process")
	tenant := createTenant(b, c, "")
	for _, p := range []struct{ name, path string }{
		{"user", "/v2/organizations/users/" + defaultAdminUserID},
		{"role", "/v2/organizations/roles/" + builtinRoleID("Admin User")},
		{"tenant", "/v1/orgs/" + DefaultOrgID + "/tenant/" + tenant.ID},
	} {
		body := c.must(200, "GET", p.path, nil).Body
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
			srv, err := New()
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			seedUsers(b, srv, n)
			runtime.GC()
			runtime.ReadMemStats(&after)
			c := newAstraClient(b, srv, "in-process")
			benchGet(b, srv.Handler(), "/v2/organizations/users/"+userIDByEmail(b, c, "user"+strconv.Itoa(n/2)+"@example.com"))
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "heap-B/user")
		})
	}
}
