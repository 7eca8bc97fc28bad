package fakeserver_test

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// argoGet sends an ARGO admin GET and returns status and body.
func argoGet(srv *fakeserver.Server, key, path string) (int, string) {
	req, err := http.NewRequest(http.MethodGet, srv.URL()+"/api/v2/admin"+path, nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("x-api-key", key)
	req.Header.Set("Accept", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

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
	status, body := argoGet(srv, fakeserver.DefaultArgoRestrictedKey, "/users:byID/acb74194-553a-11e9-8647-d663bd873d93?export=flat")
	fmt.Println(status)
	fmt.Println(body)
	// Output:
	// 200
	// {
	//  "id": "acb74194-553a-11e9-8647-d663bd873d93",
	//  "name": "cap",
	//  "email": "",
	//  "api_key": "C4PK3Y",
	//  "roles": [
	//   "admin"
	//  ]
	// }
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
	status, _ := argoGet(srv, fakeserver.DefaultArgoUIAdminKey, "/tenants/t1")
	fmt.Println("t1:", status)
	status, body := argoGet(srv, fakeserver.DefaultArgoUIAdminKey, "/tenants/t2")
	fmt.Println("t2:", status, "users shown:", strings.Count(body, `"id": "u`))
	// Output:
	// t1: 404
	// t2: 200 users shown: 1
}
