package users_test

import (
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// astraEnv is a fake and the user and role services of an SDK client on it.
type astraEnv struct {
	sdktest.Astra
	users *users.Astra
	roles *roles.Astra
}

// newAstraEnv starts a fake with opts and builds a client on it over tr
// with the default fixture's token and organization (sdktest.NewAstra).
func newAstraEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) astraEnv {
	t.Helper()
	return astraEnv{Astra: sdktest.NewAstra(t, tr, opts...)}.with()
}

// withToken returns the environment with a new client that sends token.
func (env astraEnv) withToken(t *testing.T, token string) astraEnv {
	t.Helper()
	env.Astra = env.Astra.WithToken(t, token)
	return env.with()
}

func (env astraEnv) with() astraEnv {
	env.users, env.roles = users.NewAstra(env.Client), roles.NewAstra(env.Client)
	return env
}
