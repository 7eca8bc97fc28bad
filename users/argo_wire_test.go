package users_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

// argoDocServer starts an ARGO stub answering routes (testkit.NewArgoStub)
// and returns a users service of a client with the key "admin-key" on it.
func argoDocServer(t *testing.T, routes map[string]testkit.Reply) (*users.Argo, *testkit.Stub) {
	t.Helper()
	stub := testkit.NewArgoStub(t, routes)
	return users.NewArgo(sdktest.ArgoStubClient(t, stub)), stub
}

func TestArgoDocumentBodiesDecodeThroughTheUserCalls(t *testing.T) {
	t.Parallel()
	const (
		tenant = "6ac7d684-1f8e-4a02-a502-720e8f11e50b"
		newID  = "1cb883eb-8b40-428d-bce6-8ec23a9f3ca8"
		userA  = "acb74432-553a-11e9-8647-d663bd873d93"
		byID   = "acb74194-553a-11e9-8647-d663bd873d93"
	)
	users0 := "/tenants/" + tenant + "/users"
	a, stub := argoDocServer(t, map[string]testkit.Reply{
		"GET " + users0:                                   {Status: 200, File: "argo/argo-list-users-response.json"},
		"POST " + users0:                                  {Status: 201, File: "argo/argo-create-user-response.json"},
		"GET " + users0 + "/" + newID:                     {Status: 200, File: "argo/argo-get-created-user.json"},
		"GET " + users0 + "/" + userA:                     {Status: 200, File: "argo/argo-get-user-response.json"},
		"PUT " + users0 + "/" + userA:                     {Status: 200, File: "argo/argo-update-user-response.json"},
		"DELETE " + users0 + "/" + userA:                  {Status: 200, File: "argo/argo-delete-user-response.json"},
		"POST " + users0 + "/" + userA + "/renew_api_key": {Status: 200, File: "argo/argo-renew-key-response.json"},
		"GET /users:byID/" + byID:                         {Status: 200, File: "argo/argo-user-by-id.json"},
	})
	ctx := context.Background()
	var createReq, updateReq users.ArgoUser
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", "argo-create-user-request.json"), &createReq)
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", "argo-update-user-request.json"), &updateReq)
	getUser := argoFixtureUsers(t, "argo-get-user-response.json")[0]

	list, err := a.List(ctx, tenant)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "List", argoFixtureUsers(t, "argo-list-users-response.json"), list)
	created, err := a.Create(ctx, tenant, createReq)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Create", argoFixtureUsers(t, "argo-get-created-user.json")[0], created)
	got, err := a.Get(ctx, tenant, userA)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Get", getUser, got)
	if _, err := a.Update(ctx, tenant, userA, updateReq); err != nil {
		t.Fatal(err)
	}
	key, err := a.RenewAPIKey(ctx, tenant, userA)
	if err != nil || key != "s3cr3tT0k3n" {
		t.Errorf("RenewAPIKey = %q, %v; want the document's key", key, err)
	}
	if err := a.Delete(ctx, tenant, userA); err != nil {
		t.Fatal(err)
	}
	u, err := a.ByID(ctx, byID)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "ByID", argoFixtureUsers(t, "argo-user-by-id.json")[0], u)

	var calls []string
	for _, r := range stub.Requests() {
		calls = append(calls, r.Method+" "+r.Path)
		if r.Header.Get("Accept") != "application/json" || r.Header.Get("X-Api-Key") != "admin-key" || r.Query != "" {
			t.Errorf("%s %s: Accept %q, x-api-key %q, query %q", r.Method, r.Path, r.Header.Get("Accept"), r.Header.Get("X-Api-Key"), r.Query)
		}
		switch r.Method + " " + r.Path {
		case "POST " + users0:
			testkit.WantJSONBody(t, r, testkit.ReadTestdata(t, "argo", "argo-create-user-request.json"))
		case "PUT " + users0 + "/" + userA:
			testkit.WantJSONBody(t, r, testkit.ReadTestdata(t, "argo", "argo-update-user-request.json"))
		default:
			if r.Body != "" {
				t.Errorf("%s %s sent a body: %s", r.Method, r.Path, r.Body)
			}
		}
	}
	want := []string{
		"GET " + users0,
		"POST " + users0, "GET " + users0 + "/" + newID,
		"GET " + users0 + "/" + userA,
		"PUT " + users0 + "/" + userA, "GET " + users0 + "/" + userA,
		"POST " + users0 + "/" + userA + "/renew_api_key",
		"DELETE " + users0 + "/" + userA,
		"GET /users:byID/" + byID,
	}
	testkit.WantEqual(t, "requests", want, calls)
}

