package client

import (
	"context"
	"time"
)

// Clock is the source of time for everything in the client that waits:
// retry backoff, Retry-After, and the rate limiter. Injecting one (see
// [WithClock] and [VirtualClock]) lets tests of retries and rate limits run in
// milliseconds.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits for d. It returns ctx.Err() as soon as ctx is done, and nil
	// once d has passed. A non-positive d returns at once.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock returns the wall clock: time.Now and a timer-based Sleep that
// returns promptly when the context is cancelled.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
