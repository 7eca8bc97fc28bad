package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Bounds on reading bodies the caller never sees.
const (
	errorBodyLimit = 64 << 10 // read for decoding an error
	errorBodyKept  = 4 << 10  // kept in APIError.Body
	drainLimit     = 64 << 10 // read before Close so the connection can be reused
)

// Do sends req and, on a 2xx response, decodes its JSON body into out. out
// may be nil to discard the body; an empty body leaves out untouched and is
// not an error (some endpoints answer 200 with or without a body). A non-2xx
// response ends as an *[APIError]. The returned *Response is non-nil whenever
// a response arrived, errors included.
//
// Do waits on the rate limiter before every attempt and retries as
// [RetryPolicy] describes.
func (c *Client) Do(ctx context.Context, req Request, out any) (*Response, error) {
	resp, r, err := c.send(ctx, &req)
	if err != nil {
		return r, err
	}
	defer drainAndClose(resp.Body)
	if out == nil {
		return r, nil
	}
	lr := &maxBytesReader{r: resp.Body, left: c.maxResponse}
	if err := json.NewDecoder(lr).Decode(out); err != nil && err != io.EOF {
		if lr.exceeded {
			err = fmt.Errorf("response body exceeds %d bytes (see WithMaxResponseBytes)", c.maxResponse)
		} else {
			err = fmt.Errorf("decoding the response body: %w", err)
		}
		return r, newOpError(&req, r.Attempts, c.redactor(&req, ""), err)
	}
	return r, nil
}

// Stream is Do without buffering: it retries until a 2xx response arrives,
// then hands over the open body, which the caller must close. Closing it
// before the end drains a bounded remainder so the connection can be reused.
func (c *Client) Stream(ctx context.Context, req Request) (io.ReadCloser, *Response, error) {
	resp, r, err := c.send(ctx, &req)
	if err != nil {
		return nil, r, err
	}
	return drainingBody{resp.Body}, r, nil
}

// send runs the attempt loop and returns the open 2xx response.
func (c *Client) send(ctx context.Context, req *Request) (*http.Response, *Response, error) {
	cl, err := c.prepare(req)
	if err != nil {
		return nil, nil, err
	}
	var (
		last     error     // the previous attempt's error
		lastResp *Response // the previous attempt's response, if it had one
	)
	for n := 1; ; n++ {
		if err := c.limiter.wait(ctx, c.clock); err != nil {
			return nil, lastResp, c.abort(cl, n-1, "", err, last)
		}
		hreq, token, err := c.newHTTPRequest(ctx, cl)
		if err != nil {
			return nil, lastResp, c.abort(cl, n-1, token, err, last)
		}
		start := c.clock.Now()
		resp, err := c.hc.Do(hreq)
		took := c.clock.Now().Sub(start)

		if err == nil && resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			c.observe(ctx, cl, token, Attempt{Number: n, StatusCode: resp.StatusCode, Duration: took})
			return resp, &Response{StatusCode: resp.StatusCode, Header: scrubHeader(resp.Header), Attempts: n}, nil
		}

		var (
			attemptErr    error
			status        int
			retry         bool
			retryAfter    time.Duration
			hasRetryAfter bool
		)
		if err != nil {
			lastResp = nil
			errs := []error{err}
			if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
				errs = append(errs, ctxErr)
			}
			attemptErr = newOpError(req, n, c.redactor(req, token), errs...)
			retry = ctx.Err() == nil && retryTransport(cl.idempotent, err)
		} else {
			status = resp.StatusCode
			lastResp = &Response{StatusCode: status, Header: scrubHeader(resp.Header), Attempts: n}
			retryAfter, hasRetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.clock.Now())
			if hasRetryAfter && (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) {
				c.limiter.blockUntil(c.clock.Now().Add(min(retryAfter, c.policy.MaxRetryAfter)))
			}
			apiErr := c.apiError(cl, resp, n, token)
			apiErr.RetryAfter = retryAfter
			attemptErr = apiErr
			retry = retryStatus(cl.idempotent, status, hasRetryAfter)
		}
		var delay time.Duration
		if retry {
			delay, retry = c.nextDelay(ctx, n, retryAfter, hasRetryAfter)
		}
		c.observe(ctx, cl, token, Attempt{Number: n, StatusCode: status, Err: attemptErr, Duration: took, NextDelay: delay})
		if !retry {
			return nil, lastResp, attemptErr
		}
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return nil, lastResp, c.abort(cl, n, token, err, attemptErr)
		}
		last = attemptErr
	}
}

// apiError reads (boundedly) and closes the body of a non-2xx response and
// turns it into an APIError with every known secret redacted. The body is
// redacted before it is decoded, so no field can carry a secret, not even a
// truncated one.
func (c *Client) apiError(cl *call, resp *http.Response, n int, token string) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
	drainAndClose(resp.Body)
	r := c.redactor(cl.Request, token)
	raw = r.Bytes(raw)
	d := decodeError(resp.StatusCode, raw)
	for i := range d.Details {
		d.Details[i] = r.String(d.Details[i])
	}
	e := &APIError{
		Operation:  cl.Operation,
		Method:     cl.Method,
		Path:       r.String(cl.Path),
		StatusCode: resp.StatusCode,
		Code:       r.String(d.Code),
		Message:    r.String(d.Message),
		Details:    d.Details,
		Attempts:   n,
	}
	if len(raw) > 0 {
		e.Body = append([]byte(nil), raw[:min(len(raw), errorBodyKept)]...)
	}
	return e
}

// abort ends a call between attempts: the rate limiter or a backoff sleep
// was interrupted, or the token source failed. The error wraps both the
// cause and the last attempt's error, so errors.Is finds context.Canceled
// and errors.As still finds the *APIError that was being retried.
func (c *Client) abort(cl *call, attempts int, token string, cause, last error) error {
	if last == nil {
		return newOpError(cl.Request, attempts, c.redactor(cl.Request, token), cause)
	}
	return newOpError(cl.Request, attempts, c.redactor(cl.Request, token), cause, last)
}

// redactor knows every secret of a call.
func (c *Client) redactor(req *Request, token string) redactor {
	return newRedactor(c.secrets(append([]string{token}, req.Secrets...)...)...)
}

// scrubHeader drops credentials from a response header: the ARGO server
// echoes the request's headers, x-api-key included, on 401/403/406.
func scrubHeader(h http.Header) http.Header {
	delete(h, "Authorization")
	delete(h, "X-Api-Key")
	return h
}

// drainAndClose reads what is left of a body, up to a bound, and closes it:
// net/http reuses a keep-alive connection only when the body was read to the
// end.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, drainLimit)
	_ = body.Close()
}

// drainingBody is a stream handed to the caller; Close drains a bounded
// remainder first.
type drainingBody struct{ io.ReadCloser }

func (b drainingBody) Close() error {
	_, _ = io.CopyN(io.Discard, b.ReadCloser, drainLimit)
	return b.ReadCloser.Close()
}

// maxBytesReader fails a read once more than left bytes would be consumed.
type maxBytesReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

func (m *maxBytesReader) Read(p []byte) (int, error) {
	if m.left <= 0 {
		// Probe for one more byte: a body exactly at the limit is fine.
		var one [1]byte
		n, err := m.r.Read(one[:])
		if n > 0 {
			m.exceeded = true
			return 0, errors.New("response body too large")
		}
		return 0, err
	}
	if int64(len(p)) > m.left {
		p = p[:m.left]
	}
	n, err := m.r.Read(p)
	m.left -= int64(n)
	return n, err
}
