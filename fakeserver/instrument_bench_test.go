package fakeserver_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

// BenchmarkInstrument measures what each instrument costs on one ARGO GET,
// called directly and over loopback: nothing configured (journal off), the
// default journal, an observer, fault rules that never match, and a rate
// limit that never bites.
func BenchmarkInstrument(b *testing.B) {
	configs := []struct {
		name string
		opts []fakeserver.Option
	}{
		{"none", []fakeserver.Option{fakeserver.WithJournalCapacity(0)}},
		{"journal", nil},
		{"observer", []fakeserver.Option{fakeserver.WithJournalCapacity(0), fakeserver.WithObserver(func(*http.Request, *http.Response) {})}},
		{"faults", []fakeserver.Option{fakeserver.WithJournalCapacity(0), fakeserver.WithFaults(fakeserver.Fault{Operation: "argoCreateTenant", Status: 503})}},
		{"rate-limit", []fakeserver.Option{fakeserver.WithJournalCapacity(0), fakeserver.WithRateLimit(1e12, 1<<30)}},
	}
	const path = "/api/v2/admin/tenants/t0"
	for _, cfg := range configs {
		srv := fakeserver.NewTest(b, cfg.opts...)
		if _, err := srv.SeedArgoTenants([]byte(faketest.ArgoSeed(1, 5))); err != nil {
			b.Fatal(err)
		}
		b.Run(cfg.name+"/handler", func(b *testing.B) {
			req := faketest.ArgoGet(b, "http://x"+path)
			h := srv.Handler()
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
		b.Run(cfg.name+"/loopback", func(b *testing.B) {
			faketest.BenchLoopback(b, faketest.ArgoGet(b, srv.URL()+path))
		})
	}
}
