package fakeserver_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// argoBenchSeed builds a seed of n tenants with users users each, with
// fixed IDs ("t<i>", "u<i>-<j>") and keys.
func argoBenchSeed(n, users int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"t%d","info":{"name":"tenant %d","email":"t%d@example.org"},"topology":{"type":"GOCDB","feed":"feed"},"users":[`, i, i, i)
		for j := range users {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"u%d-%d","name":"user %d","email":"u%d@example.org","api_key":"key-%d-%d","roles":["admin"]}`, i, j, j, j, i, j)
		}
		b.WriteString("]}")
	}
	b.WriteByte(']')
	return b.String()
}

// argoBenchRequest is a GET with an admin key.
func argoBenchRequest(b *testing.B, url string) *http.Request {
	b.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("x-api-key", fakeserver.DefaultArgoAdminKey)
	req.Header.Set("Accept", "application/json")
	return req
}

// argoBareHandler serves fixed bytes with the fake's headers: the baseline.
func argoBareHandler(body []byte) http.Handler {
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
	if _, err := srv.SeedArgoTenants([]byte(argoBenchSeed(1, 5))); err != nil {
		b.Fatal(err)
	}
	const path = "/api/v2/admin/tenants/t0"
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, argoBenchRequest(b, "http://x"+path))
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d", rec.Code)
	}
	bare := argoBareHandler(rec.Body.Bytes())
	bareSrv := httptest.NewServer(bare)
	b.Cleanup(bareSrv.Close)

	handler := func(h http.Handler) func(b *testing.B) {
		return func(b *testing.B) {
			req := argoBenchRequest(b, "http://x"+path)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
			}
		}
	}
	loopback := func(base string) func(b *testing.B) {
		return func(b *testing.B) {
			tr := &http.Transport{}
			b.Cleanup(tr.CloseIdleConnections)
			c := &http.Client{Transport: tr}
			req := argoBenchRequest(b, base+path)
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
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
			if _, err := srv.SeedArgoTenants([]byte(argoBenchSeed(size.tenants, size.users))); err != nil {
				b.Fatal(err)
			}
			h := srv.Handler()
			req := argoBenchRequest(b, fmt.Sprintf("http://x/api/v2/admin/users:byID/u%d-%d?export=flat", size.tenants-1, size.users-1))
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
	if _, err := srv.SeedArgoTenants([]byte(argoBenchSeed(100, 100))); err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	req := argoBenchRequest(b, "http://x/api/v2/admin/tenants")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
	}
}
