package client

import (
	"bytes"
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
// not an error (some endpoints answer 200 with or without a body). An out
// that implements [BodyDecoder] decodes the body itself. A non-2xx response
// ends as an *[APIError]. The returned *Response is non-nil whenever a
// response arrived, errors included.
//
// Do waits on the rate limiter before every attempt and retries as
// [RetryPolicy] describes. The body is read whole (up to
// [WithMaxResponseBytes]) before it is decoded, so a connection lost halfway
// through the body counts as a failed attempt, and out is only ever decoded
// into once.
func (c *Client) Do(ctx context.Context, req Request, out any) (*Response, error) {
	resp, body, r, err := c.send(ctx, &req, out != nil)
	if err != nil {
		return r, err
	}
	if resp != nil {
		_ = drainAndClose(resp.Body) // out == nil: the body is not wanted
		return r, nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return r, nil
	}
	if d, ok := out.(BodyDecoder); ok {
		err = d.DecodeBody(body)
	} else {
		err = json.Unmarshal(body, out)
	}
	if err != nil {
		err = fmt.Errorf("decoding the response body: %w", err)
		if !req.Idempotent && !idempotentMethod(req.Method) {
			// The request took effect, but what it made cannot be read.
			err = outcomeUnknown(err, "")
		}
		return r, newOpError(&req, r.Attempts, c.redactor(&req, ""), err)
	}
	return r, nil
}

// BodyDecoder is implemented by a [Client.Do] target that decodes the
// success body itself. Do hands it the body (never empty or all
// whitespace; the slice is the caller's to keep) instead of calling
// json.Unmarshal, and a returned error fails the call as a JSON error
// does. Services use it to accept more than one shape of a body while
// parsing it once: json.Unmarshal into a type with its own UnmarshalJSON
// reads the bytes again at every such level.
type BodyDecoder interface {
	DecodeBody(body []byte) error
}

// Stream is Do without buffering: it retries until a 2xx response arrives,
// then hands over the open body, which the caller must close. Closing it
// before the end drains a bounded remainder so the connection can be reused.
func (c *Client) Stream(ctx context.Context, req Request) (io.ReadCloser, *Response, error) {
	resp, _, r, err := c.send(ctx, &req, false)
	if err != nil {
		return nil, r, err
	}
	return drainingBody{resp.Body}, r, nil
}

// send runs the attempt loop. On success it returns either the open 2xx
// response (buffer false) or its body read whole (buffer true).
func (c *Client) send(ctx context.Context, req *Request, buffer bool) (*http.Response, []byte, *Response, error) {
	return c.sendFrom(ctx, req, buffer, 1, nil)
}

// sendFrom is send going on with attempt first of a call whose previous
// attempt failed with last (first 1 and last nil for a new call): Collect
// resends a call whose body broke, within the same retry budget.
func (c *Client) sendFrom(ctx context.Context, req *Request, buffer bool, first int, last error) (*http.Response, []byte, *Response, error) {
	if err := c.usable(); err != nil {
		return nil, nil, nil, newOpError(req, 0, redactor{}, err)
	}
	cl, err := c.prepare(req)
	if err != nil {
		return nil, nil, nil, err
	}
	var lastResp *Response // the previous attempt's response, if it had one
	for n := first; ; n++ {
		if err := c.limiter.wait(ctx, c.clock, c.policy.MaxRetryAfter); err != nil {
			return nil, nil, lastResp, c.abort(cl, n-1, "", err, last)
		}
		hreq, token, err := c.newHTTPRequest(ctx, cl)
		if err != nil {
			return nil, nil, lastResp, c.abort(cl, n-1, token, err, last)
		}
		start := c.clock.Now()
		live := ctx.Err() == nil // a request whose context already ended is not sent
		resp, err := c.hc.Do(hreq)
		took := c.clock.Now().Sub(start)

		var (
			attemptErr    error
			status        int
			retry         bool
			retryAfter    time.Duration
			hasRetryAfter bool
		)
		switch {
		case err != nil:
			lastResp = nil
			retry = ctx.Err() == nil && retryTransport(cl.idempotent, err)
			if !cl.idempotent && !retry && live && sentMaybe(err) {
				err = outcomeUnknown(err, outcomeUnknownNote)
			}
			attemptErr = c.transportError(ctx, req, n, token, err)

		case resp.StatusCode >= 200 && resp.StatusCode <= 299:
			status = resp.StatusCode
			r := &Response{StatusCode: status, Header: scrubHeader(resp.Header), Attempts: n}
			if !buffer {
				c.observe(ctx, cl, token, Attempt{Number: n, StatusCode: status, Duration: took})
				return resp, nil, r, nil
			}
			body, err := c.readBody(resp, cl.Method)
			took = c.clock.Now().Sub(start)
			if err == nil {
				c.observe(ctx, cl, token, Attempt{Number: n, StatusCode: status, Duration: took})
				return nil, body, r, nil
			}
			// The body was cut short: the request did reach the server, so
			// this is retried like any failure after sending.
			lastResp = r
			var tooLarge *tooLargeError
			retry = ctx.Err() == nil && !errors.As(err, &tooLarge) && retryTransport(cl.idempotent, err)
			if cl.idempotent {
				err = fmt.Errorf("reading the body of the %d %s answer: %w", status, http.StatusText(status), err)
			} else {
				err = outcomeUnknown(fmt.Errorf("the server processed the request (it answered %d %s) but reading the answer failed: %w", status, http.StatusText(status), err), "")
			}
			attemptErr = c.transportError(ctx, req, n, token, err)

		default:
			status = resp.StatusCode
			lastResp = &Response{StatusCode: status, Header: scrubHeader(resp.Header), Attempts: n}
			retryAfter, hasRetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.clock.Now())
			if hasRetryAfter && (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) {
				c.limiter.blockUntil(c.clock.Now().Add(retryAfter))
			}
			apiErr := c.apiError(cl, resp, n, token)
			apiErr.RetryAfter = retryAfter
			attemptErr = apiErr
			retry = retryStatus(cl.idempotent, status, hasRetryAfter)
			if !cl.idempotent && ambiguousStatus(status, hasRetryAfter) {
				attemptErr = outcomeUnknown(apiErr, outcomeUnknownNote)
			}
		}

		var delay time.Duration
		if retry {
			delay, retry = c.nextDelay(ctx, n, retryAfter, hasRetryAfter)
		}
		c.observe(ctx, cl, token, Attempt{Number: n, StatusCode: status, Err: attemptErr, Duration: took, NextDelay: delay})
		if !retry {
			return nil, nil, lastResp, attemptErr
		}
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return nil, nil, lastResp, c.abort(cl, n, token, err, attemptErr)
		}
		last = attemptErr
	}
}

