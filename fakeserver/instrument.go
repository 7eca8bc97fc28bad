package fakeserver

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// The instrument is the fake's outermost handler: rate-limit emulation,
// fault rules, the journal and observers, around the two API halves. Each
// costs nothing unless configured or in use: with the journal off, no
// rate limit, no observer and no fault rule, a request goes straight to
// dispatch after a few field reads and one atomic load. No lock is held
// while a response is written.

// serve is the Server's http.Handler.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.control != nil && s.serveControl(w, r) {
		return
	}
	if !s.journal.on() && s.limiter.Load() == nil && len(s.observers) == 0 && !s.faults.pending() {
		s.dispatch(w, r)
		return
	}
	s.serveInstrumented(w, r)
}

// observeBodyLimit bounds what is read of a request body the handler left
// unread, so an observer can check the whole body.
const observeBodyLimit = 1 << 20

func (s *Server) serveInstrumented(w http.ResponseWriter, r *http.Request) {
	observe := len(s.observers) > 0
	limit := 0
	if s.journal.on() {
		limit = s.journal.bodyLimit
	}
	if observe {
		limit = -1 // observers get whole bodies
	}
	// One allocation for the request's bookkeeping; the journal keeps it.
	x := &exchange{entry: journalEntry{
		seq:    s.journal.seq.Add(1),
		time:   s.env.Clock.Now(),
		method: r.Method,
		url:    r.URL,
		header: r.Header,
	}}
	e, rec := &x.entry, &x.rec
	rec.w, rec.limit = w, limit
	if s.journal.on() {
		rec.settle = s.journal.beginSettling
	}
	recorded := false
	defer func() {
		rec.w = nil // the journal must not keep the connection's writer alive
		if rec.settled && !recorded {
			s.journal.abandonSettling() // a handler panicked past us
		}
	}()
	var body *captureBody
	if r.Body != nil && r.Body != http.NoBody {
		body = &x.body
		body.rc, body.limit = r.Body, limit
		r.Body = body
	}

	// produced is the response as the fake made it, before any drop.
	var produced *bufferedResponse
	switch {
	case s.rateLimited(rec, r, e):
		// answered 429
	case s.faults.pending():
		// The operation is found here only when a rule may need it; the
		// journal finds it when it is read.
		e.op, e.opKnown = s.operation(r), true
		if f, ok := s.faults.pick(r.Method, r.URL.Path, e.op); ok {
			e.fault = f.Name
			produced = s.applyFault(rec, r, f, e)
			break
		}
		s.dispatch(rec, r)
	default:
		s.dispatch(rec, r)
	}

	if body != nil {
		if observe {
			_, _ = io.Copy(io.Discard, io.LimitReader(body, observeBodyLimit))
		}
		e.body, e.truncated = body.buf, body.truncated
	}
	if e.status == 0 && e.dropped == NoDrop && !e.gone {
		e.status = rec.statusOrOK()
	}
	e.respHeader, e.respBody = rec.header, rec.buf
	if !rec.wrote && e.dropped == NoDrop && !e.gone {
		e.respHeader = w.Header() // nothing written: net/http sends these with a 200
	}
	e.truncated = e.truncated || rec.truncated
	if observe && !e.gone && e.dropped != DropBeforeServing {
		if produced == nil {
			produced = &bufferedResponse{status: e.status, header: e.respHeader, body: rec.buf}
		}
		s.notify(r, e.body, produced)
	}
	if s.journal.on() {
		if limit < 0 {
			e.body, e.truncated = clip(e.body, s.journal.bodyLimit, e.truncated)
			e.respBody, e.truncated = clip(e.respBody, s.journal.bodyLimit, e.truncated)
		}
		s.journal.addSettled(e, rec.settled)
		recorded = true
	}
	if e.dropped != NoDrop {
		// The way net/http (and the in-process transport) close a
		// connection without finishing the response.
		panic(http.ErrAbortHandler)
	}
}

// clip cuts b to limit bytes, in a copy, so the journal does not keep a
// whole body alive for its first bytes.
func clip(b []byte, limit int, truncated bool) ([]byte, bool) {
	if len(b) > limit {
		return append([]byte(nil), b[:limit]...), true
	}
	return b, truncated
}

// rateLimited answers 429 if the request's credential is over the limit.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request, e *journalEntry) bool {
	l := s.limiter.Load()
	if l == nil {
		return false
	}
	wait, ok := l.take(s.credentialOf(r), e.time)
	if ok {
		return false
	}
	e.rateLimited = true
	s.writeInjectedError(w, r, http.StatusTooManyRequests, "", retryAfterValue(e.time, max(wait, time.Second), false))
	return true
}

// applyFault carries out a fault rule on a request. It returns the full
// response when one was produced but not (wholly) sent.
func (s *Server) applyFault(w *recorder, r *http.Request, f Fault, e *journalEntry) *bufferedResponse {
	if f.Latency > 0 {
		if err := s.sleep(r.Context(), f.Latency); err != nil {
			e.gone = true // the client left, or the server is closing: nobody reads an answer
			return nil
		}
	}
	retryAfter := ""
	if f.RetryAfter > 0 {
		retryAfter = retryAfterValue(s.env.Clock.Now(), f.RetryAfter, f.RetryAfterDate)
	}
	switch f.Drop {
	case DropBeforeServing:
		wire.Drain(r.Body)
		e.dropped = DropBeforeServing
		return nil
	case DropAfterServing, DropMidResponse:
		buf := newBufferedResponse()
		if f.Status != 0 {
			s.writeInjectedError(buf, r, f.Status, f.Message, retryAfter)
		} else {
			s.dispatch(buf, r)
		}
		buf.finish()
		e.status, e.dropped = buf.status, f.Drop
		if f.Drop == DropAfterServing || len(buf.body) == 0 {
			e.dropped = DropAfterServing
			return buf
		}
		h := w.Header()
		for k, v := range buf.header {
			h[k] = v
		}
		h.Set("Content-Length", strconv.Itoa(len(buf.body)))
		w.WriteHeader(buf.status)
		_, _ = w.Write(buf.body[:len(buf.body)/2])
		_ = http.NewResponseController(w).Flush()
		return buf
	}
	if f.Status != 0 {
		s.writeInjectedError(w, r, f.Status, f.Message, retryAfter)
		return nil
	}
	s.dispatch(w, r)
	return nil
}

