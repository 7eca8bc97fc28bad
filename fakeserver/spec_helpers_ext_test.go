package fakeserver_test

import (
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// newFake is fakeserver.NewTest with every exchange checked against
// openapi.yaml (see newTestServer).
func newFake(tb testing.TB, opts ...fakeserver.Option) *fakeserver.Server {
	tb.Helper()
	return fakeserver.NewTest(tb, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(tb))}, opts...)...)
}
