package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// setAuth puts the credentials for api on an outgoing request: the bearer
// token for Astra, the x-api-key for ARGO, both when the API is unspecified.
// A token source is asked for a fresh token on every attempt, so rotated
// tokens are picked up by retries; it returns the token used, for redaction.
func (c *Client) setAuth(ctx context.Context, h http.Header, api API) (token string, err error) {
	if c.hAPIKey != nil && api != APIAstra {
		h["X-Api-Key"] = c.hAPIKey
	}
	if api == APIArgo {
		return "", nil
	}
	switch {
	case c.tokenSource != nil:
		token, err = c.tokenSource(ctx)
		if err != nil {
			return "", fmt.Errorf("token source: %w", err)
		}
		if token == "" {
			return "", errors.New("token source returned an empty token")
		}
		if !validHeaderValue(token) {
			return token, errors.New("token source returned a token with characters not allowed in a header")
		}
		if last := c.lastToken.Load(); last == nil || *last != token {
			c.lastToken.Store(&token)
		}
		h["Authorization"] = []string{"Bearer " + token}
	case c.hAuth != nil:
		h["Authorization"] = c.hAuth
	}
	return token, nil
}

// secrets lists every credential the client knows, for redaction: the
// configured token and ARGO key, and the last token the source returned.
func (c *Client) secrets(extra ...string) []string {
	s := append([]string{c.token, c.argoKey}, extra...)
	if last := c.lastToken.Load(); last != nil {
		s = append(s, *last)
	}
	return s
}

// checkRedirect follows a redirect only when it keeps the method and stays
// on the configured scheme and host. net/http drops Authorization on a
// cross-host redirect but forwards custom headers such as x-api-key, so the
// only safe answer to another host is to refuse.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("tenantkit: stopped after 10 redirects")
	}
	if req.Method != via[0].Method {
		// net/http turns a POST, PUT or DELETE into a GET on 301, 302 and
		// 303; following would report the GET's success as the write's. The
		// redirect itself comes back as the (non-2xx) response instead.
		return http.ErrUseLastResponse
	}
	from := via[0].URL
	if !strings.EqualFold(req.URL.Host, from.Host) || (from.Scheme == "https" && req.URL.Scheme != "https") {
		return &redirectError{from: from.Scheme + "://" + from.Host, to: req.URL.Scheme + "://" + req.URL.Host}
	}
	return nil
}

// redirectError is the refusal of a redirect that would carry credentials
// to another host or downgrade https to http.
type redirectError struct{ from, to string }

func (e *redirectError) Error() string {
	return fmt.Sprintf("tenantkit: refused redirect from %s to %s: credentials would leave the configured host", e.from, e.to)
}

// validHeaderValue rejects values that would corrupt the request (CR, LF and
// other control characters); net/http would refuse them later with a less
// helpful error.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
