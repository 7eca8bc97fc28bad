package argo_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

// bareHandler serves fixed bytes with the fake's headers: the baseline.
func bareHandler(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// BenchmarkArgoGetTenant compares the fake with a bare handler that serves
// the same bytes, called directly and over loopback.
func BenchmarkArgoGetTenant(b *testing.B) {
	srv := fakeserver.NewTest(b)
	if _, err := srv.SeedArgoTenants([]byte(faketest.ArgoSeed(1, 5))); err != nil {
		b.Fatal(err)
	}
	const path = "/api/v2/admin/tenants/t0"
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, faketest.ArgoGet(b, "http://x"+path))
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d", rec.Code)
	}
	bare := bareHandler(rec.Body.Bytes())
	bareSrv := httptest.NewServer(bare)
	b.Cleanup(bareSrv.Close)

	handler := func(h http.Handler) func(b *testing.B) {
		return func(b *testing.B) {
			req := faketest.ArgoGet(b, "http://x"+path)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
			}
		}
	}
	loopback := func(base string) func(b *testing.B) {
		return func(b *testing.B) { faketest.BenchLoopback(b, faketest.ArgoGet(b, base+path)) }
	}
	b.Run("bare-handler", handler(bare))
	b.Run("fake-handler", handler(srv.Handler()))
	b.Run("bare-loopback", loopback(bareSrv.URL))
	b.Run("fake-loopback", loopback(srv.URL()))
}

// BenchmarkArgoUserByID looks users up across all tenants: the cost must not
// grow with the number of users stored.
func BenchmarkArgoUserByID(b *testing.B) {
	for _, size := range []struct{ tenants, users int }{{10, 100}, {100, 1000}} {
		b.Run(fmt.Sprintf("users=%d", size.tenants*size.users), func(b *testing.B) {
			srv := fakeserver.NewTest(b)
			if _, err := srv.SeedArgoTenants([]byte(faketest.ArgoSeed(size.tenants, size.users))); err != nil {
				b.Fatal(err)
			}
			h := srv.Handler()
			req := faketest.ArgoGet(b, fmt.Sprintf("http://x/api/v2/admin/users:byID/u%d-%d?export=flat", size.tenants-1, size.users-1))
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkArgoListTenants renders a list: linear in the users shown.
func BenchmarkArgoListTenants(b *testing.B) {
	srv := fakeserver.NewTest(b)
	if _, err := srv.SeedArgoTenants([]byte(faketest.ArgoSeed(100, 100))); err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	req := faketest.ArgoGet(b, "http://x/api/v2/admin/tenants")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
	}
}
