package fakeserver_test

import (
	"slices"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// Every operation of the registry has exactly one handler in its API, and
// every handler is for an operation of the registry.
func TestOperationsAreTheRegistrysSorted(t *testing.T) {
	t.Parallel()
	var want []tenantkit.Operation
	for _, info := range tenantkit.Operations() {
		want = append(want, info.ID)
	}
	slices.Sort(want)
	if diff := testkit.Diff(want, fakeserver.Operations()); diff != "" {
		t.Errorf("Operations() (-registry +fake):\n%s", diff)
	}
}
