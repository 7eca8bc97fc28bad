package client

import (
	"context"
	"crypto/tls"
	"errors"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
)

// RetryPolicy says how often and how patiently a call is retried. Zero
// fields take their defaults.
//
// What is retried: transport errors and 429, 502, 503 and 504 responses.
// GET, HEAD, OPTIONS, PUT and DELETE (and any request marked
// Request.Idempotent) are retried on all of them. POST and unmarked PATCH are
// retried only when the server proves it did not process the request: a
// 429, a 503 with Retry-After, or a connection that could not even be dialled.
// They are never replayed after an ambiguous failure (500, 502, 504, 503
// without Retry-After, a connection lost after the request was sent), since
// the first attempt may have taken effect: such a call ends with an error
// matching [ErrOutcomeUnknown].
//
// The wait before retry n is drawn uniformly from [0, min(MaxDelay,
// BaseDelay·2^(n-1))) ("full jitter", so clients that failed together do not
// retry together); a Retry-After header is a floor on it. If the context
// deadline would pass before the next attempt could start, the call returns
// the last error at once instead of sleeping into a certain timeout.
type RetryPolicy struct {
	// MaxAttempts caps the total number of attempts, the first included
	// (default 4; 1 disables retries).
	MaxAttempts int
	// BaseDelay is the backoff before the first retry (default 250ms).
	BaseDelay time.Duration
	// MaxDelay caps the backoff (default 30s).
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After worth waiting for; a longer
	// one ends the call with the error (default 2m).
	MaxRetryAfter time.Duration
}

// Defaults for RetryPolicy fields left zero.
const (
	// DefaultMaxAttempts is the default RetryPolicy.MaxAttempts.
	DefaultMaxAttempts = 4
	// DefaultBaseDelay is the default RetryPolicy.BaseDelay.
	DefaultBaseDelay = 250 * time.Millisecond
	// DefaultMaxDelay is the default RetryPolicy.MaxDelay.
	DefaultMaxDelay = 30 * time.Second
	// DefaultMaxRetryAfter is the default RetryPolicy.MaxRetryAfter.
	DefaultMaxRetryAfter = 2 * time.Minute
)

func (p RetryPolicy) validate() error {
	if p.MaxAttempts < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0 {
		return errors.New("tenantkit: RetryPolicy fields must not be negative")
	}
	return nil
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts == 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	if p.MaxRetryAfter == 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}

// Attempt describes one attempt of a call, as seen by an attempt hook
// ([WithAttemptHook]) and the debug log.
type Attempt struct {
	// Operation names the call (the operationId from openapi.yaml).
	Operation tenantkit.Operation
	// Method and Path are the request's (Path without query).
	Method, Path string
	// Number is the attempt's 1-based position in the call.
	Number int
	// StatusCode is the response status, 0 when there was no response.
	StatusCode int
	// Err is the transport error or *APIError; nil on success.
	Err error
	// Duration is the attempt's round trip, measured on the client's clock.
	Duration time.Duration
	// NextDelay is the wait before the next attempt; 0 when none follows.
	NextDelay time.Duration
}

// retryableStatus reports the statuses worth repeating a request for.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// idempotentMethod reports methods whose repetition has no further effect.
func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryStatus decides whether a status may be retried. For a non-idempotent
// request only answers that prove the request was not processed qualify.
func retryStatus(idempotent bool, status int, hasRetryAfter bool) bool {
	if idempotent {
		return retryableStatus(status)
	}
	return status == http.StatusTooManyRequests ||
		(status == http.StatusServiceUnavailable && hasRetryAfter)
}

// retryTransport decides whether a transport error may be retried. A
// non-idempotent request is retried only when the connection was never
// established, so the request cannot have been sent.
func retryTransport(idempotent bool, err error) bool {
	var redirect *redirectError
	var cert *tls.CertificateVerificationError
	if errors.As(err, &redirect) || errors.As(err, &cert) {
		return false // a retry would fail the same way
	}
	return idempotent || neverSent(err)
}

// neverSent reports whether a transport error proves the request was never
// sent: the connection was not even established.
func neverSent(err error) bool {
	var op *net.OpError
	var cert *tls.CertificateVerificationError
	return errors.As(err, &op) && op.Op == "dial" || errors.As(err, &cert)
}

// backoff returns the jittered wait before the retry that follows attempt n.
func (c *Client) backoff(n int) time.Duration {
	ceil := c.policy.MaxDelay
	if shift := n - 1; shift < 62 {
		if d := c.policy.BaseDelay << shift; d>>shift == c.policy.BaseDelay && d < ceil {
			ceil = d
		}
	}
	return c.jitter(ceil)
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date
// (taken relative to now). A date in the past means "retry now". ok is false
// when the header is absent or malformed.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > math.MaxInt64/int64(time.Second) {
			return math.MaxInt64, true
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// nextDelay decides whether attempt n is followed by another, and after how
// long. It returns ok=false when the call should end with the attempt's
// error: no retry allowed, attempts exhausted, a Retry-After too long to wait
// for, or a context deadline that would pass before the next attempt.
func (c *Client) nextDelay(ctx context.Context, n int, retryAfter time.Duration, hasRetryAfter bool) (time.Duration, bool) {
	if n >= c.policy.MaxAttempts {
		return 0, false
	}
	if hasRetryAfter && retryAfter > c.policy.MaxRetryAfter {
		return 0, false
	}
	d := c.backoff(n)
	if hasRetryAfter {
		d = max(d, retryAfter)
	}
	if !deadlineAllows(ctx, d) {
		return 0, false
	}
	return d, true
}
