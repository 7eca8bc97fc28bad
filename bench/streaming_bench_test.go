package bench_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/users"
)

// BenchmarkStreamList iterates long lists through the SDK's iterators
// (users.Astra.All for organization users, users.Argo.All for ARGO tenant
// users) beside what a user without the SDK writes: GET, read the body,
// json.Unmarshal it into a slice. Both read the same bytes, which the fake
// answered, from one loopback server. Besides time, each reports
// "peak-heap-B": the largest growth of the live heap during one call (see
// peakHeapGrowth).
//
// Goal: sdk time ≤ 1.0× raw-unmarshal, and sdk peak heap growth ≤ 2 MiB
// whatever the list length.
func BenchmarkStreamList(b *testing.B) {
	ctx := context.Background()
	creds := fakeserver.Credentials{AstraToken: fakeserver.DefaultAstraToken, ArgoAdminKey: fakeserver.DefaultArgoAdminKey}
	for _, n := range scaleSizes(10_000, 100_000) {
		astraBody, argoBody := listBodies(b, n)
		astraList, argoList := replay(b, astraBody), replay(b, argoBody)

		want := n + 1 // the seeded users and the default organization's administrator
		b.Run(fmt.Sprintf("astra-users/n=%d/sdk", n), func(b *testing.B) {
			c, err := client.New(client.WithBaseURL(astraList.URL), client.WithBearerToken(creds.AstraToken))
			if err != nil {
				b.Fatal(err)
			}
			svc := users.NewAstra(c)
			listOnce := func(sample func()) error {
				got := 0
				for u, err := range svc.All(ctx) {
					if err != nil {
						return err
					}
					if u.UserID == "" {
						return fmt.Errorf("user %d without an ID", got)
					}
					if got++; got%4096 == 0 {
						sample()
					}
				}
				return countIs(got, want)
			}
			streamBench(b, listOnce)
		})
		b.Run(fmt.Sprintf("astra-users/n=%d/raw-unmarshal", n), func(b *testing.B) {
			hc := cleanhttp.DefaultPooledClient()
			h := astraHeaders(creds.AstraToken, "")
			listOnce := func(sample func()) error {
				var list struct{ Users []users.OrgUser }
				if err := getUnmarshal(ctx, hc, astraList.URL+"/v2/organizations/users", h, &list, sample); err != nil {
					return err
				}
				return countIs(len(list.Users), want)
			}
			streamBench(b, listOnce)
		})

		b.Run(fmt.Sprintf("argo-users/n=%d/sdk", n), func(b *testing.B) {
			c, err := client.New(client.WithBaseURL(argoList.URL), client.WithArgoAPIKey(creds.ArgoAdminKey))
			if err != nil {
				b.Fatal(err)
			}
			svc := users.NewArgo(c)
			listOnce := func(sample func()) error {
				got := 0
				for u, err := range svc.All(ctx, streamTenant) {
					if err != nil {
						return err
					}
					if u.ID == "" {
						return fmt.Errorf("user %d without an ID", got)
					}
					if got++; got%4096 == 0 {
						sample()
					}
				}
				return countIs(got, n)
			}
			streamBench(b, listOnce)
		})
		b.Run(fmt.Sprintf("argo-users/n=%d/raw-unmarshal", n), func(b *testing.B) {
			hc := cleanhttp.DefaultPooledClient()
			h := argoHeaders(creds.ArgoAdminKey)
			listOnce := func(sample func()) error {
				var env struct {
					Data []users.ArgoUser `json:"data"`
				}
				if err := getUnmarshal(ctx, hc, argoList.URL+streamUsersPath, h, &env, sample); err != nil {
					return err
				}
				return countIs(len(env.Data), n)
			}
			streamBench(b, listOnce)
		})
	}
}

// The tenant whose users BenchmarkStreamList lists (argoSeed's first ID).
const (
	streamTenant    = "t0"
	streamUsersPath = "/api/v2/admin/tenants/" + streamTenant + "/users"
)

// listBodies returns what the fake answers to GET /v2/organizations/users
// with n seeded users, and to GET streamUsersPath for a tenant with n
// users. The fake is closed on return, so its store is garbage before
// anything is measured.
func listBodies(b *testing.B, n int) (astra, argo reply) {
	b.Helper()
	// spec: a benchmark's setup; the validator would dominate a 100k-item list.
	fake, err := fakeserver.New()
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	creds := fake.Credentials()
	seedAstraUsers(b, fake, n)
	astra = capture(b, fake, http.MethodGet, "/v2/organizations/users", astraHeaders(creds.AstraToken, ""), nil)
	if _, err := fake.SeedArgoTenants(argoSeed(1, n)); err != nil {
		b.Fatal(err)
	}
	argo = capture(b, fake, http.MethodGet, streamUsersPath, argoHeaders(creds.ArgoAdminKey), nil)
	return astra, argo
}

// streamBench times listOnce, then runs it once more, untimed, to measure
// its peak heap growth.
func streamBench(b *testing.B, listOnce func(sample func()) error) {
	b.ReportAllocs()
	for b.Loop() {
		if err := listOnce(func() {}); err != nil {
			b.Fatal(err)
		}
	}
	var err error
	peak := peakHeapGrowth(func(sample func()) { err = listOnce(sample) })
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(peak), "peak-heap-B")
}

// getUnmarshal is the baseline: GET with the SDK's headers, a status
// check, the body read whole and unmarshalled. It samples the heap when
// both the body and the decoded list are reachable, its peak.
func getUnmarshal(ctx context.Context, hc *http.Client, url string, h http.Header, out any, sample func()) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return err
	}
	sample()
	runtime.KeepAlive(body)
	return nil
}

func countIs(got, want int) error {
	if got != want {
		return fmt.Errorf("got %d items, want %d", got, want)
	}
	return nil
}
