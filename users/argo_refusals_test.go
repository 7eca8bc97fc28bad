package users_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

// argoUserCalls are every method of the users service of c, on user u1 of
// tenant t1.
func argoUserCalls(c *client.Client) []testkit.Call {
	s := users.NewArgo(c)
	return []testkit.Call{
		{Name: "List", Do: func(ctx context.Context) error { _, err := s.List(ctx, "t1"); return err }},
		{Name: "All", Do: func(ctx context.Context) error { return testkit.FirstErr(s.All(ctx, "t1")) }},
		{Name: "Get", Do: func(ctx context.Context) error { _, err := s.Get(ctx, "t1", "u1"); return err }},
		{Name: "Create", Do: func(ctx context.Context) error { _, err := s.Create(ctx, "t1", users.ArgoUser{Name: "n"}); return err }},
		{Name: "Update", Do: func(ctx context.Context) error {
			_, err := s.Update(ctx, "t1", "u1", users.ArgoUser{Name: "n"})
			return err
		}},
		{Name: "Delete", Do: func(ctx context.Context) error { return s.Delete(ctx, "t1", "u1") }},
		{Name: "RenewAPIKey", Do: func(ctx context.Context) error { _, err := s.RenewAPIKey(ctx, "t1", "u1"); return err }},
		{Name: "ByID", Do: func(ctx context.Context) error { _, err := s.ByID(ctx, "u1"); return err }},
		{Name: "ByIDFlat", Do: func(ctx context.Context) error { _, err := s.ByIDFlat(ctx, "u1"); return err }},
	}
}

// TestArgoOnANilClientReturnsErrors: every method reports the missing
// client instead of panicking.
func TestArgoOnANilClientReturnsErrors(t *testing.T) {
	t.Parallel()
	sdktest.WantNilClientRefused(t, argoUserCalls)
}

// TestArgoOddSuccessBodiesAreErrorsNotPanics: 200 bodies no ARGO server
// sends for these calls make the reads and writes fail, except a create
// answered with ID u2 and read back as u2. Lists and deletes may succeed
// on some of them; nothing may panic.
func TestArgoOddSuccessBodiesAreErrorsNotPanics(t *testing.T) {
	t.Parallel()
	bodies := []string{
		``, `null`, `[]`, `"x"`, `5`, `true`, `{}`, `{"data":"x"}`, `{"data":5}`, `{"data":[1]}`,
		`{"data":{"id":5}}`, `{"data":[{"id":5}]}`, `{"data":[null]}`, `{"data":[{}]}`, `{"data":{}}`,
		`{"data":[{"id":"u2"}]}`, `{"id":"u2"}`, `{"status":{},"id":"u1"}`, `{`, `{"data":[`,
		`{"data":[{"id":"u1"`, `<root><status/></root>`, `{"data":{"api_key":7}}`, `{"data":[{"id":"u1","roles":"admin"}]}`,
	}
	sdktest.WantOddAnswersRefused(t, bodies, argoUserCalls, func(call, body string) bool {
		return call == "List" || call == "All" || call == "Delete" || (call == "Create" && body == `{"data":[{"id":"u2"}]}`)
	})
}
