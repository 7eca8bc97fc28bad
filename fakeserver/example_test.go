package fakeserver_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// A rule makes the next two calls of one operation fail the way the API
// fails; the journal shows what happened.
func ExampleServer_AddFault() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	err = srv.AddFault(fakeserver.Fault{
		Operation:  tenantkit.OpGetCurrentOrganization,
		Status:     http.StatusServiceUnavailable,
		RetryAfter: 2 * time.Second,
		Times:      2,
	})
	if err != nil {
		log.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, srv.URL()+"/v2/currentOrg", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	for range 3 {
		resp, err := srv.Client().Do(req)
		if err != nil {
			log.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), string(body))
	}
	for _, line := range srv.Journal().Summary() {
		fmt.Println(line)
	}
	// Output:
	// 503 2 {"errors":[{"ID":1503,"message":"Service Unavailable"}]}
	// 503 2 {"errors":[{"ID":1503,"message":"Service Unavailable"}]}
	// 200  {"id":"5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b","name":"tenantkit-fake"}
	// GET /v2/currentOrg 503 fault=fault-1
	// GET /v2/currentOrg 503 fault=fault-1
	// GET /v2/currentOrg 200
}

// A connection dropped after the request took effect: the client sees a
// failure, the journal and the store see the tenant created.
func ExampleDrop() {
	srv, err := fakeserver.New(fakeserver.WithFaults(fakeserver.Fault{
		Operation: tenantkit.OpCreateLangflowTenant,
		Drop:      fakeserver.DropAfterServing,
		Times:     1,
	}))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	creds := srv.Credentials()
	body := `{"cloud_provider":"aws","org_id":"` + creds.OrgID + `","region":"us-east-1"}`
	req, err := http.NewRequest(http.MethodPost, srv.URL()+"/v1/tenant", strings.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+creds.AstraToken)
	req.Header.Set("X-DataStax-Current-Org", creds.OrgID)
	_, err = srv.Client().Do(req)
	fmt.Println("request failed:", errors.Unwrap(err)) // the *url.Error's cause
	last, _ := srv.Journal().Last()
	fmt.Println(last)
	// Output:
	// request failed: fakeserver: connection dropped
	// POST /v1/tenant 201 fault=fault-1 dropped=after-serving
}

// The journal records what a client sent, secrets redacted.
func ExampleJournal_CallsTo() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra()) // in process, no sockets
	if err != nil {
		log.Fatal(err)
	}
	if _, err := users.NewAstra(c).Invite(context.Background(), "dev@example.com", "RO User"); err != nil {
		log.Fatal(err)
	}
	for _, call := range srv.Journal().CallsTo(tenantkit.OpInviteUserToOrganization) {
		fmt.Println(call.Method, call.Path, call.Status)
		fmt.Println("Authorization:", call.Header.Get("Authorization"))
		fmt.Println(string(call.Body))
	}
	// Output:
	// PUT /v2/organizations/users 200
	// Authorization: [REDACTED]
	// {"email":"dev@example.com","orgID":"5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b","roles":["878dccff-b5ab-4567-9f39-adc958da97d2"]}
}

// A fixture written in Go; the same value as JSON is a fixture file.
func ExampleWithFixture() {
	srv, err := fakeserver.New(fakeserver.WithFixture(fakeserver.Fixture{
		Organizations: []fakeserver.FixtureOrganization{{
			ID:     "11111111-2222-4333-8444-555555555555",
			Name:   "acme",
			Tokens: []fakeserver.FixtureToken{{Token: "AstraCS:test", Roles: []string{"Organization Administrator"}}},
			Users: []fakeserver.FixtureUser{
				{Email: "owner@acme.example", Roles: []string{"Organization Administrator"}},
				{Email: "new@acme.example", Status: "invited", Roles: []string{"RO User"}},
			},
		}},
		ArgoAdminKeys: []fakeserver.FixtureArgoAdminKey{{Key: "argo-key", Flavour: fakeserver.ArgoSuperAdmin}},
	}))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	creds := srv.Credentials()
	fmt.Println(creds.OrgName, creds.AstraToken, creds.ArgoAdminKey, creds.ArgoUIAdminKey == "")
	c, err := srv.SDKClient(fakeserver.AsAstra()) // in process, no sockets
	if err != nil {
		log.Fatal(err)
	}
	list, err := users.NewAstra(c).List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range list {
		fmt.Println(u.Email, u.Status)
	}
	// Output:
	// acme AstraCS:test argo-key true
	// owner@acme.example active
	// new@acme.example invited
}

