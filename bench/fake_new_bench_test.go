package bench_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// BenchmarkFakeNew starts and closes a fake, as a test that wants a server
// of its own does (fakeserver.New with the default fixture, then Close),
// beside the same for a bare httptest.Server: the least a per-test server
// on loopback costs. The fake listens on loopback through httptest too, so
// the difference is what the fake builds before it serves.
//
// Goal: fake ≤ 3× httptest in ns/op.
func BenchmarkFakeNew(b *testing.B) {
	b.Run("fake", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			srv, err := fakeserver.New()
			if err != nil {
				b.Fatal(err)
			}
			srv.Close()
		}
	})
	b.Run("httptest", func(b *testing.B) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
		b.ReportAllocs()
		for b.Loop() {
			httptest.NewServer(h).Close()
		}
	})
}
