package fakeserver

import (
	"testing"

	"github.com/tenantkit/tenantkit/internal/spectest"
)

// newTestServer is NewTest with every exchange checked against openapi.yaml:
// the test fails at its end if the fake sent a response the spec does not
// allow, or accepted a request it forbids. Every test of the fake uses it,
// except those of deliberate off-spec modes (newOffSpecServer).
func newTestServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	return NewTest(tb, append([]Option{WithObserver(spectest.Validator(tb))}, opts...)...)
}

// newOffSpecServer is NewTest without the spec check, for the options that
// make the fake depart from openapi.yaml on purpose to test the SDK's
// tolerance (WithAstraErrorStyle, WithRoleErrorStyle, WithPolicyAsString).
func newOffSpecServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	return NewTest(tb, opts...)
}
