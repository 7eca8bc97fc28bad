package tenants_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/tenants"
)

// argoReply is a canned answer of the document server: a status and a file
// of testdata/argo.
type argoReply struct {
	status      int
	file        string
	contentType string // default "application/json; charset=utf-8"
}

// argoSeen is a request the document server got.
type argoSeen struct {
	Method, Path, Query, Accept, Key, ContentType string
	Body                                          string
}

// argoDocServer serves canned answers keyed by "METHOD /path" (the path
// under /api/v2/admin), mounted under a non-empty base path so a hard-coded
// absolute path would miss. It returns a tenants service with the key
// "admin-key" and a function listing the requests seen.
func argoDocServer(t *testing.T, routes map[string]argoReply) (*tenants.Argo, func() []argoSeen) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []argoSeen
	)
	const base = "/argo-proxy"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path := strings.TrimPrefix(r.URL.EscapedPath(), base+"/api/v2/admin")
		mu.Lock()
		seen = append(seen, argoSeen{r.Method, path, r.URL.RawQuery, r.Header.Get("Accept"), r.Header.Get("X-Api-Key"), r.Header.Get("Content-Type"), string(body)})
		mu.Unlock()
		reply, ok := routes[r.Method+" "+path]
		if !ok || !strings.HasPrefix(r.URL.Path, base+"/") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, "404 page not found\n")
			return
		}
		ct := reply.contentType
		if ct == "" {
			ct = "application/json; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(reply.status)
		_, _ = w.Write(argoFixture(t, reply.file))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithBaseURL(srv.URL+base), client.WithArgoAPIKey("admin-key"), client.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	return tenants.NewArgo(c), func() []argoSeen {
		mu.Lock()
		defer mu.Unlock()
		return append([]argoSeen(nil), seen...)
	}
}

// argoFixtureTenants decodes the data array of a fixture envelope.
func argoFixtureTenants(t *testing.T, name string) []tenants.ArgoTenant {
	t.Helper()
	var ts []tenants.ArgoTenant
	argoUnmarshal(t, argoFixtureData(t, name), &ts)
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
			a, seen := argoDocServer(t, map[string]argoReply{"GET /tenants": {200, file, ""}})
			got, err := a.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(argoFixtureTenants(t, file), got); diff != "" {
				t.Errorf("List (-want +got):\n%s", diff)
			}
			want := []argoSeen{{Method: "GET", Path: "/tenants", Accept: "application/json", Key: "admin-key"}}
			if diff := cmp.Diff(want, seen()); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
		})
	}
}

