package fakeserver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
)

// A test steers a fake in another process — here one started with a
// control token, as cmd/fakeserver always is — with the methods it would
// call on an in-process Server.
func ExampleDial() {
	// The fake in the other process: in a real set-up, cmd/fakeserver,
	// whose TENANTKIT_FAKE_URL and TENANTKIT_FAKE_CONTROL_TOKEN lines give
	// the two values Dial takes.
	other, err := fakeserver.New(fakeserver.WithControlToken("example-control-token"))
	if err != nil {
		log.Fatal(err)
	}
	defer other.Close()

	ctx := context.Background()
	fake, err := fakeserver.Dial(ctx, other.URL(), "example-control-token")
	if err != nil {
		log.Fatal(err)
	}
	err = fake.AddFault(fakeserver.Fault{Operation: tenantkit.OpCreateLangflowTenant, Status: 503, Times: 1})
	if err != nil {
		log.Fatal(err)
	}
	c, err := fake.SDKClient(fakeserver.AsAstra())
	if err != nil {
		log.Fatal(err)
	}
	lf := tenants.NewLangflow(c)
	_, err = lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	fmt.Println("first create:", err != nil)
	t, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		log.Fatal(err)
	}
	if err := fake.FinishProvisioning(t.ID); err != nil {
		log.Fatal(err)
	}
	for _, line := range fake.Journal().Outline() {
		fmt.Println(line)
	}
	fake.Reset()
	list, err := lf.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("tenants after Reset:", len(list))
	// Output:
	// first create: true
	// createLangflowTenant POST /v1/tenant 503 fault=fault-1
	// createLangflowTenant POST /v1/tenant 201
	// event FinishProvisioning {id-1}
	// tenants after Reset: 0
}
