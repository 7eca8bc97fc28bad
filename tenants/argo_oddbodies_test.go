package tenants_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/tenants"
)

// argoOddBodies are 200 bodies no ARGO server sends for these calls; the
// reads and writes fail on all of them except where argoOddButValid says.
func argoOddBodies() []string {
	return []string{
		``, `null`, `[]`, `"x"`, `5`, `true`, `{}`, `{"data":"x"}`, `{"data":5}`, `{"data":[1]}`,
		`{"data":{"id":5}}`, `{"data":[{"id":5}]}`, `{"data":[null]}`, `{"data":[{}]}`, `{"data":{}}`,
		`{"data":[{"id":"t2"}]}`, `{`, `{"data":[`, `{"data":[{"id":"t1"`, `<root><status/></root>`,
		`{"data":{"links":{"self":7}}}`, `{"data":[{"id":"t1","users":[{"roles":"admin"}]}]}`,
	}
}

// argoOddButValid lists the calls that decode a body of argoOddBodies into
// a valid answer: a create answered with ID t2, and a status read that
// ignores the users a tenant-shaped body carries.
func argoOddButValid(call, body string) bool {
	switch body {
	case `{"data":[{"id":"t2"}]}`:
		return call == "Create"
	case `{"data":[{"id":"t1","users":[{"roles":"admin"}]}]}`:
		return call == "Create" || call == "Status" || call == "UpdateStatus"
	}
	return false
}

func TestArgoOddSuccessBodiesAreErrorsNotPanics(t *testing.T) {
	t.Parallel()
	for _, body := range argoOddBodies() {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = io.WriteString(w, body)
		}))
		t.Cleanup(srv.Close)
		c, err := client.New(client.WithBaseURL(srv.URL), client.WithArgoAPIKey("k"), client.WithMaxAttempts(1))
		if err != nil {
			t.Fatal(err)
		}
		a := tenants.NewArgo(c)
		ctx := context.Background()
		for name, call := range map[string]func() error{
			"Get":          func() error { _, err := a.Get(ctx, "t1"); return err },
			"Status":       func() error { _, err := a.Status(ctx, "t1"); return err },
			"Create":       func() error { _, err := a.Create(ctx, tenants.ArgoTenant{}); return err },
			"Update":       func() error { _, err := a.Update(ctx, "t1", tenants.ArgoTenant{}); return err },
			"UpdateStatus": func() error { _, err := a.UpdateStatus(ctx, "t1", tenants.ArgoEngineStatus{}); return err },
			"Modify": func() error {
				_, err := a.Modify(ctx, "t1", func(*tenants.ArgoTenant) error { return nil })
				return err
			},
		} {
			if err := call(); err == nil && !argoOddButValid(name, body) {
				t.Errorf("%s with the 200 body %q succeeded", name, body)
			}
		}
		// Lists and deletes may succeed on some of these; they must not panic.
		_, _ = a.List(ctx)
		_ = a.Delete(ctx, "t1")
	}
}
