package users_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/users"
)

// TestArgoOnANilClientReturnsErrors: every method reports the missing
// client instead of panicking.
func TestArgoOnANilClientReturnsErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := users.NewArgo(nil)
	calls := map[string]func() error{
		"List":        func() error { _, err := s.List(ctx, "t1"); return err },
		"Get":         func() error { _, err := s.Get(ctx, "t1", "u1"); return err },
		"Create":      func() error { _, err := s.Create(ctx, "t1", users.ArgoUser{Name: "n"}); return err },
		"Update":      func() error { _, err := s.Update(ctx, "t1", "u1", users.ArgoUser{Name: "n"}); return err },
		"Delete":      func() error { return s.Delete(ctx, "t1", "u1") },
		"RenewAPIKey": func() error { _, err := s.RenewAPIKey(ctx, "t1", "u1"); return err },
		"ByID":        func() error { _, err := s.ByID(ctx, "u1"); return err },
		"ByIDFlat":    func() error { _, err := s.ByIDFlat(ctx, "u1"); return err },
		"All": func() error {
			for _, err := range s.All(ctx, "t1") {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s on a nil client: no error", name)
		}
	}
}
