package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
)

// Seeding large stores through the fake's public surface only: the Astra
// API for organization users (the fake has no public seeding method for
// them) and SeedArgoTenants for ARGO.

// discardWriter is an http.ResponseWriter that keeps the status and counts
// the body bytes, so a handler can be driven with no client and no buffer.
type discardWriter struct {
	h      http.Header
	status int
	n      int64
}

func newDiscardWriter() *discardWriter { return &discardWriter{h: make(http.Header)} }

func (w *discardWriter) Header() http.Header { return w.h }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += int64(len(p))
	return len(p), nil
}

func (w *discardWriter) reset() {
	clear(w.h)
	w.status, w.n = 0, 0
}

// astraUserEmail is the email of the i-th seeded user.
func astraUserEmail(i int) string { return "user" + strconv.Itoa(i) + "@example.com" }

// seedAstraUsers invites n users (astraUserEmail(0) … (n-1), each with the
// RO User role) into the fake's default organization with
// PUT /v2/organizations/users, calling the handler directly from one
// goroutine per CPU.
func seedAstraUsers(b testing.TB, fake *fakeserver.Server, n int) {
	b.Helper()
	creds := fake.Credentials()
	c, err := client.New(client.WithBaseURL(fake.URL()), client.WithHTTPClient(fake.Client()),
		client.WithBearerToken(creds.AstraToken))
	if err != nil {
		b.Fatal(err)
	}
	ro, err := roles.NewAstra(c).ByName(context.Background(), roles.ReadOnlyUser)
	if err != nil {
		b.Fatal(err)
	}
	h := fake.Handler()
	workers := runtime.GOMAXPROCS(0)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			dw := newDiscardWriter()
			for i := w; i < n; i += workers {
				body := `{"email":"` + astraUserEmail(i) + `","orgID":"` + creds.OrgID + `","roles":["` + ro.ID + `"]}`
				req := httptest.NewRequest(http.MethodPut, "/v2/organizations/users", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+creds.AstraToken)
				req.Header.Set("Content-Type", "application/json")
				dw.reset()
				h.ServeHTTP(dw, req)
				if dw.status != http.StatusOK {
					errs <- fmt.Errorf("inviting user %d: status %d", i, dw.status)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// argoSeed returns a SeedArgoTenants body: tenants tenants with fixed IDs
// ("t<i>"), names and topology, each with users users ("u<i>-<j>", with
// keys and two roles).
func argoSeed(tenants, users int) []byte {
	var sb bytes.Buffer
	sb.Grow(tenants * (120 + users*130))
	sb.WriteByte('[')
	for i := range tenants {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"id":"t%d","info":{"name":"tenant %d","email":"t%d@example.org"},"topology":{"type":"GOCDB","feed":"gocdb.example.org"}`, i, i, i)
		if users > 0 {
			sb.WriteString(`,"users":[`)
			for j := range users {
				if j > 0 {
					sb.WriteByte(',')
				}
				fmt.Fprintf(&sb, `{"id":"u%d-%d","name":"user %d","email":"u%d-%d@example.org","api_key":"key-%d-%d","roles":["admin","viewer"]}`, i, j, j, i, j, i, j)
			}
			sb.WriteByte(']')
		}
		sb.WriteByte('}')
	}
	sb.WriteByte(']')
	return sb.Bytes()
}
