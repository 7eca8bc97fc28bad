package argo

import (
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// Every ARGO operation of the registry has exactly one handler, and every
// handler is for an ARGO operation of the registry.
func TestEveryOperationHasOneHandler(t *testing.T) {
	t.Parallel()
	if _, err := route.Build(tenantkit.APIArgo, handlers()); err != nil {
		t.Error(err)
	}
}

func TestPrefixIsWhereEveryOperationLives(t *testing.T) {
	t.Parallel()
	if got := Prefix(); got != "/api/v2/admin" {
		t.Errorf("Prefix() = %q, want /api/v2/admin", got)
	}
}