// sleep waits d on the server's clock, ending early when ctx is done or
// the server closes.
func (s *Server) sleep(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.closing, cancel)
	defer stop()
	return s.env.Clock.Sleep(ctx, d)
}

// notify calls the observers with their own copies of the exchange.
func (s *Server) notify(r *http.Request, reqBody []byte, resp *bufferedResponse) {
	for _, fn := range s.observers {
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
		req.ContentLength = int64(len(reqBody))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
		fn(req, &http.Response{
			Status:        strconv.Itoa(resp.status) + " " + http.StatusText(resp.status),
			StatusCode:    resp.status,
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        resp.header.Clone(),
			Body:          io.NopCloser(bytes.NewReader(resp.body)),
			ContentLength: int64(len(resp.body)),
			Request:       req,
		})
	}
}

// WithObserver calls fn after every request the fake served, on the
// request's goroutine, with the request as the fake received it (its Body
// replaced by a reader over everything the client sent, up to 1 MiB past
// what the fake read) and the response the fake produced (Body reading
// the whole body), secrets included: it is the hook for checks such as
// validating every exchange against openapi.yaml. A response cut short by
// a fault (Fault.Drop) is passed whole; requests that were not served at
// all (DropBeforeServing, a client gone during injected latency) are not
// passed. fn must be safe for concurrent use. Observers cost nothing when
// none is set; with one set, bodies are buffered in full.
func WithObserver(fn func(req *http.Request, resp *http.Response)) Option {
	return func(cfg *config) error {
		if fn == nil {
			return errors.New("fakeserver: WithObserver: nil function")
		}
		cfg.observers = append(cfg.observers, fn)
		return nil
	}
}

// captureBody keeps what a handler reads of a request body.
type captureBody struct {
	rc        io.ReadCloser
	buf       []byte
	limit     int // -1: no limit
	truncated bool
}

func (c *captureBody) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.buf, c.truncated = keep(c.buf, p[:n], c.limit, c.truncated)
	return n, err
}

func (c *captureBody) Close() error { return c.rc.Close() }

// keep appends p to buf within limit (-1: none).
func keep(buf, p []byte, limit int, truncated bool) ([]byte, bool) {
	if limit < 0 {
		return append(buf, p...), truncated
	}
	if room := limit - len(buf); len(p) > room {
		return append(buf, p[:max(room, 0)]...), true
	}
	return append(buf, p...), truncated
}

// exchange is the bookkeeping of one instrumented request.
type exchange struct {
	entry journalEntry
	rec   recorder
	body  captureBody
}

// recorder passes a response through while keeping its status, headers
// and (within limit) body. The headers are the handler's map as it stood
// at WriteHeader: what was sent. It is not copied, since nothing changes it
// once the handler has written the status (net/http and the in-process
// transport send their own copies).
type recorder struct {
	w         http.ResponseWriter
	wrote     bool
	length    int    // the Content-Length sent, 0 when none
	sent      int    // body bytes handed to w
	settle    func() // called once the whole Content-Length is handed over; nil: journal off
	settled   bool   // settle was called
	status    int
	header    http.Header
	buf       []byte
	limit     int
	truncated bool
}

func (r *recorder) Header() http.Header { return r.w.Header() }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.wrote, r.status = true, status
		r.header = r.w.Header()
		if n, err := strconv.Atoi(firstValue(r.header, "Content-Length")); err == nil && n > 0 {
			r.length = n
			if r.limit != 0 {
				r.buf = make([]byte, 0, capacityFor(n, r.limit))
			}
		}
	}
	r.w.WriteHeader(status)
}

// firstValue is h.Get for a canonical key, without the canonicalisation.
func firstValue(h http.Header, key string) string {
	if vs := h[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// capacityFor is the buffer to allocate for an n-byte body kept within
// limit (-1: none).
func capacityFor(n, limit int) int {
	if limit >= 0 {
		return min(n, limit)
	}
	return n
}

func (r *recorder) Write(p []byte) (int, error) {
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	r.buf, r.truncated = keep(r.buf, p, r.limit, r.truncated)
	// The write that completes the Content-Length may reach the client at
	// once (net/http writes a large body straight to the connection), so
	// from here readers of the journal wait for this request. Without a
	// Content-Length the answer ends only when the handler returns, after
	// the journal has the request.
	if r.settle != nil && !r.settled && r.length > 0 && r.sent+len(p) >= r.length {
		r.settled = true
		r.settle()
	}
	r.sent += len(p)
	return r.w.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.w }

// statusOrOK is the status sent: 200 if the handler wrote nothing, as
// net/http then sends.
func (r *recorder) statusOrOK() int {
	if r.wrote {
		return r.status
	}
	return http.StatusOK
}

// bufferedResponse holds a whole response the fake produced but has not
// sent (a fault decides what goes out).
type bufferedResponse struct {
	header http.Header
	status int
	body   []byte
}

func newBufferedResponse() *bufferedResponse {
	return &bufferedResponse{header: make(http.Header)}
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	b.body = append(b.body, p...)
	return len(p), nil
}

func (b *bufferedResponse) finish() { b.WriteHeader(http.StatusOK) }
