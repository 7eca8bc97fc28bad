package tenants_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

// argoDocServer starts an ARGO stub answering routes (testkit.NewArgoStub)
// and returns a tenants service of a client with the key "admin-key" on it.
func argoDocServer(t *testing.T, routes map[string]testkit.Reply) (*tenants.Argo, *testkit.Stub) {
	t.Helper()
	stub := testkit.NewArgoStub(t, routes)
	return tenants.NewArgo(sdktest.ArgoStubClient(t, stub)), stub
}

// argoFixtureTenants decodes the data array of a fixture envelope.
func argoFixtureTenants(t *testing.T, name string) []tenants.ArgoTenant {
	t.Helper()
	var ts []tenants.ArgoTenant
	testkit.Unmarshal(t, []byte(argoFixtureData(t, name)), &ts)
	return ts
}

func TestArgoDocumentListBodiesDecode(t *testing.T) {
	t.Parallel()
	for _, file := range []string{
		"argo-list-tenants-super-admin.json",
		"argo-list-tenants-restricted.json",
		"argo-list-tenants-ui.json",
	} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, stub := argoDocServer(t, map[string]testkit.Reply{"GET /tenants": {Status: 200, File: "argo/" + file}})
			got, err := a.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "List", argoFixtureTenants(t, file), got)
			want := []string{"GET /tenants | Accept: application/json | X-Api-Key: admin-key"}
			testkit.WantEqual(t, "requests", want, stub.Describe("Accept", "X-Api-Key", "Content-Type"))
		})
	}
}