// A snapshot taken before a test's changes puts everything back.
func ExampleServer_Snapshot() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra()) // in process, no sockets
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	members := users.NewAstra(c)
	count := func() int {
		list, err := members.List(ctx)
		if err != nil {
			log.Fatal(err)
		}
		return len(list)
	}
	snap := srv.Snapshot()
	if _, err := members.Invite(ctx, "temp@example.com", "RO User"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("users:", count())
	if err := srv.Restore(snap); err != nil {
		log.Fatal(err)
	}
	fmt.Println("after Restore:", count())
	// Output:
	// users: 2
	// after Restore: 1
}

// An invited user stays "invited" until the test accepts the invitation on
// the user's behalf.
func ExampleServer_AcceptInvitation() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	creds := srv.Credentials()
	c, err := srv.SDKClient(fakeserver.AsAstra()) // in process, no sockets
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	members := users.NewAstra(c)
	if _, err := members.Invite(ctx, "Dev@Example.com", "RO User"); err != nil {
		log.Fatal(err)
	}
	printUsers := func() {
		list, err := members.List(ctx)
		if err != nil {
			log.Fatal(err)
		}
		for _, u := range list {
			fmt.Println(" ", u.Email, u.Status)
		}
	}
	printUsers()
	if err := srv.AcceptInvitation(creds.OrgID, "dev@example.com"); err != nil {
		log.Fatal(err)
	}
	fmt.Println("after AcceptInvitation:")
	printUsers()
	// Output:
	//   admin@tenantkit.example active
	//   dev@example.com invited
	// after AcceptInvitation:
	//   admin@tenantkit.example active
	//   dev@example.com active
}

// A new Langflow tenant provisions on the server's clock; FinishProvisioning
// skips the wait.
func ExampleServer_FinishProvisioning() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.SDKClient(fakeserver.AsAstra()) // in process, no sockets
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	langflow := tenants.NewLangflow(c)
	t, err := langflow.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Status)
	if err := srv.FinishProvisioning(t.ID); err != nil {
		log.Fatal(err)
	}
	if t, err = langflow.Get(ctx, t.ID); err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Status)
	// Output:
	// created
	// active
}

// Seeded tenants keep the IDs, keys and timestamps they are given, so a
// test can use the documents' own values.
func ExampleServer_SeedArgoTenants() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	_, err = srv.SeedArgoTenants([]byte(`[{
		"id": "6ac7d684-1f8e-4a02-a502-720e8f11e50b",
		"info": {"name": "Tenant1", "created": "2015-10-20 02:08:04"},
		"users": [{"id": "acb74194-553a-11e9-8647-d663bd873d93", "name": "cap", "api_key": "C4PK3Y", "roles": ["admin"]}]
	}]`))
	if err != nil {
		log.Fatal(err)
	}
	// A restricted admin may read users by ID, api keys included.
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminRestricted))
	if err != nil {
		log.Fatal(err)
	}
	u, err := users.NewArgo(c).ByID(context.Background(), "acb74194-553a-11e9-8647-d663bd873d93")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name, u.APIKey, u.Roles)
	// Output:
	// cap C4PK3Y [admin]
}

func ExampleWithArgoRouteRoles() {
	// Let UI admins read single tenants, as the real server's unit tests do.
	table := fakeserver.ArgoDefaultRouteRoles()
	table["tenants.get"] = append(table["tenants.get"], string(fakeserver.ArgoSuperAdminUI))
	srv, err := fakeserver.New(fakeserver.WithArgoRouteRoles(table))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[
		{"id": "t1", "info": {"name": "no UI users"}, "users": [{"id": "u1", "roles": ["admin"]}]},
		{"id": "t2", "info": {"name": "UI users"}, "users": [{"id": "u2", "roles": ["admin"]}, {"id": "u3", "roles": ["admin_ui"]}]}
	]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI))
	if err != nil {
		log.Fatal(err)
	}
	argo := tenants.NewArgo(c)
	_, err = argo.Get(context.Background(), "t1")
	fmt.Println("t1 not found:", errors.Is(err, client.ErrNotFound))
	t2, err := argo.Get(context.Background(), "t2")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("t2 users shown:", len(t2.Users))
	// Output:
	// t1 not found: true
	// t2 users shown: 1
}
