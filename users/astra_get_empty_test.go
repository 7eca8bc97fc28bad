package users_test

import (
	"context"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

// TestAstraGetRefusesAnAnswerWithoutTheObject: a 2xx without a body (or
// with null or {}) is not the object asked for.
func TestAstraGetRefusesAnAnswerWithoutTheObject(t *testing.T) {
	t.Parallel()
	sdktest.WantEmptyAnswersRefused(t, "GET /v2/organizations/users/u1", func(ctx context.Context, c *client.Client) error {
		_, err := users.NewAstra(c).Get(ctx, "u1")
		return err
	})
}
