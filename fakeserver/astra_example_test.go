package fakeserver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// An invited user stays "invited" until the test accepts the invitation on
// the user's behalf.
func ExampleServer_AcceptInvitation() {
	srv, err := fakeserver.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	creds := srv.Credentials()
	c, err := client.New(
		client.WithBaseURL(srv.URL()),
		client.WithHTTPClient(srv.Client()), // in process: no sockets
		client.WithBearerToken(creds.AstraToken),
		client.WithOrgID(creds.OrgID),
	)
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
	creds := srv.Credentials()
	c, err := client.New(
		client.WithBaseURL(srv.URL()),
		client.WithHTTPClient(srv.Client()),
		client.WithBearerToken(creds.AstraToken),
		client.WithOrgID(creds.OrgID),
	)
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
