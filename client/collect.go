package client

import (
	"context"
	"errors"
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
	if c == nil {
		return nil, errors.New("tenantkit: Collect: nil client")
	}
	first := 1
	var last error
	for {
		resp, _, r, err := c.sendFrom(ctx, &req, false, first, last)
		if err != nil {
			return nil, err
		}
		body := &readErrorBody{r: resp.Body}
		out, err := collectAll(decode(body))
		_ = drainAndClose(resp.Body)
		if err == nil {
			return out, nil
		}
		attemptErr := c.transportError(ctx, &req, r.Attempts, "", err)
		cl, perr := c.prepare(&req)
		if perr != nil || body.err == nil || ctx.Err() != nil || !cl.idempotent {
			return nil, attemptErr // a malformed body would come back the same
		}
		delay, retry := c.nextDelay(ctx, r.Attempts, 0, false)
		c.observe(ctx, cl, "", Attempt{Number: r.Attempts, StatusCode: r.StatusCode, Err: attemptErr, NextDelay: delay})
		if !retry {
			return nil, attemptErr
		}
		if err := c.clock.Sleep(ctx, delay); err != nil {
			return nil, c.abort(cl, r.Attempts, "", err, attemptErr)
		}
		first, last = r.Attempts+1, attemptErr
	}
}

// collectAll gathers a sequence into a slice, stopping at its first error.
func collectAll[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
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
