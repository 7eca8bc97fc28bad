package client_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// TestSpecOperationsGetTheirAPIsCredentials: a request naming an operation
// of openapi.yaml, with no API set, carries the credentials of the API the
// spec gives the operation; a request of a name outside the spec still
// carries every credential.
func TestSpecOperationsGetTheirAPIsCredentials(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := newClient(t, serve(t, rec.ServeHTTP),
		client.WithBearerToken("AstraCS:spec-facts-token"),
		client.WithOrgID("org-1"),
		client.WithArgoAPIKey("argo-spec-facts-key"))
	for _, req := range []client.Request{
		{Operation: tenantkit.OpGetOrganizationUsers, Method: http.MethodGet, Path: "/v2/organizations/users"},
		{Operation: tenantkit.OpArgoListTenants, Method: http.MethodGet, Path: "/api/v2/admin/tenants"},
		{Operation: "listThings", Method: http.MethodGet, Path: "/things"},
	} {
		if _, err := c.Do(context.Background(), req, nil); err != nil {
			t.Fatalf("%s: %v", req.Operation, err)
		}
	}
	type creds struct{ Authorization, Org, APIKey string }
	var got []creds
	for _, r := range rec.seen() {
		got = append(got, creds{r.Header.Get("Authorization"), r.Header.Get("X-DataStax-Current-Org"), r.Header.Get("X-Api-Key")})
	}
	want := []creds{
		{"Bearer AstraCS:spec-facts-token", "org-1", ""},
		{"", "", "argo-spec-facts-key"},
		{"Bearer AstraCS:spec-facts-token", "org-1", "argo-spec-facts-key"},
	}
	testkit.WantEqual(t, "credentials per request", want, got)
}

// TestSpecOperationsAreResentAsTheSpecSays: after a connection lost once the
// request was sent, an operation openapi.yaml marks x-tenantkit-idempotent
// (the Langflow reactivate PATCH) is sent again without the request saying
// so, while a POST the spec does not mark is not; requests outside the spec
// go by Request.Idempotent and their method.
func TestSpecOperationsAreResentAsTheSpecSays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  client.Request
		want int
	}{
		{"x-tenantkit-idempotent PATCH", client.Request{Operation: tenantkit.OpReactivateLangflowTenant, Method: http.MethodPatch, Path: "/v1/orgs/o1/tenant/t1/reactivate"}, 3},
		{"unmarked POST", client.Request{Operation: tenantkit.OpCreateLangflowTenant, Method: http.MethodPost, Path: "/v1/tenant", Body: []byte(`{}`)}, 1},
		{"PATCH outside the spec", client.Request{Operation: "patchThing", Method: http.MethodPatch, Path: "/things/t1"}, 1},
		{"PATCH outside the spec, marked", client.Request{Operation: "patchThing", Method: http.MethodPatch, Path: "/things/t1", Idempotent: true}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var seen atomic.Int32
			base := serve(t, func(w http.ResponseWriter, r *http.Request) {
				seen.Add(1)
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					_ = conn.Close() // read, maybe processed, never answered
				}
			})
			c, _ := newClient(t, base, client.WithMaxAttempts(3), client.WithBearerToken("AstraCS:t"), client.WithOrgID("o1"))
			if _, err := c.Do(context.Background(), tt.req, nil); err == nil {
				t.Fatal("Do succeeded on a dropped connection")
			}
			if got := int(seen.Load()); got != tt.want {
				t.Errorf("server saw %d requests; want %d", got, tt.want)
			}
		})
	}
}

// TestRequestsContradictingTheSpecFailBeforeSending: a request naming an
// operation of openapi.yaml with another method, the other API, or marked
// Idempotent when the spec does not say so is a programming error, reported
// before anything is sent.
func TestRequestsContradictingTheSpecFailBeforeSending(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"), client.WithArgoAPIKey("argo-key-123456"))
	tests := []struct {
		req  client.Request
		want string
	}{
		{client.Request{Operation: tenantkit.OpGetOrganizationRole, Method: http.MethodPost, Path: "/v2/organizations/roles/r1"},
			"tenantkit: getOrganizationRole POST /v2/organizations/roles/r1: openapi.yaml sends getOrganizationRole as GET, not POST"},
		{client.Request{API: client.APIArgo, Operation: tenantkit.OpGetOrganizationRole, Method: http.MethodGet, Path: "/v2/organizations/roles/r1"},
			"tenantkit: getOrganizationRole GET /v2/organizations/roles/r1: getOrganizationRole is an operation of the Astra API, but the request is for the ARGO API"},
		{client.Request{Operation: tenantkit.OpArgoCreateTenant, Method: http.MethodPost, Path: "/api/v2/admin/tenants", Idempotent: true},
			"tenantkit: argoCreateTenant POST /api/v2/admin/tenants: the request is marked Idempotent, but openapi.yaml does not mark argoCreateTenant safe to send again (x-tenantkit-idempotent)"},
	}
	for _, tt := range tests {
		_, err := c.Do(context.Background(), tt.req, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error = %v\nwant %s", err, tt.want)
		}
	}
	if n := len(rec.seen()); n != 0 {
		t.Errorf("the server saw %d requests, want none", n)
	}
	// The spec's own facts are accepted when a request repeats them.
	ok := client.Request{API: client.APIAstra, Operation: tenantkit.OpReactivateLangflowTenant, Method: http.MethodPatch, Path: "/v1/orgs/o1/tenant/t1/reactivate", Idempotent: true}
	if _, err := c.Do(context.Background(), ok, nil); err != nil {
		t.Errorf("a request agreeing with the spec was refused: %v", err)
	}
}
