package client

import "time"

// WithJitter replaces the client's random jitter with f, so tests can pin
// the exact backoff. f receives the backoff ceiling for the retry.
func WithJitter(f func(ceil time.Duration) time.Duration) Option {
	return func(c *config) error { c.jitter = f; return nil }
}
