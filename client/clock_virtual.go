package client

import (
	"context"
	"sync"
	"time"
)

// VirtualClock is a [Clock] for tests: Sleep advances virtual time by the
// requested duration and returns immediately, so code that backs off for
// minutes runs in microseconds while still observing the passage of time.
// The zero value starts at the zero time; use [NewVirtualClock] to choose the
// start. A VirtualClock is safe for concurrent use and may be shared between
// clients (and a fake server) so they all see the same time.
type VirtualClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
}

// NewVirtualClock returns a VirtualClock whose Now reports start.
func NewVirtualClock(start time.Time) *VirtualClock {
	return &VirtualClock{now: start}
}

// Now returns the current virtual time.
func (v *VirtualClock) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

// Sleep advances virtual time by d (when positive) and returns at once. If ctx
// is already done it returns ctx.Err() and time does not move, as a real sleep
// would have been interrupted before any time passed.
func (v *VirtualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		v.mu.Lock()
		v.now = v.now.Add(d)
		v.slept += d
		v.mu.Unlock()
	}
	return nil
}

// Advance moves virtual time forward by d without counting it as sleep, as
// if the rest of the world had been busy for d.
func (v *VirtualClock) Advance(d time.Duration) {
	v.mu.Lock()
	v.now = v.now.Add(d)
	v.mu.Unlock()
}

// Slept returns the total virtual time spent in Sleep.
func (v *VirtualClock) Slept() time.Duration {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.slept
}

// Set moves virtual time to t, forward or back, without counting it as
// sleep: for a test that needs the world at a given date (a fake's
// timestamps, an expiry) rather than a given distance from now.
func (v *VirtualClock) Set(t time.Time) {
	v.mu.Lock()
	v.now = t
	v.mu.Unlock()
}
