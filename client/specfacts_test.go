package client

import (
	"testing"

	"github.com/tenantkit/tenantkit"
)

// TestSpecFactsAgreeWithTheRegistry: the client's generated table holds,
// for every operation of openapi.yaml and nothing else, the API, method and
// idempotency the operation registry gives it.
func TestSpecFactsAgreeWithTheRegistry(t *testing.T) {
	t.Parallel()
	apiOf := map[tenantkit.API]API{tenantkit.APIAstra: APIAstra, tenantkit.APIArgo: APIArgo}
	for _, info := range tenantkit.Operations() {
		got, ok := specFactsOf(info.ID)
		want := specFacts{api: apiOf[info.API], method: info.Method, idempotent: info.Idempotent}
		if !ok || got != want {
			t.Errorf("specFactsOf(%s) = %+v, %v; want %+v (run go generate ./client)", info.ID, got, ok, want)
		}
	}
	for _, op := range []tenantkit.Operation{"", "getThing", "GetOrganizationUser"} {
		if f, ok := specFactsOf(op); ok {
			t.Errorf("specFactsOf(%q) = %+v, true; want no facts for a name outside openapi.yaml", op, f)
		}
	}
}
