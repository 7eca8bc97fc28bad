package bench_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// throughputClients is how many keep-alive clients load the server at once.
const throughputClients = 32

// BenchmarkFakeThroughput loads the fake over loopback with 32 concurrent
// keep-alive clients, and beside it a bare http.Handler that serves the
// bytes the fake answered (bareHandler), in an httptest.Server like the
// fake's own. The clients are the same plain net/http code for both, so
// the difference is the fake's handler. Each case is a GET and a create of
// one API. Reports requests per second ("req/s").
//
// Goal: fake ≥ 0.8× bare-handler in req/s.
func BenchmarkFakeThroughput(b *testing.B) {
	fake := fakeserver.NewTest(b, fakeserver.WithProvisioningDelay(0))
	creds := fake.Credentials()
	astra := astraHeaders(creds.AstraToken, creds.OrgID)
	argo := argoHeaders(creds.ArgoAdminKey)

	// Astra: GET a Langflow tenant, create Langflow tenants (the API allows
	// any number with the same body, so every request is the same).
	lfBody := []byte(`{"cloud_provider":"aws","org_id":"` + creds.OrgID + `","region":"us-west-2"}`)
	lf := capture(b, fake, http.MethodPost, "/v1/tenant", astra, lfBody)
	lfID := jsonField(b, lf.body, "id")
	lfPath := "/v1/orgs/" + url.PathEscape(creds.OrgID) + "/tenant/" + url.PathEscape(lfID)

	// ARGO: GET one tenant, create users in another (again the same body
	// every time: the server draws each user's ID and key).
	ids, err := fake.SeedArgoTenants(readFile(b, "testdata/argo-seed-tenant.json"))
	if err != nil {
		b.Fatal(err)
	}
	sink, err := fake.SeedArgoTenants([]byte(`[{"info":{"name":"throughput sink"}}]`))
	if err != nil {
		b.Fatal(err)
	}
	argoGet := "/api/v2/admin/tenants/" + url.PathEscape(ids[0])
	argoCreate := "/api/v2/admin/tenants/" + url.PathEscape(sink[0]) + "/users"
	userBody := []byte(`{"name":"load","email":"load@example.org","roles":["viewer"]}`)

	cases := []struct {
		name         string
		method, path string
		h            http.Header
		body         []byte
	}{
		{"astra-get", http.MethodGet, lfPath, astra, nil},
		{"astra-create", http.MethodPost, "/v1/tenant", astra, lfBody},
		{"argo-get", http.MethodGet, argoGet, argo, nil},
		{"argo-create", http.MethodPost, argoCreate, argo, userBody},
	}
	for _, tc := range cases {
		bare := httptest.NewServer(bareHandler(capture(b, fake, tc.method, tc.path, tc.h, tc.body)))
		b.Cleanup(bare.Close)
		for _, target := range []struct{ name, base string }{{"fake", fake.URL()}, {"bare-handler", bare.URL}} {
			b.Run(tc.name+"/"+target.name, func(b *testing.B) {
				loadParallel(b, tc.method, target.base+tc.path, tc.h, tc.body)
			})
		}
	}
}

// loadParallel sends the request from throughputClients goroutines over as
// many keep-alive connections until b.N requests are done.
func loadParallel(b *testing.B, method, url string, h http.Header, body []byte) {
	tr := &http.Transport{MaxIdleConnsPerHost: throughputClients, MaxConnsPerHost: throughputClients}
	b.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	want := http.StatusOK
	if method == http.MethodPost {
		want = http.StatusCreated
	}
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((throughputClients + procs - 1) / procs)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, err := http.NewRequest(method, url, bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			for k, v := range h {
				req.Header[k] = v
			}
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != want {
				b.Error(fmt.Errorf("%s %s: status %d", method, url, resp.StatusCode))
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
