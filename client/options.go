package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Option configures a [Client]. Options are applied in order by [New]; an
// option given an invalid value makes New return an error.
type Option func(*config) error

// config collects the options; New turns it into an immutable Client.
type config struct {
	baseURL          string
	token            string
	tokenSource      func(context.Context) (string, error)
	orgID            string
	argoKey          string
	httpClient       *http.Client
	transport        http.RoundTripper
	userAgent        string
	logger           *slog.Logger
	clock            Clock
	limiter          *RateLimiter
	retry            RetryPolicy
	maxAttempts      int
	hooks            []func(context.Context, Attempt)
	maxResponseBytes int64
	jitter           func(time.Duration) time.Duration
}

// DefaultBaseURL is the Astra DevOps API.
const DefaultBaseURL = "https://api.astra.datastax.com"

// DefaultMaxResponseBytes bounds a response body that Do buffers.
const DefaultMaxResponseBytes = 32 << 20

// WithBaseURL sets the URL every request path is appended to (default
// [DefaultBaseURL]). It may carry a path prefix ("http://host/base"); a
// trailing slash is ignored. It must be an absolute http or https URL without
// query or fragment.
func WithBaseURL(u string) Option {
	return func(c *config) error { c.baseURL = u; return nil }
}

// WithBearerToken sends "Authorization: Bearer <token>" (an Astra
// application token, "AstraCS:..."). It cannot be combined with
// [WithTokenSource].
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return errors.New("tenantkit: WithBearerToken: empty token")
		}
		if !validHeaderValue(token) {
			return errors.New("tenantkit: WithBearerToken: token has characters not allowed in a header")
		}
		c.token = token
		return nil
	}
}

// WithTokenSource sets a function that returns the bearer token, called
// before every attempt so rotated tokens are picked up, retries included.
// Its error aborts the call; the error is wrapped and, like every error of
// this package, never contains the token. It cannot be combined with
// [WithBearerToken].
func WithTokenSource(src func(ctx context.Context) (string, error)) Option {
	return func(c *config) error {
		if src == nil {
			return errors.New("tenantkit: WithTokenSource: nil function")
		}
		c.tokenSource = src
		return nil
	}
}

// WithOrgID sends "X-DataStax-Current-Org: <orgID>" on every request. The
// Langflow endpoints require it; the v2 users and roles endpoints ignore it.
func WithOrgID(orgID string) Option {
	return func(c *config) error {
		if orgID == "" || !validHeaderValue(orgID) {
			return errors.New("tenantkit: WithOrgID: empty or invalid organization ID")
		}
		c.orgID = orgID
		return nil
	}
}

// WithArgoAPIKey sends "x-api-key: <key>", the ARGO Web API admin key.
func WithArgoAPIKey(key string) Option {
	return func(c *config) error {
		if key == "" {
			return errors.New("tenantkit: WithArgoAPIKey: empty key")
		}
		if !validHeaderValue(key) {
			return errors.New("tenantkit: WithArgoAPIKey: key has characters not allowed in a header")
		}
		c.argoKey = key
		return nil
	}
}

// WithHTTPClient sets the HTTP client to send requests with. The client is
// copied, not modified; if its CheckRedirect is nil, the copy gets the
// default policy that refuses redirects to another host (they would carry
// x-api-key along). The default is a go-cleanhttp pooled client with that
// policy.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("tenantkit: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTransport sets the RoundTripper of the HTTP client (the default one or
// the one from [WithHTTPClient]).
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return errors.New("tenantkit: WithTransport: nil RoundTripper")
		}
		c.transport = rt
		return nil
	}
}

// WithUserAgent appends s to the User-Agent, which is then
// "tenantkit-go/<version> <s>". Repeated options append in order.
func WithUserAgent(s string) Option {
	return func(c *config) error {
		if s == "" || !validHeaderValue(s) {
			return errors.New("tenantkit: WithUserAgent: empty or invalid user agent")
		}
		if c.userAgent != "" {
			c.userAgent += " "
		}
		c.userAgent += s
		return nil
	}
}

// WithLogger makes the client write a debug record for every attempt
// (operation, method, path, attempt, status, duration, next delay, error).
// Records never hold headers, bodies or secrets. A nil logger, or one whose
// handler does not enable debug, costs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error { c.logger = l; return nil }
}

// WithClock sets the clock for backoff, Retry-After and rate limiting
// (default [SystemClock]). Tests pass a [VirtualClock].
func WithClock(clk Clock) Option {
	return func(c *config) error {
		if clk == nil {
			return errors.New("tenantkit: WithClock: nil clock")
		}
		c.clock = clk
		return nil
	}
}

// WithRateLimiter makes the client wait on l before every attempt. Pass the
// same limiter to several clients to share one budget between them.
func WithRateLimiter(l *RateLimiter) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("tenantkit: WithRateLimiter: nil limiter")
		}
		c.limiter = l
		return nil
	}
}

// WithRateLimit gives the client a private [RateLimiter] allowing r requests
// per second with bursts of burst. r must be positive (rate.Inf means no
// pacing) and burst at least 1.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(c *config) error {
		if r <= 0 || burst < 1 {
			return fmt.Errorf("tenantkit: WithRateLimit: need a positive rate and a burst of at least 1, got %v and %d", r, burst)
		}
		c.limiter = NewRateLimiter(r, burst)
		return nil
	}
}

// WithRetryPolicy sets the retry policy; zero fields keep their defaults.
// A later or earlier [WithMaxAttempts] overrides p.MaxAttempts.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithMaxAttempts caps the total attempts per call, the first included; 1
// disables retries.
func WithMaxAttempts(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("tenantkit: WithMaxAttempts: need at least 1, got %d", n)
		}
		c.maxAttempts = n
		return nil
	}
}

// WithAttemptHook calls fn after every attempt, successful or not, with the
// attempt's outcome and the delay before the next one. Hooks run on the
// calling goroutine, in the order given, and must not block for long.
func WithAttemptHook(fn func(context.Context, Attempt)) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("tenantkit: WithAttemptHook: nil function")
		}
		c.hooks = append(c.hooks, fn)
		return nil
	}
}

// WithMaxResponseBytes bounds a success body that Do reads into memory
// (default [DefaultMaxResponseBytes]); a longer body fails the call with an
// error saying so. Streams ([Client.Stream], [Items]) and [Collect] are not
// bounded, since they never hold the body.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("tenantkit: WithMaxResponseBytes: need a positive size, got %d", n)
		}
		c.maxResponseBytes = n
		return nil
	}
}
