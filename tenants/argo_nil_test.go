package tenants_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/tenants"
)

// TestArgoOnANilClientReturnsErrors: every method reports the missing
// client instead of panicking.
func TestArgoOnANilClientReturnsErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := tenants.NewArgo(nil)
	calls := map[string]func() error{
		"List":   func() error { _, err := s.List(ctx); return err },
		"Get":    func() error { _, err := s.Get(ctx, "t1"); return err },
		"Create": func() error { _, err := s.Create(ctx, tenants.ArgoTenant{}); return err },
		"Update": func() error { _, err := s.Update(ctx, "t1", tenants.ArgoTenant{}); return err },
		"Modify": func() error {
			_, err := s.Modify(ctx, "t1", func(*tenants.ArgoTenant) error { return nil })
			return err
		},
		"Delete":       func() error { return s.Delete(ctx, "t1") },
		"Status":       func() error { _, err := s.Status(ctx, "t1"); return err },
		"UpdateStatus": func() error { _, err := s.UpdateStatus(ctx, "t1", tenants.ArgoEngineStatus{}); return err },
		"All": func() error {
			for _, err := range s.All(ctx) {
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
