package users_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/users"
)

// argoOddBodies are 200 bodies no ARGO server sends for these calls; the
// reads and writes fail on all of them except where argoOddButValid says.
func argoOddBodies() []string {
	return []string{
		``, `null`, `[]`, `"x"`, `5`, `true`, `{}`, `{"data":"x"}`, `{"data":5}`, `{"data":[1]}`,
		`{"data":{"id":5}}`, `{"data":[{"id":5}]}`, `{"data":[null]}`, `{"data":[{}]}`, `{"data":{}}`,
		`{"data":[{"id":"u2"}]}`, `{"id":"u2"}`, `{"status":{},"id":"u1"}`, `{`, `{"data":[`,
		`{"data":[{"id":"u1"`, `<root><status/></root>`, `{"data":{"api_key":7}}`, `{"data":[{"id":"u1","roles":"admin"}]}`,
	}
}

// argoOddButValid lists the calls that decode a body of argoOddBodies into
// a valid answer: a create answered with ID u2 and read back as u2.
func argoOddButValid(call, body string) bool {
	return call == "Create" && body == `{"data":[{"id":"u2"}]}`
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
		a := users.NewArgo(c)
		ctx := context.Background()
		for name, call := range map[string]func() error{
			"Get":         func() error { _, err := a.Get(ctx, "t1", "u1"); return err },
			"Create":      func() error { _, err := a.Create(ctx, "t1", users.ArgoUser{}); return err },
			"Update":      func() error { _, err := a.Update(ctx, "t1", "u1", users.ArgoUser{}); return err },
			"RenewAPIKey": func() error { _, err := a.RenewAPIKey(ctx, "t1", "u1"); return err },
			"ByID":        func() error { _, err := a.ByID(ctx, "u1"); return err },
			"ByIDFlat":    func() error { _, err := a.ByIDFlat(ctx, "u1"); return err },
		} {
			if err := call(); err == nil && !argoOddButValid(name, body) {
				t.Errorf("%s with the 200 body %q succeeded", name, body)
			}
		}
		// Lists and deletes may succeed on some of these; they must not panic.
		_, _ = a.List(ctx, "t1")
		_ = a.Delete(ctx, "t1", "u1")
	}
}