// transportError wraps a failed exchange with the call's name. When the
// context ended the exchange, the error is made to match it too, whatever
// net/http chose to report.
func (c *Client) transportError(ctx context.Context, req *Request, n int, token string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return newOpError(req, n, c.redactor(req, token), err, ctxErr)
	}
	return newOpError(req, n, c.redactor(req, token), err)
}

// tooLargeError is a success body longer than WithMaxResponseBytes.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("response body exceeds %d bytes (see WithMaxResponseBytes)", e.limit)
}

// apiError reads (boundedly) and closes the body of a non-2xx response and
// turns it into an APIError with every known secret redacted, decoding it
// in the shape of the call's API (cl.decodeError, chosen by prepare). The body is
// redacted before it is decoded, so no field can carry a secret, not even a
// truncated one.
func (c *Client) apiError(cl *call, resp *http.Response, n int, token string) *APIError {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit))
	_ = drainAndClose(resp.Body)
	r := c.redactor(cl.Request, token)
	raw = r.Bytes(raw)
	d := cl.decodeError(resp.StatusCode, raw)
	for i := range d.Details {
		d.Details[i] = r.String(d.Details[i])
	}
	e := &APIError{
		Operation:  cl.Operation,
		Method:     cl.Method,
		Path:       r.String(cl.Path),
		StatusCode: resp.StatusCode,
		Code:       r.String(d.Code),
		Title:      r.String(d.Title),
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
	errs := []error{cause}
	if last != nil {
		errs = append(errs, last)
	}
	return newOpError(cl.Request, attempts, c.redactor(cl.Request, token), errs...)
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
func drainAndClose(body io.ReadCloser) error {
	_, _ = io.CopyN(io.Discard, body, drainLimit)
	return body.Close()
}

// drainingBody is a stream handed to the caller; Close drains a bounded
// remainder first.
type drainingBody struct{ io.ReadCloser }

func (b drainingBody) Close() error { return drainAndClose(b.ReadCloser) }

// readBody reads a success body whole, up to c.maxResponse bytes, and
// closes it.
func (c *Client) readBody(resp *http.Response, method string) ([]byte, error) {
	defer func() { _ = drainAndClose(resp.Body) }()
	if resp.Body == http.NoBody || method == http.MethodHead {
		return nil, nil
	}
	size := resp.ContentLength
	if size > c.maxResponse {
		return nil, &tooLargeError{limit: c.maxResponse}
	}
	if size >= 0 && size <= 1<<20 {
		// The length is known and modest: one exact allocation. (A larger
		// claimed length is not trusted with an up-front allocation.)
		buf := make([]byte, size)
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			return nil, unexpectedEOF(err)
		}
		return buf, nil
	}
	buf, err := io.ReadAll(io.LimitReader(resp.Body, c.maxResponse+1))
	if err != nil {
		return nil, err
	}
	if int64(len(buf)) > c.maxResponse {
		return nil, &tooLargeError{limit: c.maxResponse}
	}
	return buf, nil
}
