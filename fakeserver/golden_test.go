package fakeserver_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// seededSession drives a fresh seeded server through requests on both APIs
// that generate IDs, keys, tokens and timestamps, and returns a transcript
// of every faketest.Response, byte for byte.
func seededSession(t *testing.T) string {
	t.Helper()
	clock := faketest.NewClock()
	srv := faketest.New(t, fakeserver.WithSeed(20250601), fakeserver.WithClock(clock))
	c := faketest.InProcess(t, srv) // fixed host: ARGO links do not depend on a port
	var b strings.Builder
	record := func(method, path string, r faketest.Response) {
		fmt.Fprintf(&b, "%s %s\n%d\n", method, path, r.Status)
		for _, h := range []string{"Content-Type", "Content-Length", "Retry-After", "Location"} {
			if v := r.Header.Get(h); v != "" {
				fmt.Fprintf(&b, "%s: %s\n", h, v)
			}
		}
		fmt.Fprintf(&b, "%s\n\n", r.Body)
	}
	astra := func(method, path string, body any) faketest.Response {
		r := c.Do(method, path, body)
		record(method, path, r)
		return r
	}
	argo := func(method, path string, body any) faketest.Response {
		r := c.Argo(method, path, body)
		record(method, path, r)
		return r
	}

	var role struct{ ID string }
	faketest.MustUnmarshal(t, astra("POST", "/v2/organizations/roles", faketest.CustomRole("golden")).Body, &role)
	astra("PUT", "/v2/organizations/users", faketest.Invite("golden@example.com", role.ID))
	astra("GET", "/v2/organizations/users", nil)
	var tn faketest.LangflowTenant
	faketest.MustUnmarshal(t, astra("POST", "/v1/tenant", faketest.LangflowCreateBody(fakeserver.DefaultOrgID)).Body, &tn)
	clock.Advance(500 * time.Millisecond)
	astra("GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tn.ID, nil)

	var created struct {
		Data struct{ ID string } `json:"data"`
	}
	faketest.MustUnmarshal(t, argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"golden"},"users":[{"name":"a"},{"name":"b","api_key":"given"}]}`).Body, &created)
	list := argo("GET", "/api/v2/admin/tenants/"+created.Data.ID+"/users", nil)
	var users struct {
		Data []struct{ ID string } `json:"data"`
	}
	faketest.MustUnmarshal(t, list.Body, &users)
	argo("POST", "/api/v2/admin/tenants/"+created.Data.ID+"/users/"+users.Data[0].ID+"/renew_api_key", nil)

	token, err := srv.AddToken(fakeserver.DefaultOrgID, "Organization Administrator")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "AddToken\n%s\n\n", token)
	mustAddFault(t, srv, fakeserver.Fault{Status: 503, RetryAfter: 90 * time.Second, RetryAfterDate: true, Times: 1})
	astra("GET", "/v2/currentOrg", nil)
	return b.String()
}

func TestSeededServersAnswerByteIdenticalResponses(t *testing.T) {
	t.Parallel()
	first, second := seededSession(t), seededSession(t)
	if diff := testkit.Diff(first, second); diff != "" {
		t.Fatalf("same seed, same requests, different bytes (-first +second):\n%s", diff)
	}
	writeGoldenOrCompare(t, "seeded-session.golden.txt", []byte(first))
}

func TestUnseededServersGenerateDifferentIDs(t *testing.T) {
	t.Parallel()
	id := func() string {
		c := faketest.InProcess(t, faketest.New(t))
		return faketest.CreateLangflowTenant(t, c, "").ID
	}
	if a, b := id(), id(); a == b {
		t.Errorf("two unseeded servers both generated %s", a)
	}
}
