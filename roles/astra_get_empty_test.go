package roles_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// TestAstraGetRefusesAnAnswerWithoutTheObject: a 2xx without a body (or
// with null or {}) is not the object asked for.
func TestAstraGetRefusesAnAnswerWithoutTheObject(t *testing.T) {
	t.Parallel()
	sdktest.WantEmptyAnswersRefused(t, "GET /v2/organizations/roles/r1", func(ctx context.Context, c *client.Client) error {
		_, err := roles.NewAstra(c).Get(ctx, "r1")
		return err
	})
}
