package bench_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
)

// BenchmarkSDKOverhead puts a GET and a POST of each API through the SDK
// beside the same call written by hand with net/http and encoding/json
// (rawCall). Both sides talk to one loopback server that replays the bytes
// the fake answered to that call, so only the client side differs. Both
// use a go-cleanhttp pooled client, the SDK's default.
//
// Goal: sdk ≤ 1.05× raw-net-http in ns/op and ≤ +10 allocs/op. Each also
// reports its CPU time per call (cpu-ns/op; see loopCalls), and a third
// run, interleaved, alternates the two call by call and reports their
// ratio (sdk/raw; see interleave), the steadiest figure on a busy machine.
func BenchmarkSDKOverhead(b *testing.B) {
	ctx := context.Background()
	fake := fakeserver.NewTest(b, fakeserver.WithProvisioningDelay(0))
	creds := fake.Credentials()
	astra := astraHeaders(creds.AstraToken, "")
	langflow := astraHeaders(creds.AstraToken, creds.OrgID)
	argo := argoHeaders(creds.ArgoAdminKey)

	// A custom role: created once in the fake for the GET, and the body
	// both sides of the POST send.
	def := roles.Definition{
		Name:   "Langflow builders",
		Policy: roles.Allow([]roles.Action{roles.ActionLangflowIDEBuild, roles.ActionLangflowFlowRun}, roles.OrgResource(creds.OrgID)),
	}
	def.Policy.Description = "build and run Langflow flows"
	defBody := mustJSON(b, def)
	created := capture(b, fake, http.MethodPost, "/v2/organizations/roles", astra, defBody)
	var role roles.Role
	if err := json.Unmarshal(created.body, &role); err != nil {
		b.Fatal(err)
	}
	rolePath := "/v2/organizations/roles/" + url.PathEscape(role.ID)
	def.Name = "Langflow builders 2" // the name the POSTs send; the replay does not care
	defBody = mustJSON(b, def)

	lfReq := tenants.LangflowCreateRequest{CloudProvider: "aws", OrgID: creds.OrgID, Region: "us-west-2"}
	lfBody := mustJSON(b, lfReq)
	lfCreated := capture(b, fake, http.MethodPost, "/v1/tenant", langflow, lfBody)
	var lf tenants.LangflowTenant
	if err := json.Unmarshal(lfCreated.body, &lf); err != nil {
		b.Fatal(err)
	}
	lfPath := "/v1/orgs/" + url.PathEscape(creds.OrgID) + "/tenant/" + url.PathEscape(lf.ID)

	// The ARGO tenant of the API documents' GET example, and the tenant of
	// their create example.
	ids, err := fake.SeedArgoTenants(readFile(b, "testdata/argo-seed-tenant.json"))
	if err != nil {
		b.Fatal(err)
	}
	argoID := ids[0]
	argoPath := "/api/v2/admin/tenants/" + url.PathEscape(argoID)
	var argoNew tenants.ArgoTenant
	if err := json.Unmarshal(readFile(b, "testdata/argo-create-tenant-request.json"), &argoNew); err != nil {
		b.Fatal(err)
	}
	argoBody := mustJSON(b, argoNew)

	astraClient := func(b *testing.B, base string) *client.Client {
		c, err := client.New(client.WithBaseURL(base), client.WithBearerToken(creds.AstraToken), client.WithOrgID(creds.OrgID))
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	argoClient := func(b *testing.B, base string) *client.Client {
		c, err := client.New(client.WithBaseURL(base), client.WithArgoAPIKey(creds.ArgoAdminKey))
		if err != nil {
			b.Fatal(err)
		}
		return c
	}

	// Each case: the fake's answer to replay, one SDK call and the same
	// call by hand. Both check what they got, so neither can skip work.
	cases := []struct {
		name  string
		reply reply
		sdk   func(b *testing.B, base string) func() error
		raw   func(hc *http.Client, base string) error
	}{
		{
			name:  "astra-role-get",
			reply: capture(b, fake, http.MethodGet, rolePath, astra, nil),
			sdk: func(b *testing.B, base string) func() error {
				svc := roles.NewAstra(astraClient(b, base))
				return func() error {
					r, err := svc.Get(ctx, role.ID)
					return expect(err, r.ID == role.ID)
				}
			},
			raw: func(hc *http.Client, base string) error {
				var r roles.Role
				err := rawCall(ctx, hc, http.MethodGet, base+rolePath, astra, nil, http.StatusOK, &r)
				return expect(err, r.ID == role.ID)
			},
		},
		{
			name:  "astra-role-create",
			reply: capture(b, fake, http.MethodPost, "/v2/organizations/roles", astra, defBody),
			sdk: func(b *testing.B, base string) func() error {
				svc := roles.NewAstra(astraClient(b, base))
				return func() error {
					r, err := svc.Create(ctx, def)
					return expect(err, r.ID != "")
				}
			},
			raw: func(hc *http.Client, base string) error {
				body, err := json.Marshal(def) // the SDK encodes on every call too
				if err != nil {
					return err
				}
				var r roles.Role
				err = rawCall(ctx, hc, http.MethodPost, base+"/v2/organizations/roles", astra, body, http.StatusCreated, &r)
				return expect(err, r.ID != "")
			},
		},
		{
			name:  "langflow-get",
			reply: capture(b, fake, http.MethodGet, lfPath, langflow, nil),
			sdk: func(b *testing.B, base string) func() error {
				svc := tenants.NewLangflow(astraClient(b, base))
				return func() error {
					t, err := svc.Get(ctx, lf.ID)
					return expect(err, t.ID == lf.ID)
				}
			},
			raw: func(hc *http.Client, base string) error {
				var t tenants.LangflowTenant
				err := rawCall(ctx, hc, http.MethodGet, base+lfPath, langflow, nil, http.StatusOK, &t)
				return expect(err, t.ID == lf.ID)
			},
		},
		{
			name:  "langflow-create",
			reply: lfCreated,
			sdk: func(b *testing.B, base string) func() error {
				svc := tenants.NewLangflow(astraClient(b, base))
				return func() error {
					t, err := svc.Create(ctx, lfReq)
					return expect(err, t.ID != "")
				}
			},
			raw: func(hc *http.Client, base string) error {
				body, err := json.Marshal(lfReq)
				if err != nil {
					return err
				}
				var t tenants.LangflowTenant
				err = rawCall(ctx, hc, http.MethodPost, base+"/v1/tenant", langflow, body, http.StatusCreated, &t)
				return expect(err, t.ID != "")
			},
		},
		{
			name:  "argo-tenant-get",
			reply: capture(b, fake, http.MethodGet, argoPath, argo, nil),
			sdk: func(b *testing.B, base string) func() error {
				svc := tenants.NewArgo(argoClient(b, base))
				return func() error {
					t, err := svc.Get(ctx, argoID)
					return expect(err, t.ID == argoID)
				}
			},
			raw: func(hc *http.Client, base string) error {
				// The tenant comes as a one-element list; a careful user
				// checks that it is the one asked for.
				var env struct {
					Data []tenants.ArgoTenant `json:"data"`
				}
				err := rawCall(ctx, hc, http.MethodGet, base+argoPath, argo, nil, http.StatusOK, &env)
				return expect(err, len(env.Data) == 1 && env.Data[0].ID == argoID)
			},
		},
		{
			name:  "argo-tenant-create",
			reply: capture(b, fake, http.MethodPost, "/api/v2/admin/tenants", argo, argoBody),
			sdk: func(b *testing.B, base string) func() error {
				svc := tenants.NewArgo(argoClient(b, base))
				return func() error {
					c, err := svc.Create(ctx, argoNew)
					return expect(err, c.ID != "")
				}
			},
			raw: func(hc *http.Client, base string) error {
				body, err := json.Marshal(argoNew)
				if err != nil {
					return err
				}
				var env struct {
					Data tenants.ArgoCreated `json:"data"`
				}
				err = rawCall(ctx, hc, http.MethodPost, base+"/api/v2/admin/tenants", argo, body, http.StatusCreated, &env)
				return expect(err, env.Data.ID != "")
			},
		},
	}
	for _, tc := range cases {
		srv := replay(b, tc.reply)
		b.Run(tc.name+"/sdk", func(b *testing.B) {
			loopCalls(b, tc.sdk(b, srv.URL))
		})
		b.Run(tc.name+"/raw-net-http", func(b *testing.B) {
			hc := cleanhttp.DefaultPooledClient()
			loopCalls(b, func() error { return tc.raw(hc, srv.URL) })
		})
		b.Run(tc.name+"/interleaved", func(b *testing.B) {
			hc := cleanhttp.DefaultPooledClient()
			interleave(b, tc.sdk(b, srv.URL), func() error { return tc.raw(hc, srv.URL) })
		})
	}
}

// interleave alternates one sdk call and one raw call per iteration,
// timing each, and reports the ratio of their total times ("sdk/raw")
// with each one's time per call ("sdk-ns/call", "raw-ns/call"). Calls a
// hundred microseconds apart see the same machine, so on a shared one
// this ratio is far steadier than that of two runs a second apart. Which
// call goes first alternates too.
func interleave(b *testing.B, sdk, raw func() error) {
	var tSDK, tRaw time.Duration
	n := 0
	for b.Loop() {
		first, second := sdk, raw
		if n%2 == 1 {
			first, second = raw, sdk
		}
		t0 := time.Now()
		err1 := first()
		t1 := time.Now()
		err2 := second()
		t2 := time.Now()
		if err := errors.Join(err1, err2); err != nil {
			b.Fatal(err)
		}
		if n%2 == 0 {
			tSDK, tRaw = tSDK+t1.Sub(t0), tRaw+t2.Sub(t1)
		} else {
			tRaw, tSDK = tRaw+t1.Sub(t0), tSDK+t2.Sub(t1)
		}
		n++
	}
	if n > 0 && tRaw > 0 {
		b.ReportMetric(float64(tSDK)/float64(tRaw), "sdk/raw")
		b.ReportMetric(float64(tSDK)/float64(n), "sdk-ns/call")
		b.ReportMetric(float64(tRaw)/float64(n), "raw-ns/call")
	}
}

// loopCalls times call and reports, besides ns/op and allocs/op, the
// process's CPU time per call ("cpu-ns/op", client and server together):
// on a shared machine wall time absorbs the neighbours' load, CPU time
// much less, so it shows small differences the wall clock blurs.
func loopCalls(b *testing.B, call func() error) {
	b.ReportAllocs()
	cpu0, ok0 := cpuTime()
	n := 0
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if cpu1, ok1 := cpuTime(); ok0 && ok1 && n > 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
	}
}

// expect is err, or an error when the call's result was not what the
// benchmark expects (so neither side can get away with less work).
func expect(err error, ok bool) error {
	if err == nil && !ok {
		return errors.New("unexpected response value")
	}
	return err
}

func mustJSON(b *testing.B, v any) []byte {
	b.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func readFile(b *testing.B, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	return data
}
