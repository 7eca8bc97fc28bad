package contract_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// Credentials no server has issued, in their real shapes.
const (
	unknownToken   = "AstraCS:ContractContractContractCon:0000000000000000000000000000000000000000000000000000000000000000"
	unknownArgoKey = "0000000000000000000000000000000000000000000000000000000000000000"
)

func TestUnknownCredentialsAreRefused(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		t.Run("Astra", func(t *testing.T) {
			_, err := roles.NewAstra(env.withAstraToken(t, unknownToken)).List(ctx(t))
			// openapi.yaml: 401; the SDK treats 401 and 403 alike.
			if !errors.Is(err, client.ErrUnauthorized) && !errors.Is(err, client.ErrForbidden) {
				t.Errorf("roles with an unknown token: %v; want unauthorized", err)
			}
			if err != nil && strings.Contains(err.Error(), unknownToken) {
				t.Errorf("the error holds the token: %v", err)
			}
		})
		t.Run("ARGO", func(t *testing.T) {
			_, err := tenants.NewArgo(env.withArgoKey(t, unknownArgoKey)).List(ctx(t))
			if !errors.Is(err, client.ErrUnauthorized) {
				t.Errorf("tenants with an unknown key: %v; want unauthorized", err)
			}
			if err != nil && strings.Contains(err.Error(), unknownArgoKey) {
				t.Errorf("the error holds the key: %v", err)
			}
		})
	})
}

// TestTenantUsersKeysDoNotOpenTheAdminAPI creates a tenant user and uses
// its key as an admin key: the admin API refuses it.
func TestTenantUsersKeysDoNotOpenTheAdminAPI(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		_, user := argoTenantWithUser(t, env)
		_, err := users.NewArgo(env.withArgoKey(t, user.APIKey)).ByID(ctx(t), user.ID)
		if !errors.Is(err, client.ErrUnauthorized) {
			t.Errorf("users:byID with a tenant user's key: %v; want unauthorized", err)
		}
	})
}
