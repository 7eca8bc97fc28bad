// Package client is the transport every tenantkit service shares: base URL
// and credentials, the rate limiter, retries with backoff, error decoding,
// secret redaction, logging and streaming list iterators.
//
// Services (tenants, users, roles) describe each API call as a [Request] and
// hand it to [Client.Do], [Client.Stream], [Items], [Collect] or [Scan]; they never
// touch net/http themselves, so every call gets the same behaviour:
//
//   - "Accept: application/json" exactly (the ARGO server answers 406 to
//     anything else), a tenantkit User-Agent, the bearer token, the ARGO key
//     and the org header as configured;
//   - a wait on the [RateLimiter] before every attempt, retries included;
//   - retries of transient failures that never replay a non-idempotent request
//     the server may already have processed (see [RetryPolicy]);
//   - every non-2xx response as an *[APIError] that works with errors.Is
//     against the [Kind] constants, whatever the body looked like, its text
//     read in the error shape of the request's API;
//   - no secret in any error string or log record.
//
// A service method is a few lines:
//
//	func (s *Roles) Get(ctx context.Context, id string) (Role, error) {
//		var r Role
//		_, err := s.c.Do(ctx, client.Request{
//			Operation: tenantkit.OpGetOrganizationRole, // its API and retry safety come from openapi.yaml
//			Method:    http.MethodGet,
//			Path:      "/v2/organizations/roles/" + url.PathEscape(id),
//		}, &r)
//		return r, err
//	}
//
// and a list is a sequence: client.Items[Role](ctx, c, req) for a top-level
// array, client.Items[User](ctx, c, req, "Users") inside a wrapper object,
// client.Items[Tenant](ctx, c, req, "data") inside the ARGO envelope.
//
// Nothing in this package does I/O before a call is made, keeps mutable
// package state, or starts goroutines that outlive a call.
package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/tenantkit/tenantkit"
)

// Client sends API requests. It is safe for concurrent use; its
// configuration is fixed by [New].
type Client struct {
	base        string // scheme://host[/prefix], no trailing slash
	hc          *http.Client
	clock       Clock
	limiter     *RateLimiter
	policy      RetryPolicy
	logger      *slog.Logger
	hooks       []func(context.Context, Attempt)
	maxResponse int64
	orgID       string
	token       string
	argoKey     string
	tokenSource func(context.Context) (string, error)
	jitter      func(time.Duration) time.Duration

	// Header values built once and shared by every request; net/http only
	// reads them.
	hAccept, hUserAgent, hJSON, hOrg, hAPIKey, hAuth []string

	// lastToken is the token source's latest answer, kept so errors raised
	// between calls to the source can still have it redacted.
	lastToken atomic.Pointer[string]
}

// Response describes the HTTP response that ended a call. Do and Stream
// return it whenever a response arrived, errors included.
type Response struct {
	// StatusCode is the final response's status.
	StatusCode int
	// Header is the final response's header, without Authorization and
	// X-Api-Key (the ARGO server echoes the request's headers on
	// 401/403/406, credentials included).
	Header http.Header
	// Attempts is how many attempts the call made.
	Attempts int
}

