package astra

import (
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// Every Astra operation of the registry has exactly one handler, and every
// handler is for an Astra operation of the registry.
func TestEveryOperationHasOneHandler(t *testing.T) {
	t.Parallel()
	if _, err := route.Build(tenantkit.APIAstra, handlers()); err != nil {
		t.Error(err)
	}
}
