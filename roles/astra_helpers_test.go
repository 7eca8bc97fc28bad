package roles_test

import (
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// astraEnv is a fake and the role service of an SDK client on it.
type astraEnv struct {
	sdktest.Astra
	roles *roles.Astra
}

// newAstraEnv starts a fake with opts and builds a client on it over tr
// with the default fixture's token and organization (sdktest.NewAstra).
func newAstraEnv(t *testing.T, tr sdktest.Transport, opts ...fakeserver.Option) astraEnv {
	t.Helper()
	return astraEnv{Astra: sdktest.NewAstra(t, tr, opts...)}.with()
}

func (env astraEnv) with() astraEnv {
	env.roles = roles.NewAstra(env.Client)
	return env
}
