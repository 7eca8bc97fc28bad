package client

import (
	"context"
	"log/slog"
)

// observe reports a finished attempt to the hooks and the debug log. It
// returns at once when there is neither, so the hot path pays nothing.
func (c *Client) observe(ctx context.Context, cl *call, token string, a Attempt) {
	logging := c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug)
	if len(c.hooks) == 0 && !logging {
		return
	}
	a.Operation, a.Method, a.Path = cl.Operation, cl.Method, cl.Path
	for _, hook := range c.hooks {
		hook(ctx, a)
	}
	if logging {
		c.logAttempt(ctx, a, cl.Request, token)
	}
}

// logAttempt writes the attempt's debug record. It holds no header, body or
// secret: the path and error text go through the redactor. (Errors are
// redacted already; a successful attempt needs the redactor only when the
// request declared secrets, which could sit in its path.)
func (c *Client) logAttempt(ctx context.Context, a Attempt, req *Request, token string) {
	path := a.Path
	var r redactor
	if a.Err != nil || len(req.Secrets) > 0 {
		r = c.redactor(req, token)
		path = r.String(path)
	}
	attrs := make([]slog.Attr, 0, 9)
	if a.Operation != "" {
		attrs = append(attrs, slog.String("operation", string(a.Operation)))
	}
	attrs = append(attrs,
		slog.String("method", a.Method),
		slog.String("path", path),
		slog.Int("attempt", a.Number),
		slog.Int("status", a.StatusCode),
		slog.Duration("duration", a.Duration),
	)
	if a.NextDelay > 0 {
		attrs = append(attrs, slog.Duration("next_delay", a.NextDelay))
	}
	if a.Err != nil {
		attrs = append(attrs, slog.String("error", r.String(a.Err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "tenantkit: attempt", attrs...)
}