func TestArgoByIDDecodesBothFormsWhicheverWasAskedFor(t *testing.T) {
	t.Parallel()
	const id = "acb74194-553a-11e9-8647-d663bd873d93"
	want := argoFixtureUsers(t, "argo-user-by-id.json")[0]
	for _, file := range []string{"argo-user-by-id.json", "argo-user-by-id-flat.json", "argo-user-by-id-object.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, stub := argoDocServer(t, map[string]testkit.Reply{"GET /users:byID/" + id: {Status: 200, File: "argo/" + file}})
			for name, byID := range map[string]func(context.Context, string) (users.ArgoUser, error){"ByID": a.ByID, "ByIDFlat": a.ByIDFlat} {
				got, err := byID(context.Background(), id)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if diff := testkit.Diff(want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
			queries := map[string]bool{}
			for _, r := range stub.Requests() {
				queries[r.Query] = true
			}
			if !queries[""] || !queries["export=flat"] || len(queries) != 2 {
				t.Errorf("queries sent %v, want none (ByID) and export=flat (ByIDFlat)", queries)
			}
		})
	}
}

func TestArgoUserIDsAreEscapedInPaths(t *testing.T) {
	t.Parallel()
	a, stub := argoDocServer(t, nil)
	_, _ = a.Get(context.Background(), "t 1", "u%1?x")
	_, _ = a.ByID(context.Background(), "a:b#c")
	var paths []string
	for _, r := range stub.Requests() {
		paths = append(paths, r.Path)
	}
	want := []string{"/tenants/t%201/users/u%251%3Fx", "/users:byID/a:b%23c"}
	testkit.WantEqual(t, "paths sent", want, paths)
}

func TestArgoEmptyUserDataIsAnEmptyListOrNotFound(t *testing.T) {
	t.Parallel()
	sdktest.WantEmptyData(t, []string{"argo-users-data-null.json", "argo-users-data-empty.json"},
		[]string{"GET /tenants/t1/users", "GET /tenants/t1/users/u1", "GET /users:byID/u1"},
		func(ctx context.Context, c *client.Client) ([]users.ArgoUser, error) {
			return users.NewArgo(c).List(ctx, "t1")
		},
		func(c *client.Client) []testkit.Call {
			a := users.NewArgo(c)
			return []testkit.Call{
				{Name: "argoGetTenantUser", Do: func(ctx context.Context) error { _, err := a.Get(ctx, "t1", "u1"); return err }},
				{Name: "argoGetUserByID", Do: func(ctx context.Context) error { _, err := a.ByID(ctx, "u1"); return err }},
				{Name: "argoGetUserByID", Do: func(ctx context.Context) error { _, err := a.ByIDFlat(ctx, "u1"); return err }},
			}
		})
}

func TestArgoUserErrorBodiesDecode(t *testing.T) {
	t.Parallel()
	const notFound = "item with the specific ID was not found on the server"
	sdktest.WantArgoErrorsDecoded(t, "PUT /tenants/t1/users/u1", tenantkit.OpArgoUpdateTenantUser, []sdktest.ArgoError{
		{File: "argo-404-tenant-not-found.json", Status: 404, Kind: client.ErrNotFound, Title: "Not Found", Message: notFound},
		{File: "argo-404-tenant-not-found.xml", Status: 404, ContentType: "application/xml; charset=utf-8", Kind: client.ErrNotFound, Title: "Not Found", Message: notFound},
		{File: "argo-404-user-not-found-flat.json", Status: 404, Kind: client.ErrNotFound, Title: "Not Found", Message: notFound},
		{File: "argo-404-user-not-found-flat.xml", Status: 404, ContentType: "text/plain; charset=utf-8", Kind: client.ErrNotFound, Title: "Not Found", Message: notFound},
		{File: "argo-409-api-key-conflict.json", Status: 409, Kind: client.ErrConflict, Title: "Conflict", Message: "More than one users found using the key: [REDACTED]"},
		{File: "argo-409-api-key-conflict.xml", Status: 409, ContentType: "application/xml; charset=utf-8", Kind: client.ErrConflict, Title: "Conflict", Message: "More than one users found using the key: [REDACTED]"},
		{File: "argo-401-unauthorized.json", Status: 401, ContentType: "application/x-www-form-urlencoded", Kind: client.ErrUnauthorized, Title: "Unauthorized",
			Message: "You need to provide a correct authentication token using the header 'x-api-key'"},
	}, func(ctx context.Context, c *client.Client) error {
		const key = "5f1c0c3c4ad2f1d8b0d9e7a1c2b3a4958677f6e5d4c3b2a1908f7e6d5c4b3a29"
		_, err := users.NewArgo(c).Update(ctx, "t1", "u1", users.ArgoUser{APIKey: key})
		return err
	})
}

func TestArgoUserReadsNeverReturnAnotherUser(t *testing.T) {
	t.Parallel()
	// The bodies hold other users than u1.
	a, _ := argoDocServer(t, map[string]testkit.Reply{
		"GET /tenants/t1/users/u1": {Status: 200, File: "argo/argo-get-user-response.json"},
		"GET /users:byID/u1":       {Status: 200, File: "argo/argo-user-by-id-flat.json"},
	})
	ctx := context.Background()
	_, err := a.Get(ctx, "t1", "u1")
	sdktest.WantNothingFound(t, err, "argoGetTenantUser")
	_, err = a.ByIDFlat(ctx, "u1")
	sdktest.WantNothingFound(t, err, "argoGetUserByID")
}
