package fakeserver

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
)

// The rate-limit emulation is a token bucket per credential, driven by the
// server's Clock, in front of everything else: a request over the limit
// gets 429 with Retry-After in the API's own error shape and reaches
// neither the fault rules nor the API. Neither API documents its limits or
// X-RateLimit-* headers, so the fake sends only Retry-After.

// maxRateBuckets bounds the bucket table; past it, full buckets (which
// behave exactly like new ones) are forgotten.
const maxRateBuckets = 4096

// rateLimiter holds the buckets.
type rateLimiter struct {
	rate  float64 // tokens per second
	burst float64

	mu      sync.Mutex
	buckets map[string]*rateBucket
}

type rateBucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	return &rateLimiter{rate: perSecond, burst: float64(burst), buckets: make(map[string]*rateBucket)}
}

// take spends a token of key's bucket at now. When there is none it
// returns false and how long until there will be one.
func (l *rateLimiter) take(key string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxRateBuckets {
			l.prune(now)
		}
		b = &rateBucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
	// The epsilon absorbs rounding in the refill arithmetic.
	if b.tokens >= 1-1e-9 {
		b.tokens = max(b.tokens-1, 0)
		return 0, true
	}
	wait := math.Ceil((1 - b.tokens) / l.rate * float64(time.Second))
	if wait >= math.MaxInt64 { // a rate so small that the wait is beyond a Duration
		return time.Duration(math.MaxInt64), false
	}
	return time.Duration(wait), false
}

// prune forgets the buckets that have refilled completely by now.
func (l *rateLimiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// credentialOf names the bucket of a request: the credential of the API it
// goes to (the x-api-key under /api/v2/admin, the bearer token elsewhere),
// else the one anonymous bucket. A client that sends both credentials on
// every request, as the SDK may, spends each API's budget separately.
func (s *Server) credentialOf(r *http.Request) string {
	if c := s.apiFor(r.URL.Path).Credential(r); c != "" {
		return c
	}
	return "anonymous"
}

// WithRateLimit makes the fake enforce a rate limit per credential (each
// bearer token on the Astra API, each x-api-key on the ARGO API, and one
// bucket for requests without the API's credential):
// a token bucket refilled at perSecond tokens a second on the server's
// Clock, holding at most burst tokens, full at first. A request that finds
// its bucket empty gets 429 with Retry-After (whole seconds until a token
// is back, at least 1) and the API's own error body: the Astra errors
// object ("over rate limit") or the ARGO envelope (always JSON). It is off
// by default.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(cfg *config) error {
		if err := checkRateLimit(perSecond, burst); err != nil {
			return fmt.Errorf("fakeserver: WithRateLimit(%v, %d): %w", perSecond, burst, err)
		}
		cfg.rateLimit, cfg.rateBurst = perSecond, burst
		return nil
	}
}

func checkRateLimit(perSecond float64, burst int) error {
	if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
		return errors.New("the rate must be positive and finite, the burst at least 1")
	}
	return nil
}

// SetRateLimit turns the rate-limit emulation on, as WithRateLimit does,
// with fresh (full) buckets, or changes its rate; it fails, changing
// nothing, on the values WithRateLimit refuses.
func (s *Server) SetRateLimit(perSecond float64, burst int) error {
	if err := checkRateLimit(perSecond, burst); err != nil {
		return fmt.Errorf("fakeserver: SetRateLimit(%v, %d): %w", perSecond, burst, err)
	}
	s.limiter.Store(newRateLimiter(perSecond, burst))
	return nil
}

// ClearRateLimit turns the rate-limit emulation off.
func (s *Server) ClearRateLimit() { s.limiter.Store(nil) }

// RateLimit reports the rate limit in force; ok is false when there is none.
func (s *Server) RateLimit() (perSecond float64, burst int, ok bool) {
	l := s.limiter.Load()
	if l == nil {
		return 0, 0, false
	}
	return l.rate, int(l.burst), true
}
