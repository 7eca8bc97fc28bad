package bench_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/users"
)

// BenchmarkFakeScale grows the fake's stores to 10k and 100k records (and a
// million with TENANTKIT_BENCH_SCALE=full) and times, at each size, a
// lookup by ID and a list, calling the fake's handler directly so that
// only the fake's own work is measured:
//
//   - astra-users: organization users (seeded through the API);
//     get-by-id is GET /v2/organizations/users/{id}, list is GET
//     /v2/organizations/users.
//   - argo-users: tenant users, 100 per tenant (seeded with
//     SeedArgoTenants); get-by-id is GET /api/v2/admin/users:byID/{id},
//     which searches all tenants, list is GET /api/v2/admin/tenants
//     (every tenant with its users).
//   - argo-tenants: tenants without users; get-by-id is GET
//     /api/v2/admin/tenants/{id}, list is GET /api/v2/admin/tenants.
//
// get-by-id also reports the live heap the store holds per record
// ("B/user" or "B/tenant"): the growth of the live heap over seeding,
// divided by the number of records. list reports the body size
// ("body-B").
//
// Goals: get-by-id time independent of the size (O(1)); list time linear
// (10× the data ≤ 10.5× the time); a small B/user.
func BenchmarkFakeScale(b *testing.B) {
	for _, n := range scaleSizes(10_000, 100_000) {
		benchScale(b, "astra-users", n, "B/user", seedScaleAstraUsers)
	}
	for _, n := range scaleSizes(10_000, 100_000) {
		benchScale(b, "argo-users", n, "B/user", seedScaleArgoUsers)
	}
	for _, n := range scaleSizes(10_000, 100_000) {
		benchScale(b, "argo-tenants", n, "B/tenant", seedScaleArgoTenants)
	}
}

// scaleTarget is what a seeded fake is benchmarked with: a request for one
// record by ID and a request for the list.
type scaleTarget struct {
	get, list *http.Request
}

// benchScale seeds a new fake with n records, measuring the live heap the
// seeding adds, and runs get-by-id and list on it. The fake is closed
// before the next size is seeded.
func benchScale(b *testing.B, kind string, n int, perUnit string, seed func(*testing.B, *fakeserver.Server, int) scaleTarget) {
	// spec: a benchmark; checking every exchange would measure the validator.
	fake, err := fakeserver.New()
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	before := liveHeap()
	target := seed(b, fake, n)
	perRecord := (float64(liveHeap()) - float64(before)) / float64(n)
	h := fake.Handler()

	b.Run(fmt.Sprintf("%s/n=%d/get-by-id", kind, n), func(b *testing.B) {
		w := newDiscardWriter()
		b.ReportAllocs()
		for b.Loop() {
			w.reset()
			h.ServeHTTP(w, target.get)
			if w.status != http.StatusOK {
				b.Fatalf("GET %s: status %d", target.get.URL, w.status)
			}
		}
		b.ReportMetric(perRecord, perUnit)
	})
	b.Run(fmt.Sprintf("%s/n=%d/list", kind, n), func(b *testing.B) {
		w := newDiscardWriter()
		b.ReportAllocs()
		for b.Loop() {
			w.reset()
			h.ServeHTTP(w, target.list)
			if w.status != http.StatusOK || w.n < int64(n) {
				b.Fatalf("GET %s: status %d, %d bytes", target.list.URL, w.status, w.n)
			}
		}
		b.ReportMetric(float64(w.n), "body-B")
	})
}

func astraRequest(path string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+fakeserver.DefaultAstraToken)
	return req
}

func argoRequest(path string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("X-Api-Key", fakeserver.DefaultArgoAdminKey)
	req.Header.Set("Accept", "application/json")
	return req
}

// seedScaleAstraUsers invites n users and finds the ID of the middle one
// in the list (the API has no lookup by email). It reads the whole list,
// so that no handler is still writing it when the heap is measured.
func seedScaleAstraUsers(b *testing.B, fake *fakeserver.Server, n int) scaleTarget {
	seedAstraUsers(b, fake, n)
	c, err := client.New(client.WithBaseURL(fake.URL()), client.WithHTTPClient(fake.Client()),
		client.WithBearerToken(fake.Credentials().AstraToken))
	if err != nil {
		b.Fatal(err)
	}
	var id string
	for u, err := range users.NewAstra(c).All(context.Background()) {
		if err != nil {
			b.Fatal(err)
		}
		if u.Email == astraUserEmail(n/2) {
			id = u.UserID
		}
	}
	return scaleTarget{
		get:  astraRequest("/v2/organizations/users/" + id),
		list: astraRequest("/v2/organizations/users"),
	}
}

// argoUsersPerTenant is how the argo-users records are spread.
const argoUsersPerTenant = 100

func seedScaleArgoUsers(b *testing.B, fake *fakeserver.Server, n int) scaleTarget {
	tenants := max(n/argoUsersPerTenant, 1)
	if _, err := fake.SeedArgoTenants(argoSeed(tenants, n/tenants)); err != nil {
		b.Fatal(err)
	}
	return scaleTarget{
		get:  argoRequest("/api/v2/admin/users:byID/u" + strconv.Itoa(tenants/2) + "-" + strconv.Itoa(argoUsersPerTenant/2)),
		list: argoRequest("/api/v2/admin/tenants"),
	}
}

func seedScaleArgoTenants(b *testing.B, fake *fakeserver.Server, n int) scaleTarget {
	if _, err := fake.SeedArgoTenants(argoSeed(n, 0)); err != nil {
		b.Fatal(err)
	}
	return scaleTarget{
		get:  argoRequest("/api/v2/admin/tenants/t" + strconv.Itoa(n/2)),
		list: argoRequest("/api/v2/admin/tenants"),
	}
}