func TestArgoDocumentSingleReadBodiesDecode(t *testing.T) {
	t.Parallel()
	const id = "6ac7d684-1f8e-4a02-a502-720e8f11e50c"
	for _, file := range []string{"argo-get-tenant.json", "argo-get-tenant-ui.json", "argo-get-tenant-object.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, stub := argoDocServer(t, map[string]testkit.Reply{"GET /tenants/" + id: {Status: 200, File: "argo/" + file}})
			got, err := a.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			want := argoFixtureTenants(t, strings.Replace(file, "-object", "", 1))[0]
			testkit.WantEqual(t, "Get", want, got)
			if n := len(stub.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
	t.Run("status", func(t *testing.T) {
		t.Parallel()
		const id = "6ac7d684-1f8e-4a02-a502-720e8f11e50b"
		a, _ := argoDocServer(t, map[string]testkit.Reply{"GET /tenants/" + id + "/status": {Status: 200, File: "argo/argo-get-status-response.json"}})
		got, err := a.Status(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var want []tenants.ArgoTenantStatus
		testkit.Unmarshal(t, []byte(argoFixtureData(t, "argo-get-status-response.json")), &want)
		testkit.WantEqual(t, "Status", want[0], got)
	})
}

func TestArgoDocumentWriteBodiesRoundTrip(t *testing.T) {
	t.Parallel()
	// The document's examples show tenant2 in full and tenant1's status.
	const id, id1 = "6ac7d684-1f8e-4a02-a502-720e8f11e50c", "6ac7d684-1f8e-4a02-a502-720e8f11e50b"
	var createReq, updateReq tenants.ArgoTenant
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", "argo-create-tenant-request.json"), &createReq)
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", "argo-update-tenant-request.json"), &updateReq)
	var statusReq tenants.ArgoEngineStatus
	testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", "argo-update-status-request.json"), &statusReq)

	a, stub := argoDocServer(t, map[string]testkit.Reply{
		"POST /tenants":                   {Status: 201, File: "argo/argo-create-tenant-response.json"},
		"PUT /tenants/" + id:              {Status: 200, File: "argo/argo-update-tenant-response.json"},
		"GET /tenants/" + id:              {Status: 200, File: "argo/argo-get-tenant.json"},
		"DELETE /tenants/" + id:           {Status: 200, File: "argo/argo-delete-tenant-response.json"},
		"PUT /tenants/" + id1 + "/status": {Status: 200, File: "argo/argo-update-status-response.json"},
		"GET /tenants/" + id1 + "/status": {Status: 200, File: "argo/argo-get-status-response.json"},
	})
	ctx := context.Background()

	created, err := a.Create(ctx, createReq)
	if err != nil {
		t.Fatal(err)
	}
	wantCreated := tenants.ArgoCreated{ID: "{{ID}}", Links: tenants.ArgoLinks{Self: "https:///api/v2/admin/tenants/{{ID}}"}}
	testkit.WantEqual(t, "Create", wantCreated, created)
	updated, err := a.Update(ctx, id, updateReq)
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Update's read-back", argoFixtureTenants(t, "argo-get-tenant.json")[0], updated)
	if _, err := a.UpdateStatus(ctx, id1, statusReq); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}

	reqs := stub.Requests()
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+r.Path)
		if r.Header.Get("Accept") != "application/json" || r.Header.Get("X-Api-Key") != "admin-key" {
			t.Errorf("%s %s: Accept %q, x-api-key %q", r.Method, r.Path, r.Header.Get("Accept"), r.Header.Get("X-Api-Key"))
		}
		if r.Body != "" && r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: Content-Type %q for a JSON body", r.Method, r.Path, r.Header.Get("Content-Type"))
		}
	}
	want := []string{
		"POST /tenants",
		"PUT /tenants/" + id, "GET /tenants/" + id,
		"PUT /tenants/" + id1 + "/status", "GET /tenants/" + id1 + "/status",
		"DELETE /tenants/" + id,
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Fatalf("requests (-want +got):\n%s", diff)
	}
	// The bodies sent carry everything the documents' requests say (the
	// SDK's types add the keys the documents leave out, such as "id"),
	// except the status example's misspelt key, which no type has.
	for _, c := range []struct {
		seen    testkit.Request
		doc     string
		missing []string
	}{
		{reqs[0], "argo-create-tenant-request.json", nil},
		{reqs[1], "argo-update-tenant-request.json", nil},
		{reqs[3], "argo-update-status-request.json", []string{".hdfs.sync_data.Critical.blank_recompuation"}},
	} {
		var sent, doc any
		testkit.Unmarshal(t, []byte(c.seen.Body), &sent)
		testkit.Unmarshal(t, testkit.ReadTestdata(t, "argo", c.doc), &doc)
		if diff := testkit.Diff(c.missing, argoMissing("", doc, sent)); diff != "" {
			t.Errorf("%s %s: keys of %s missing or different in the body sent (-want +got):\n%s", c.seen.Method, c.seen.Path, c.doc, diff)
		}
	}
}

func TestArgoEmptyDataIsAnEmptyListOrNotFound(t *testing.T) {
	t.Parallel()
	sdktest.WantEmptyData(t, []string{"argo-list-tenants-empty.json", "argo-tenants-data-null.json", "argo-tenants-no-data.json"},
		[]string{"GET /tenants", "GET /tenants/t1", "GET /tenants/t1/status"},
		func(ctx context.Context, c *client.Client) ([]tenants.ArgoTenant, error) {
			return tenants.NewArgo(c).List(ctx)
		},
		func(c *client.Client) []testkit.Call {
			a := tenants.NewArgo(c)
			return []testkit.Call{
				{Name: "argoGetTenant", Do: func(ctx context.Context) error { _, err := a.Get(ctx, "t1"); return err }},
				{Name: "argoGetTenantStatus", Do: func(ctx context.Context) error { _, err := a.Status(ctx, "t1"); return err }},
			}
		})
}

