package fakeserver_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// send makes one request with the fixture's Astra token through the fake's
// in-process client and returns the response with its body read.
func send(srv *fakeserver.Server, method, path, body string) (*http.Response, string) {
	req, _ := http.NewRequest(method, "http://fake.invalid"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	req.Header.Set("X-DataStax-Current-Org", srv.Credentials().OrgID)
	resp, err := srv.Client().Do(req)
	if err != nil {
		return nil, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// A rule makes the next two calls of one operation fail the way the API
// fails; the journal shows what happened.
func ExampleServer_AddFault() {
	srv, err := fakeserver.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	err = srv.AddFault(fakeserver.Fault{
		Operation:  "getCurrentOrganization",
		Status:     503,
		RetryAfter: 2 * time.Second,
		Times:      2,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, body := send(srv, "GET", "/v2/currentOrg", "")
	fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), body)
	send(srv, "GET", "/v2/currentOrg", "")
	send(srv, "GET", "/v2/currentOrg", "")
	for _, line := range srv.Journal().Summary() {
		fmt.Println(line)
	}
	// Output:
	// 503 2 {"errors":[{"ID":1503,"message":"Service Unavailable"}]}
	// GET /v2/currentOrg 503 fault=fault-1
	// GET /v2/currentOrg 503 fault=fault-1
	// GET /v2/currentOrg 200
}

// A connection dropped after the request took effect: the client sees a
// failure, the journal and the store see the tenant created.
func ExampleDrop() {
	srv, err := fakeserver.New(fakeserver.WithFaults(fakeserver.Fault{
		Operation: "createLangflowTenant",
		Drop:      fakeserver.DropAfterServing,
		Times:     1,
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	org := srv.Credentials().OrgID
	resp, msg := send(srv, "POST", "/v1/tenant", `{"cloud_provider":"aws","org_id":"`+org+`","region":"us-east-1"}`)
	fmt.Println(resp == nil, msg)
	last, _ := srv.Journal().Last()
	fmt.Println(last)
	_, list := send(srv, "GET", "/v1/orgs/"+org+"/tenants", "")
	fmt.Println(strings.Count(list, `"id"`), "tenant")
	// Output:
	// true Post "http://fake.invalid/v1/tenant": fakeserver: connection dropped
	// POST /v1/tenant 201 fault=fault-1 dropped=after-serving
	// 1 tenant
}

// The journal records what a client sent, secrets redacted.
func ExampleJournal_CallsTo() {
	srv, err := fakeserver.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	send(srv, "PUT", "/v2/organizations/users",
		`{"email":"dev@example.com","orgID":"`+srv.Credentials().OrgID+`","roles":["878dccff-b5ab-4567-9f39-adc958da97d2"]}`)
	for _, call := range srv.Journal().CallsTo("inviteUserToOrganization") {
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
	}), fakeserver.WithSeed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	creds := srv.Credentials()
	fmt.Println(creds.OrgName, creds.AstraToken, creds.ArgoAdminKey, creds.ArgoUIAdminKey == "")
	_, body := send(srv, "GET", "/v2/organizations/users", "")
	fmt.Println(strings.Count(body, `"Status":"active"`), "active,", strings.Count(body, `"Status":"invited"`), "invited")
	// Output:
	// acme AstraCS:test argo-key true
	// 1 active, 1 invited
}

// A snapshot taken before a test's changes puts everything back.
func ExampleServer_Snapshot() {
	srv, err := fakeserver.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	count := func() int {
		_, body := send(srv, "GET", "/v2/organizations/roles", "")
		return strings.Count(body, `"ID"`)
	}
	snap := srv.Snapshot()
	send(srv, "POST", "/v2/organizations/roles",
		`{"name":"temp","policy":{"description":"","resources":["drn:astra:org:x"],"actions":["org-read"],"effect":"allow"}}`)
	fmt.Println("roles:", count())
	if err := srv.Restore(snap); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after Restore:", count())
	// Output:
	// roles: 19
	// after Restore: 18
}