func TestArgoDocumentSingleReadBodiesDecode(t *testing.T) {
	t.Parallel()
	const id = "6ac7d684-1f8e-4a02-a502-720e8f11e50c"
	for _, file := range []string{"argo-get-tenant.json", "argo-get-tenant-ui.json", "argo-get-tenant-object.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, seen := argoDocServer(t, map[string]argoReply{"GET /tenants/" + id: {200, file, ""}})
			got, err := a.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			want := argoFixtureTenants(t, strings.Replace(file, "-object", "", 1))[0]
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Get (-want +got):\n%s", diff)
			}
			if n := len(seen()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
	t.Run("status", func(t *testing.T) {
		t.Parallel()
		const id = "6ac7d684-1f8e-4a02-a502-720e8f11e50b"
		a, _ := argoDocServer(t, map[string]argoReply{"GET /tenants/" + id + "/status": {200, "argo-get-status-response.json", ""}})
		got, err := a.Status(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var want []tenants.ArgoTenantStatus
		argoUnmarshal(t, argoFixtureData(t, "argo-get-status-response.json"), &want)
		if diff := cmp.Diff(want[0], got); diff != "" {
			t.Errorf("Status (-want +got):\n%s", diff)
		}
	})
}

func TestArgoDocumentWriteBodiesRoundTrip(t *testing.T) {
	t.Parallel()
	// The document's examples show tenant2 in full and tenant1's status.
	const id, id1 = "6ac7d684-1f8e-4a02-a502-720e8f11e50c", "6ac7d684-1f8e-4a02-a502-720e8f11e50b"
	var createReq, updateReq tenants.ArgoTenant
	argoUnmarshal(t, string(argoFixture(t, "argo-create-tenant-request.json")), &createReq)
	argoUnmarshal(t, string(argoFixture(t, "argo-update-tenant-request.json")), &updateReq)
	var statusReq tenants.ArgoEngineStatus
	argoUnmarshal(t, string(argoFixture(t, "argo-update-status-request.json")), &statusReq)

	a, seen := argoDocServer(t, map[string]argoReply{
		"POST /tenants":                   {201, "argo-create-tenant-response.json", ""},
		"PUT /tenants/" + id:              {200, "argo-update-tenant-response.json", ""},
		"GET /tenants/" + id:              {200, "argo-get-tenant.json", ""},
		"DELETE /tenants/" + id:           {200, "argo-delete-tenant-response.json", ""},
		"PUT /tenants/" + id1 + "/status": {200, "argo-update-status-response.json", ""},
		"GET /tenants/" + id1 + "/status": {200, "argo-get-status-response.json", ""},
	})
	ctx := context.Background()

	created, err := a.Create(ctx, createReq)
	if err != nil {
		t.Fatal(err)
	}
	wantCreated := tenants.ArgoCreated{ID: "{{ID}}", Links: tenants.ArgoLinks{Self: "https:///api/v2/admin/tenants/{{ID}}"}}
	if diff := cmp.Diff(wantCreated, created); diff != "" {
		t.Errorf("Create (-want +got):\n%s", diff)
	}
	updated, err := a.Update(ctx, id, updateReq)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(argoFixtureTenants(t, "argo-get-tenant.json")[0], updated); diff != "" {
		t.Errorf("Update's read-back (-want +got):\n%s", diff)
	}
	if _, err := a.UpdateStatus(ctx, id1, statusReq); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}

	reqs := seen()
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+r.Path)
		if r.Accept != "application/json" || r.Key != "admin-key" {
			t.Errorf("%s %s: Accept %q, x-api-key %q", r.Method, r.Path, r.Accept, r.Key)
		}
		if r.Body != "" && r.ContentType != "application/json" {
			t.Errorf("%s %s: Content-Type %q for a JSON body", r.Method, r.Path, r.ContentType)
		}
	}
	want := []string{
		"POST /tenants",
		"PUT /tenants/" + id, "GET /tenants/" + id,
		"PUT /tenants/" + id1 + "/status", "GET /tenants/" + id1 + "/status",
		"DELETE /tenants/" + id,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("requests (-want +got):\n%s", diff)
	}
	// The bodies sent carry everything the documents' requests say (the
	// SDK's types add the keys the documents leave out, such as "id"),
	// except the status example's misspelt key, which no type has.
	for _, c := range []struct {
		seen    argoSeen
		doc     string
		missing []string
	}{
		{reqs[0], "argo-create-tenant-request.json", nil},
		{reqs[1], "argo-update-tenant-request.json", nil},
		{reqs[3], "argo-update-status-request.json", []string{".hdfs.sync_data.Critical.blank_recompuation"}},
	} {
		var sent, doc any
		argoUnmarshal(t, c.seen.Body, &sent)
		argoUnmarshal(t, string(argoFixture(t, c.doc)), &doc)
		if diff := cmp.Diff(c.missing, argoMissing("", doc, sent)); diff != "" {
			t.Errorf("%s %s: keys of %s missing or different in the body sent (-want +got):\n%s", c.seen.Method, c.seen.Path, c.doc, diff)
		}
	}
}

func TestArgoEmptyDataIsAnEmptyListOrNotFound(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"argo-list-tenants-empty.json", "argo-tenants-data-null.json", "argo-tenants-no-data.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, _ := argoDocServer(t, map[string]argoReply{
				"GET /tenants":           {200, file, ""},
				"GET /tenants/t1":        {200, file, ""},
				"GET /tenants/t1/status": {200, file, ""},
			})
			ctx := context.Background()
			list, err := a.List(ctx)
			if err != nil || list == nil || len(list) != 0 {
				t.Errorf("List = %#v, %v; want an empty, non-nil slice", list, err)
			}
			_, err = a.Get(ctx, "t1")
			argoCheckNoData(t, err, "argoGetTenant")
			_, err = a.Status(ctx, "t1")
			argoCheckNoData(t, err, "argoGetTenantStatus")
		})
	}
}

