package fakeserver

import (
	"errors"
	"fmt"
	"time"

	"github.com/tenantkit/tenantkit/client"
)

// Clock is the time source of a Server: it stamps timestamps, drives the
// Langflow provisioning lifecycle, injected latency, Retry-After dates and
// the rate limit. It is the SDK's clock interface, so one
// client.VirtualClock can drive both the SDK and the fake (WithClock), and
// a client from SDKClient runs on the fake's clock. The default is
// client.SystemClock(), the wall clock.
type Clock = client.Clock

// errWallClock is why the clock cannot be moved: it is the wall clock.
var errWallClock = errors.New("the fake runs on the wall clock, which cannot be moved: give it a client.VirtualClock (WithClock; cmd/fakeserver -virtual-clock)")

// Now is the server clock's current time.
func (s *Server) Now() time.Time { return s.env.Clock.Now() }

// AdvanceClock moves the server's clock forward by d (not negative), as
// client.VirtualClock.Advance does: Langflow tenants due to finish
// provisioning finish, rate-limit buckets refill. It fails unless the
// server runs on a *client.VirtualClock (WithClock).
func (s *Server) AdvanceClock(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("fakeserver: AdvanceClock(%v): the clock only moves forward; use SetClock to go back", d)
	}
	v, ok := s.env.Clock.(*client.VirtualClock)
	if !ok {
		return fmt.Errorf("fakeserver: AdvanceClock: %w", errWallClock)
	}
	v.Advance(d)
	return nil
}

// SetClock moves the server's clock to t, forward or back, as
// client.VirtualClock.Set does. It fails unless the server runs on a
// *client.VirtualClock (WithClock).
func (s *Server) SetClock(t time.Time) error {
	v, ok := s.env.Clock.(*client.VirtualClock)
	if !ok {
		return fmt.Errorf("fakeserver: SetClock: %w", errWallClock)
	}
	v.Set(t)
	return nil
}

// clockState is the clock as the control API and the inspector show it.
func (s *Server) clockState() clockJSON {
	_, virtual := s.env.Clock.(*client.VirtualClock)
	return clockJSON{Now: s.env.Clock.Now(), Virtual: virtual}
}
