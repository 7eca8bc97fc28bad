package client

import (
	"context"
	"io"
	"iter"
)

// Collect is [Items] gathered into a slice, returned once the body has been
// read to the end: what a service's List method needs. No elements is a nil
// slice.
//
// Unlike Items, Collect shows the caller nothing before the end, so a body
// that breaks partway (the connection lost, as opposed to a malformed body)
// is a failed attempt like any other: an idempotent request is sent again,
// after the usual backoff and within the same RetryPolicy.MaxAttempts, and
// the elements read so far are dropped. The body is streamed, never held
// whole, so WithMaxResponseBytes does not bound it.
func Collect[T any](ctx context.Context, c *Client, req Request, path ...string) ([]T, error) {
	return CollectFunc(ctx, c, req, func(r io.Reader) iter.Seq2[T, error] { return decodeItems[T](r, path) })
}

// CollectFunc is [Collect] for a body of another shape: decode reads the
// body and yields its elements, or an error that ends them.
func CollectFunc[T any](ctx context.Context, c *Client, req Request, decode func(io.Reader) iter.Seq2[T, error]) ([]T, error) {
	var out []T
	err := scan(ctx, c, &req, decode, func() { out = nil }, func(v T) bool {
		out = append(out, v)
		return true
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Scan sends req and calls fn with each element of the JSON array at path in
// its 2xx body (see [Items] for path), in order, until fn returns false or
// the array ends: a lookup that stops at the element it wants. The body is
// streamed, one element at a time.
//
// A body that breaks off before fn stopped (the connection lost, as opposed
// to a malformed body) is a failed attempt, as for [Collect]: an idempotent
// request is sent again within the same retry budget and fn sees the
// elements again from the first, so it must be ready to start over.
func Scan[T any](ctx context.Context, c *Client, req Request, fn func(T) bool, path ...string) error {
	return scan(ctx, c, &req, func(r io.Reader) iter.Seq2[T, error] { return decodeItems[T](r, path) }, func() {}, fn)
}

// scan runs the calls behind Collect and Scan: restart is called before the
// elements of every attempt, and fn with each of them.
func scan[T any](ctx context.Context, c *Client, req *Request, decode func(io.Reader) iter.Seq2[T, error], restart func(), fn func(T) bool) error {
	attempt := 1
	var last error
	for {
		resp, _, r, err := c.sendFrom(ctx, req, false, attempt, last)
		if err != nil {
			return err
		}
		body := &readErrorBody{r: resp.Body}
		restart()
		err = feed(decode(body), fn)
		_ = drainAndClose(resp.Body)
		if err == nil {
			return nil
		}
		attemptErr := c.transportError(ctx, req, r.Attempts, "", err)
		cl, perr := c.prepare(req)
		if perr != nil || body.err == nil || ctx.Err() != nil || !cl.idempotent {
			return attemptErr // a malformed body would come back the same
		}
		delay, retry := c.nextDelay(ctx, r.Attempts, 0, false)
		c.observe(ctx, cl, "", Attempt{Number: r.Attempts, StatusCode: r.StatusCode, Err: attemptErr, NextDelay: delay})
		if !retry {
			return attemptErr
		}
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return c.abort(cl, r.Attempts, "", err, attemptErr)
		}
		attempt, last = r.Attempts+1, attemptErr
	}
}

// feed hands the elements of seq to fn until fn or seq stops, and returns
// seq's error, if any.
func feed[T any](seq iter.Seq2[T, error], fn func(T) bool) error {
	for v, err := range seq {
		if err != nil {
			return err
		}
		if !fn(v) {
			return nil
		}
	}
	return nil
}

// readErrorBody remembers whether reading the body failed, which tells a
// broken connection from a malformed body when decoding stops early.
type readErrorBody struct {
	r   io.Reader
	err error
}

func (b *readErrorBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}