func TestArgoErrorBodiesDecodeWhateverTheirContentType(t *testing.T) {
	t.Parallel()
	const notFound = "item with the specific ID was not found on the server"
	sdktest.WantArgoErrorsDecoded(t, "POST /tenants", tenantkit.OpArgoCreateTenant, []sdktest.ArgoError{
		{File: "argo-404-tenant-not-found.json", Status: 404, Kind: client.ErrNotFound, Title: "Not Found", Message: notFound},
		{File: "argo-404-tenant-not-found.xml", Status: 404, ContentType: "application/xml; charset=utf-8", Kind: client.ErrNotFound, Title: "Not Found", Message: notFound},
		{File: "argo-404-page-not-found.txt", Status: 404, ContentType: "text/plain; charset=utf-8", Kind: client.ErrNotFound, Message: "404 page not found"},
		{File: "argo-409-tenant-name-conflict.json", Status: 409, Kind: client.ErrConflict, Title: "Conflict", Message: "Tenant with same name already exists"},
		{File: "argo-409-tenant-name-conflict.xml", Status: 409, ContentType: "text/plain; charset=utf-8", Kind: client.ErrConflict, Title: "Conflict", Message: "Tenant with same name already exists"},
		{File: "argo-409-api-key-conflict.json", Status: 409, Kind: client.ErrConflict, Title: "Conflict", Message: "More than one users found using the key: [REDACTED]"},
		{File: "argo-409-api-key-conflict.xml", Status: 409, ContentType: "application/xml; charset=utf-8", Kind: client.ErrConflict, Title: "Conflict", Message: "More than one users found using the key: [REDACTED]"},
		// The real server echoes the request's Content-Type on 401/403/406.
		{File: "argo-403-forbidden.json", Status: 403, ContentType: "application/json", Kind: client.ErrForbidden, Message: "Access to the resource is Forbidden"},
		{File: "argo-403-forbidden.xml", Status: 403, ContentType: "text/plain; charset=utf-8", Kind: client.ErrForbidden, Message: "Access to the resource is Forbidden"},
		{File: "argo-401-unauthorized.xml", Status: 401, ContentType: "application/json", Kind: client.ErrUnauthorized, Title: "Unauthorized", Message: "You need to provide a correct authentication token using the header 'x-api-key'"},
		{File: "argo-406-not-acceptable.json", Status: 406, ContentType: "text/plain; charset=utf-8", Title: "Not Acceptable Content Type", Message: "Accept header provided did not contain any valid content types. Acceptable content types are 'application/xml' and 'application/json'"},
	}, func(ctx context.Context, c *client.Client) error {
		_, err := tenants.NewArgo(c).Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "x"}})
		return err
	})
}

// argoMissing lists the paths of the values in doc that sent lacks or holds
// differently; keys only sent holds do not count.
func argoMissing(path string, doc, sent any) []string {
	var out []string
	switch d := doc.(type) {
	case map[string]any:
		s, ok := sent.(map[string]any)
		if !ok {
			return []string{path}
		}
		for k, v := range d {
			out = append(out, argoMissing(path+"."+k, v, s[k])...)
		}
	case []any:
		s, ok := sent.([]any)
		if !ok || len(s) != len(d) {
			return []string{path}
		}
		for i := range d {
			out = append(out, argoMissing(fmt.Sprintf("%s[%d]", path, i), d[i], s[i])...)
		}
	default:
		if !reflect.DeepEqual(doc, sent) {
			return []string{path}
		}
	}
	slices.Sort(out)
	return out
}

func TestArgoSingleReadsNeverReturnAnotherTenant(t *testing.T) {
	t.Parallel()
	// The bodies hold tenant2 and tenant1's status, not t1.
	a, _ := argoDocServer(t, map[string]testkit.Reply{
		"GET /tenants/t1":        {Status: 200, File: "argo/argo-get-tenant.json"},
		"GET /tenants/t1/status": {Status: 200, File: "argo/argo-get-status-response.json"},
	})
	ctx := context.Background()
	_, err := a.Get(ctx, "t1")
	sdktest.WantNothingFound(t, err, "argoGetTenant")
	_, err = a.Status(ctx, "t1")
	sdktest.WantNothingFound(t, err, "argoGetTenantStatus")
	// Modify must not write another tenant back under t1.
	_, err = a.Modify(ctx, "t1", func(*tenants.ArgoTenant) error { return nil })
	sdktest.WantNothingFound(t, err, "argoGetTenant")
}