// New returns a Client configured by opts. It validates the options and
// never does I/O.
func New(opts ...Option) (*Client, error) {
	cfg := config{baseURL: DefaultBaseURL}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.token != "" && cfg.tokenSource != nil {
		return nil, errors.New("tenantkit: WithBearerToken and WithTokenSource are mutually exclusive")
	}
	base, err := parseBaseURL(cfg.baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		clock:       cfg.clock,
		limiter:     cfg.limiter,
		policy:      cfg.retry.withDefaults(),
		logger:      cfg.logger,
		hooks:       cfg.hooks,
		maxResponse: cfg.maxResponseBytes,
		orgID:       cfg.orgID,
		token:       cfg.token,
		argoKey:     cfg.argoKey,
		tokenSource: cfg.tokenSource,
		jitter:      cfg.jitter,
	}
	if cfg.maxAttempts > 0 {
		c.policy.MaxAttempts = cfg.maxAttempts
	}
	if c.clock == nil {
		c.clock = SystemClock()
	}
	if c.limiter == nil {
		// A private limiter with no pacing still gates this client's
		// concurrent calls on a Retry-After the server sent.
		c.limiter = NewRateLimiter(0, 0)
	}
	if c.maxResponse == 0 {
		c.maxResponse = DefaultMaxResponseBytes
	}
	if c.jitter == nil {
		c.jitter = newJitter()
	}
	c.hc = httpClient(cfg.httpClient, cfg.transport)

	ua := "tenantkit-go/" + tenantkit.Version
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	c.hAccept = headerValue("application/json")
	c.hJSON = headerValue("application/json")
	c.hUserAgent = headerValue(ua)
	if c.orgID != "" {
		c.hOrg = headerValue(c.orgID)
	}
	if c.argoKey != "" {
		c.hAPIKey = headerValue(c.argoKey)
	}
	if c.token != "" {
		c.hAuth = headerValue("Bearer " + c.token)
	}
	return c, nil
}

// usable reports a Client that was not built by [New]: a nil pointer (a
// service built on a nil client) or a zero Client{}, which has no HTTP
// client, clock or limiter. Calls through either fail with this error
// instead of panicking.
func (c *Client) usable() error {
	switch {
	case c == nil:
		return errors.New("nil *client.Client (build one with client.New)")
	case c.hc == nil:
		return errors.New("zero client.Client{} (build one with client.New)")
	}
	return nil
}

// OrgID returns the organization ID set with [WithOrgID], or "".
func (c *Client) OrgID() string {
	if c == nil {
		return ""
	}
	return c.orgID
}

// BaseURL returns the base URL requests are sent to, without a trailing
// slash.
func (c *Client) BaseURL() string {
	if c == nil {
		return ""
	}
	return c.base
}

// Clock returns the clock the client waits on (WithClock, or SystemClock).
// Services poll with it too (tenants.Langflow.WaitActive), so one virtual
// clock drives every wait of a test.
func (c *Client) Clock() Clock {
	if c == nil || c.clock == nil {
		return SystemClock()
	}
	return c.clock
}

// parseBaseURL checks the base URL and normalises away a trailing slash.
func parseBaseURL(raw string) (string, error) {
	if strings.TrimSpace(raw) == "" {
		return "", errors.New("tenantkit: WithBaseURL: empty URL; give the server's absolute http or https URL, such as " + DefaultBaseURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error quotes the input, which is not a secret, but keep the
		// message short and about the option.
		return "", fmt.Errorf("tenantkit: WithBaseURL: invalid URL: %w", errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("tenantkit: WithBaseURL: scheme must be http or https, got %q", u.Scheme)
	}
	if u.Host == "" {
		return "", errors.New("tenantkit: WithBaseURL: missing host")
	}
	if u.User != nil {
		return "", errors.New("tenantkit: WithBaseURL: credentials in the URL are not supported; use an auth option")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", errors.New("tenantkit: WithBaseURL: the URL must not have a query or fragment")
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// httpClient builds the HTTP client from the options, never modifying the
// caller's client.
func httpClient(given *http.Client, rt http.RoundTripper) *http.Client {
	var hc *http.Client
	if given != nil {
		cp := *given
		hc = &cp
	} else {
		hc = cleanhttp.DefaultPooledClient()
	}
	if hc.CheckRedirect == nil {
		hc.CheckRedirect = checkRedirect
	}
	if rt != nil {
		hc.Transport = rt
	}
	return hc
}

// headerValue returns a one-element slice with no spare capacity, so a
// RoundTripper that appends to a shared header value gets its own copy.
func headerValue(v string) []string { return []string{v}[:1:1] }

// newJitter returns a per-client source of full jitter: a uniform duration
// in [0, ceil). Each client has its own generator so clients never contend
// on (or correlate through) a shared one.
func newJitter() func(time.Duration) time.Duration {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	return func(ceil time.Duration) time.Duration {
		if ceil <= 0 {
			return 0
		}
		mu.Lock()
		defer mu.Unlock()
		return time.Duration(r.Int64N(int64(ceil)))
	}
}
