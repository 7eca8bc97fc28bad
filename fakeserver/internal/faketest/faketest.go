// Package faketest is the test harness of the fake's own tests (the core's
// in fakeserver, each API's in internal/astra and internal/argo): servers
// whose every exchange is checked against openapi.yaml, a settable clock,
// the two ways to reach a fake (loopback and in process), a raw HTTP client
// for both APIs, and the state fuzz targets start from. Only tests import
// it.
package faketest

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// New is fakeserver.NewTest with every exchange checked against
// openapi.yaml: the test fails at its end if the fake sent a response the
// spec does not allow, or accepted a request it forbids. Every test of the
// fake uses it, except those of deliberate off-spec modes (NewOffSpec).
func New(tb testing.TB, opts ...fakeserver.Option) *fakeserver.Server {
	tb.Helper()
	return fakeserver.NewTest(tb, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(tb))}, opts...)...)
}

// NewOffSpec is fakeserver.NewTest without the spec check, for the options
// that make the fake depart from openapi.yaml on purpose to test the SDK's
// tolerance (WithAstraErrorStyle, WithRoleErrorStyle, WithPolicyAsString).
func NewOffSpec(tb testing.TB, opts ...fakeserver.Option) *fakeserver.Server {
	tb.Helper()
	return fakeserver.NewTest(tb, opts...)
}

// Clock is a settable fakeserver.Clock. Sleep advances it instead of
// waiting, so injected delays cost no wall time.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// epoch is where every test clock starts.
var epoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// NewClock returns a clock standing at 2025-06-01 12:00:00 UTC.
func NewClock() *Clock { return &Clock{now: epoch} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Sleep advances the clock by d, unless ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// AdminUserID and AdminEmail name the default fixture's one member, its
// administrator (fakeserver.DefaultFixture).
func AdminUserID() string { return fakeserver.DefaultFixture().Organizations[0].Users[0].ID }

// AdminEmail is the default fixture's administrator's email.
func AdminEmail() string { return fakeserver.DefaultFixture().Organizations[0].Users[0].Email }

// WithUsers makes a fake start with the default fixture plus n invited
// users, user0@example.com to user<n-1>@example.com, each with the RO User
// role: an organization whose users list is long.
func WithUsers(n int) fakeserver.Option {
	f := fakeserver.DefaultFixture()
	org := &f.Organizations[0]
	for i := range n {
		org.Users = append(org.Users, fakeserver.FixtureUser{Email: "user" + strconv.Itoa(i) + "@example.com", Status: "invited", Roles: []string{"RO User"}})
	}
	return fakeserver.WithFixture(f)
}
