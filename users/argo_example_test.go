package users_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/users"
)

func ExampleArgo_Create() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)

	// The server generates the key and does not return it; Create reads
	// the new user back, so it comes with its key.
	u, err := argo.Create(context.Background(), "t1", users.ArgoUser{
		Name: "ada", Email: "ada@acme.test", Roles: []string{"admin", "admin_ui"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Email, u.Roles)
	fmt.Println("key:", len(u.APIKey), "hex characters")
	fmt.Println(u) // printing a user masks its key
	// Output:
	// ada ada@acme.test [admin admin_ui]
	// key: 64 hex characters
	// {ID:0cd87274-d670-44ca-af0e-0d36c8496db7 Name:ada Email:ada@acme.test APIKey:6ae6**** Roles:[admin admin_ui]}
}

func ExampleArgo_Update() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)

	// A patch: empty fields are left as they are.
	u, err := argo.Update(context.Background(), "t1", "u1", users.ArgoUser{Email: "captain@acme.test"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Email, u.Roles)
	// Output:
	// cap captain@acme.test [admin]
}

func ExampleArgo_RenewAPIKey() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)

	key, err := argo.RenewAPIKey(context.Background(), "t1", "u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("new key:", users.MaskArgoAPIKey(key))
	// Output:
	// new key: 6ae6****
}

func ExampleArgo_ByID() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)
	ctx := context.Background()

	// Across all tenants; ByIDFlat asks for the bare-object form and
	// returns the same user.
	u, err := argo.ByID(ctx, "u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	flat, err := argo.ByIDFlat(ctx, "u1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.Name, u.Roles, u.ID == flat.ID && u.APIKey == flat.APIKey)

	_, err = argo.ByID(ctx, "nobody")
	fmt.Println(errors.Is(err, client.ErrNotFound))
	// Output:
	// cap [admin] true
	// true
}

func ExampleArgo_List() {
	srv, err := fakeserver.New(
		fakeserver.WithSeed(1),
		fakeserver.WithClock(client.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if _, err := srv.SeedArgoTenants([]byte(`[{"id": "t1", "info": {"name": "acme"},
		"users": [{"id": "u1", "name": "cap", "email": "cap@acme.test", "api_key": "C4PK3Y", "roles": ["admin"]}]}]`)); err != nil {
		log.Fatal(err)
	}
	c, err := srv.SDKClient(fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdmin))
	if err != nil {
		log.Fatal(err)
	}
	argo := users.NewArgo(c)
	ctx := context.Background()

	us, err := argo.List(ctx, "t1")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range us {
		fmt.Println(u.ID, u.Name, u.Roles)
	}
	// After the last user goes the list is empty, not an error.
	if err := argo.Delete(ctx, "t1", "u1"); err != nil {
		fmt.Println(err)
		return
	}
	us, err = argo.List(ctx, "t1")
	fmt.Println(len(us), us != nil, err)
	// Output:
	// u1 cap [admin]
	// 0 true <nil>
}
