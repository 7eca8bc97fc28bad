package client

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter paces requests with a token bucket (golang.org/x/time/rate)
// and honours server-imposed pauses. Every attempt of every client using it
// waits on it first, retries included, so one limiter can keep a whole fleet
// of clients under an API's limit. A RateLimiter is safe for concurrent use.
//
// When a response is 429 (or 503) with Retry-After, the limiter records "no
// request before now+RetryAfter"; until then no attempt from any client
// sharing it goes out. A client waits out such a pause only when it is no
// longer than its RetryPolicy.MaxRetryAfter and ends before the context's
// deadline; otherwise the call fails at once with an error matching
// ErrRateLimited. Clients sharing a limiter should share a [Clock] too, since
// the limiter reads the clock of the client that is waiting.
type RateLimiter struct {
	bucket    *rate.Limiter // nil: no pacing, only the not-before gate
	notBefore atomic.Pointer[time.Time]
}

// NewRateLimiter returns a limiter allowing r requests per second with bursts
// of up to burst. rate.Inf (or a non-positive r) means no pacing, leaving only
// the Retry-After gate; a burst below 1 is raised to 1, since a bucket that
// can never hold a token would block every request forever.
func NewRateLimiter(r rate.Limit, burst int) *RateLimiter {
	l := &RateLimiter{}
	if r > 0 && r != rate.Inf {
		l.bucket = rate.NewLimiter(r, max(burst, 1))
	}
	return l
}

// wait blocks until the limiter lets one request through, driven by clock.
// When the wait would outlast ctx's deadline, or a server-imposed pause is
// longer than maxPause, it fails at once instead of sleeping into a certain
// failure.
func (l *RateLimiter) wait(ctx context.Context, clock Clock, maxPause time.Duration) error {
	if nb := l.notBefore.Load(); nb != nil {
		if d := nb.Sub(clock.Now()); d > 0 {
			if d > maxPause {
				return fmt.Errorf("rate limiter: the server asked for no requests for another %v, longer than RetryPolicy.MaxRetryAfter (%v): %w", d, maxPause, ErrRateLimited)
			}
			if !deadlineAllows(ctx, d) {
				return fmt.Errorf("rate limiter: the server asked for no requests for another %v, which would pass the context deadline: %w (%w)", d, ErrRateLimited, context.DeadlineExceeded)
			}
			if err := clock.Sleep(ctx, d); err != nil {
				return fmt.Errorf("rate limiter: %w", err)
			}
		}
	}
	if l.bucket == nil {
		return nil
	}
	now := clock.Now()
	if l.bucket.AllowN(now, 1) {
		return nil // the common case: a token is ready, no reservation to allocate
	}
	r := l.bucket.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("rate limiter: cannot reserve a token")
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if !deadlineAllows(ctx, d) {
		r.CancelAt(now)
		return fmt.Errorf("rate limiter: waiting %v would pass the context deadline: %w", d, context.DeadlineExceeded)
	}
	if err := clock.Sleep(ctx, d); err != nil {
		r.CancelAt(clock.Now())
		return fmt.Errorf("rate limiter: %w", err)
	}
	return nil
}

// blockUntil records that no request may start before t. Later instants win.
func (l *RateLimiter) blockUntil(t time.Time) {
	for {
		old := l.notBefore.Load()
		if old != nil && !t.After(*old) {
			return
		}
		if l.notBefore.CompareAndSwap(old, &t) {
			return
		}
	}
}

// deadlineAllows reports whether waiting d still leaves time before ctx's
// deadline. Context deadlines are wall-clock instants set by the runtime, so
// the budget left is measured on the wall clock even when a virtual clock
// drives the sleeping: comparing a virtual reading with a real deadline would
// fail every call once virtual time has been advanced past it.
func deadlineAllows(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || d < time.Until(deadline)
}
