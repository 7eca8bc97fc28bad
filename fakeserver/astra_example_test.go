package fakeserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// astraDo sends one Astra request with the default token through the
// fake's in-process client and decodes the JSON answer into out.
func astraDo(srv *fakeserver.Server, method, path, body string, out any) int {
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	req.Header.Set("X-DataStax-Current-Org", srv.Credentials().OrgID)
	resp, err := srv.Client().Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		_ = json.Unmarshal(b, out)
	}
	return resp.StatusCode
}

// An invited user stays "invited" until the test accepts the invitation on
// the user's behalf.
func ExampleServer_AcceptInvitation() {
	srv, err := fakeserver.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	org := srv.Credentials().OrgID

	// Invitations name roles by ID; GET /v2/organizations/roles has them.
	var roles []struct{ ID, Name string }
	astraDo(srv, "GET", "/v2/organizations/roles", "", &roles)
	var roID string
	for _, r := range roles {
		if r.Name == "RO User" {
			roID = r.ID
		}
	}
	status := astraDo(srv, "PUT", "/v2/organizations/users",
		`{"email":"Dev@Example.com","orgID":"`+org+`","roles":["`+roID+`"]}`, nil)
	fmt.Println("invite:", status)

	printUsers := func() {
		var list struct {
			Users []struct{ Email, Status string }
		}
		astraDo(srv, "GET", "/v2/organizations/users", "", &list)
		for _, u := range list.Users {
			fmt.Println(" ", u.Email, u.Status)
		}
	}
	printUsers()
	if err := srv.AcceptInvitation(org, "dev@example.com"); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after AcceptInvitation:")
	printUsers()
	// Output:
	// invite: 200
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
		fmt.Println(err)
		return
	}
	defer srv.Close()
	org := srv.Credentials().OrgID

	var tenant struct{ ID, Status, URL string }
	code := astraDo(srv, "POST", "/v1/tenant", `{"cloud_provider":"aws","org_id":"`+org+`","region":"us-west-2"}`, &tenant)
	fmt.Println(code, tenant.Status)

	if err := srv.FinishProvisioning(tenant.ID); err != nil {
		fmt.Println(err)
		return
	}
	astraDo(srv, "GET", "/v1/orgs/"+org+"/tenant/"+tenant.ID, "", &tenant)
	fmt.Println(tenant.Status, strings.TrimSuffix(tenant.URL, tenant.ID))
	// Output:
	// 201 created
	// active https://aws-us-west-2.langflow.datastax.com/lf/
}