// argoCheckNoData checks the error of a single read whose 200 response held
// nothing: it matches ErrNotFound, names the operation, and is not an
// *APIError (the status was a success).
func argoCheckNoData(t *testing.T, err error, op string) {
	t.Helper()
	var apiErr *client.APIError
	switch {
	case !errors.Is(err, client.ErrNotFound):
		t.Errorf("%s: %v, want an error matching ErrNotFound", op, err)
	case errors.As(err, &apiErr):
		t.Errorf("%s: %v is an *APIError, but the status was 200", op, err)
	case !strings.Contains(err.Error(), op):
		t.Errorf("%s: error %q does not name the operation", op, err)
	}
}

func TestArgoErrorBodiesDecodeWhateverTheirContentType(t *testing.T) {
	t.Parallel()
	const notFound = "item with the specific ID was not found on the server"
	for _, tc := range []struct {
		file        string
		status      int
		contentType string
		kind        client.Kind
		title       string // the envelope's status.message, when a details text is the message
		message     string
	}{
		{"argo-404-tenant-not-found.json", 404, "", client.ErrNotFound, "Not Found", notFound},
		{"argo-404-tenant-not-found.xml", 404, "application/xml; charset=utf-8", client.ErrNotFound, "Not Found", notFound},
		{"argo-404-page-not-found.txt", 404, "text/plain; charset=utf-8", client.ErrNotFound, "", "404 page not found"},
		{"argo-409-tenant-name-conflict.json", 409, "", client.ErrConflict, "Conflict", "Tenant with same name already exists"},
		{"argo-409-tenant-name-conflict.xml", 409, "text/plain; charset=utf-8", client.ErrConflict, "Conflict", "Tenant with same name already exists"},
		{"argo-409-api-key-conflict.json", 409, "", client.ErrConflict, "Conflict", "More than one users found using the key: [REDACTED]"},
		{"argo-409-api-key-conflict.xml", 409, "application/xml; charset=utf-8", client.ErrConflict, "Conflict", "More than one users found using the key: [REDACTED]"},
		// The real server echoes the request's Content-Type on 401/403/406.
		{"argo-403-forbidden.json", 403, "application/json", client.ErrForbidden, "", "Access to the resource is Forbidden"},
		{"argo-403-forbidden.xml", 403, "text/plain; charset=utf-8", client.ErrForbidden, "", "Access to the resource is Forbidden"},
		{"argo-401-unauthorized.xml", 401, "application/json", client.ErrUnauthorized, "Unauthorized",
			"You need to provide a correct authentication token using the header 'x-api-key'"},
		{"argo-406-not-acceptable.json", 406, "text/plain; charset=utf-8", "", "Not Acceptable Content Type",
			"Accept header provided did not contain any valid content types. Acceptable content types are 'application/xml' and 'application/json'"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			a, _ := argoDocServer(t, map[string]argoReply{"POST /tenants": {tc.status, tc.file, tc.contentType}})
			_, err := a.Create(context.Background(), tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "x"}})
			if tc.kind != "" && !errors.Is(err, tc.kind) {
				t.Errorf("error %v, want one matching %q", err, tc.kind)
			}
			apiErr := argoAPIError(t, err)
			type decoded struct {
				Status             int
				Op, Title, Message string
				Details            []string
			}
			got := decoded{apiErr.StatusCode, string(apiErr.Operation), apiErr.Title, apiErr.Message, apiErr.Details}
			want := decoded{tc.status, "argoCreateTenant", tc.title, tc.message, nil}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("decoded error (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), "5f1c0c3c") || strings.Contains(string(apiErr.Body), "5f1c0c3c") {
				t.Errorf("the echoed API key leaks: %v / %s", err, apiErr.Body)
			}
		})
	}
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
	a, _ := argoDocServer(t, map[string]argoReply{
		"GET /tenants/t1":        {200, "argo-get-tenant.json", ""},
		"GET /tenants/t1/status": {200, "argo-get-status-response.json", ""},
	})
	ctx := context.Background()
	_, err := a.Get(ctx, "t1")
	argoCheckNoData(t, err, "argoGetTenant")
	_, err = a.Status(ctx, "t1")
	argoCheckNoData(t, err, "argoGetTenantStatus")
	// Modify must not write another tenant back under t1.
	_, err = a.Modify(ctx, "t1", func(*tenants.ArgoTenant) error { return nil })
	argoCheckNoData(t, err, "argoGetTenant")
}
