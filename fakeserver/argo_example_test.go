package fakeserver_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

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
	c, err := client.New(
		client.WithBaseURL(srv.URL()),
		client.WithHTTPClient(srv.Client()),
		client.WithArgoAPIKey(fakeserver.DefaultArgoRestrictedKey),
	)
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
	c, err := client.New(
		client.WithBaseURL(srv.URL()),
		client.WithHTTPClient(srv.Client()),
		client.WithArgoAPIKey(fakeserver.DefaultArgoUIAdminKey),
	)
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
