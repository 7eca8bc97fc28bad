package users_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/users"
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
	Method, Path, Query, Accept, Key, ContentType, Body string
}

// argoDocServer serves canned answers keyed by "METHOD /path" (the path
// under /api/v2/admin, escaped as sent), mounted under a non-empty base
// path so a hard-coded absolute path would miss. It returns a users service
// with the key "admin-key" and a function listing the requests seen.
func argoDocServer(t *testing.T, routes map[string]argoReply) (*users.Argo, func() []argoSeen) {
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
	return users.NewArgo(c), func() []argoSeen {
		mu.Lock()
		defer mu.Unlock()
		return append([]argoSeen(nil), seen...)
	}
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
	a, seen := argoDocServer(t, map[string]argoReply{
		"GET " + users0:                                   {200, "argo-list-users-response.json", ""},
		"POST " + users0:                                  {201, "argo-create-user-response.json", ""},
		"GET " + users0 + "/" + newID:                     {200, "argo-get-created-user.json", ""},
		"GET " + users0 + "/" + userA:                     {200, "argo-get-user-response.json", ""},
		"PUT " + users0 + "/" + userA:                     {200, "argo-update-user-response.json", ""},
		"DELETE " + users0 + "/" + userA:                  {200, "argo-delete-user-response.json", ""},
		"POST " + users0 + "/" + userA + "/renew_api_key": {200, "argo-renew-key-response.json", ""},
		"GET /users:byID/" + byID:                         {200, "argo-user-by-id.json", ""},
	})
	ctx := context.Background()
	var createReq, updateReq users.ArgoUser
	argoUnmarshal(t, argoFixture(t, "argo-create-user-request.json"), &createReq)
	argoUnmarshal(t, argoFixture(t, "argo-update-user-request.json"), &updateReq)
	getUser := argoFixtureUsers(t, "argo-get-user-response.json")[0]

	list, err := a.List(ctx, tenant)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(argoFixtureUsers(t, "argo-list-users-response.json"), list); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
	created, err := a.Create(ctx, tenant, createReq)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(argoFixtureUsers(t, "argo-get-created-user.json")[0], created); diff != "" {
		t.Errorf("Create (-want +got):\n%s", diff)
	}
	got, err := a.Get(ctx, tenant, userA)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(getUser, got); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
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
	if diff := cmp.Diff(argoFixtureUsers(t, "argo-user-by-id.json")[0], u); diff != "" {
		t.Errorf("ByID (-want +got):\n%s", diff)
	}

	var calls []string
	for _, r := range seen() {
		calls = append(calls, r.Method+" "+r.Path)
		if r.Accept != "application/json" || r.Key != "admin-key" || r.Query != "" {
			t.Errorf("%s %s: Accept %q, x-api-key %q, query %q", r.Method, r.Path, r.Accept, r.Key, r.Query)
		}
		switch r.Method + " " + r.Path {
		case "POST " + users0:
			argoCheckBody(t, r, "argo-create-user-request.json")
		case "PUT " + users0 + "/" + userA:
			argoCheckBody(t, r, "argo-update-user-request.json")
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
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

// argoCheckBody checks that a request carried exactly the JSON of a
// document's request.
func argoCheckBody(t *testing.T, r argoSeen, file string) {
	t.Helper()
	var sent, doc any
	argoUnmarshal(t, []byte(r.Body), &sent)
	argoUnmarshal(t, argoFixture(t, file), &doc)
	if diff := cmp.Diff(doc, sent); diff != "" {
		t.Errorf("%s %s body (-%s +sent):\n%s", r.Method, r.Path, file, diff)
	}
	if r.ContentType != "application/json" {
		t.Errorf("%s %s: Content-Type %q", r.Method, r.Path, r.ContentType)
	}
}

func argoUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func TestArgoByIDDecodesBothFormsWhicheverWasAskedFor(t *testing.T) {
	t.Parallel()
	const id = "acb74194-553a-11e9-8647-d663bd873d93"
	want := argoFixtureUsers(t, "argo-user-by-id.json")[0]
	for _, file := range []string{"argo-user-by-id.json", "argo-user-by-id-flat.json", "argo-user-by-id-object.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, seen := argoDocServer(t, map[string]argoReply{"GET /users:byID/" + id: {200, file, ""}})
			for name, byID := range map[string]func(context.Context, string) (users.ArgoUser, error){"ByID": a.ByID, "ByIDFlat": a.ByIDFlat} {
				got, err := byID(context.Background(), id)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
			queries := map[string]bool{}
			for _, r := range seen() {
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
	a, seen := argoDocServer(t, nil)
	_, _ = a.Get(context.Background(), "t 1", "u%1?x")
	_, _ = a.ByID(context.Background(), "a:b#c")
	var paths []string
	for _, r := range seen() {
		paths = append(paths, r.Path)
	}
	want := []string{"/tenants/t%201/users/u%251%3Fx", "/users:byID/a:b%23c"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths sent (-want +got):\n%s", diff)
	}
}

func TestArgoEmptyUserDataIsAnEmptyListOrNotFound(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"argo-users-data-null.json", "argo-users-data-empty.json"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			a, _ := argoDocServer(t, map[string]argoReply{
				"GET /tenants/t1/users":    {200, file, ""},
				"GET /tenants/t1/users/u1": {200, file, ""},
				"GET /users:byID/u1":       {200, file, ""},
			})
			ctx := context.Background()
			list, err := a.List(ctx, "t1")
			if err != nil || list == nil || len(list) != 0 {
				t.Errorf("List = %#v, %v; want an empty, non-nil slice", list, err)
			}
			_, err = a.Get(ctx, "t1", "u1")
			argoCheckNoData(t, err, "argoGetTenantUser")
			_, err = a.ByID(ctx, "u1")
			argoCheckNoData(t, err, "argoGetUserByID")
			_, err = a.ByIDFlat(ctx, "u1")
			argoCheckNoData(t, err, "argoGetUserByID")
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

func TestArgoUserErrorBodiesDecode(t *testing.T) {
	t.Parallel()
	const notFound = "item with the specific ID was not found on the server"
	for _, tc := range []struct {
		file        string
		status      int
		contentType string
		kind        client.Kind
		message     string // the most specific text: the envelope's details
	}{
		{"argo-404-tenant-not-found.json", 404, "", client.ErrNotFound, notFound},
		{"argo-404-tenant-not-found.xml", 404, "application/xml; charset=utf-8", client.ErrNotFound, notFound},
		{"argo-404-user-not-found-flat.json", 404, "", client.ErrNotFound, notFound},
		{"argo-404-user-not-found-flat.xml", 404, "text/plain; charset=utf-8", client.ErrNotFound, notFound},
		{"argo-409-api-key-conflict.json", 409, "", client.ErrConflict, "More than one users found using the key: [REDACTED]"},
		{"argo-409-api-key-conflict.xml", 409, "application/xml; charset=utf-8", client.ErrConflict, "More than one users found using the key: [REDACTED]"},
		{"argo-401-unauthorized.json", 401, "application/x-www-form-urlencoded", client.ErrUnauthorized,
			"You need to provide a correct authentication token using the header 'x-api-key'"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			a, _ := argoDocServer(t, map[string]argoReply{"PUT /tenants/t1/users/u1": {tc.status, tc.file, tc.contentType}})
			const key = "5f1c0c3c4ad2f1d8b0d9e7a1c2b3a4958677f6e5d4c3b2a1908f7e6d5c4b3a29"
			_, err := a.Update(context.Background(), "t1", "u1", users.ArgoUser{APIKey: key})
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v, want one matching %q", err, tc.kind)
			}
			apiErr := argoAPIError(t, err)
			if apiErr.Operation != "argoUpdateTenantUser" || apiErr.StatusCode != tc.status {
				t.Errorf("operation %q, status %d", apiErr.Operation, apiErr.StatusCode)
			}
			got := []any{apiErr.Message, apiErr.Details}
			if diff := cmp.Diff([]any{tc.message, []string(nil)}, got); diff != "" {
				t.Errorf("message, details (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), key[:16]) || strings.Contains(string(apiErr.Body), key[:16]) {
				t.Errorf("the key leaks: %v / %s", err, apiErr.Body)
			}
		})
	}
}

func TestArgoUserReadsNeverReturnAnotherUser(t *testing.T) {
	t.Parallel()
	// The bodies hold other users than u1.
	a, _ := argoDocServer(t, map[string]argoReply{
		"GET /tenants/t1/users/u1": {200, "argo-get-user-response.json", ""},
		"GET /users:byID/u1":       {200, "argo-user-by-id-flat.json", ""},
	})
	ctx := context.Background()
	_, err := a.Get(ctx, "t1", "u1")
	argoCheckNoData(t, err, "argoGetTenantUser")
	_, err = a.ByIDFlat(ctx, "u1")
	argoCheckNoData(t, err, "argoGetUserByID")
}
