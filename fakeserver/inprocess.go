package fakeserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// errConnectionDropped is what a client of the in-process transport reads
// when a handler aborts its response, as a dropped connection would look.
var errConnectionDropped = errors.New("fakeserver: connection dropped")

// errServerClosed is what in-process requests fail with once the Server is
// closed.
var errServerClosed = errors.New("fakeserver: server closed")

// inProcessTransport runs the fake's handler for each request in the
// caller's process. The response body is a pipe fed by the handler as it
// writes, so the client reads while the handler is still producing.
type inProcessTransport struct {
	handler http.Handler
	track   *inProcessRequests // nil: untracked (tests of the transport alone)
}

// inProcessRequests tracks a Server's in-process requests, so Close can cut
// off responses nobody reads and wait for every handler to return.
type inProcessRequests struct {
	mu     sync.Mutex
	closed bool
	active map[*pipeResponseWriter]struct{}
	wg     sync.WaitGroup
}

func (t *inProcessRequests) begin(w *pipeResponseWriter) bool {
	if t == nil {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	if t.active == nil {
		t.active = make(map[*pipeResponseWriter]struct{})
	}
	t.active[w] = struct{}{}
	t.wg.Add(1)
	return true
}

func (t *inProcessRequests) end(w *pipeResponseWriter) {
	if t == nil {
		return
	}
	t.mu.Lock()
	delete(t.active, w)
	t.mu.Unlock()
	t.wg.Done()
}

// close refuses new requests, fails the writes of those in flight and
// waits for their handlers.
func (t *inProcessRequests) close() {
	t.mu.Lock()
	t.closed = true
	for w := range t.active {
		_ = w.pw.CloseWithError(errServerClosed)
	}
	t.mu.Unlock()
	t.wg.Wait()
}

func (t *inProcessTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sreq := serverRequest(req)
	pr, pw := io.Pipe()
	w := newPipeResponseWriter(pw)
	if !t.track.begin(w) {
		closeBody(req)
		return nil, errServerClosed
	}

	go func() {
		defer t.track.end(w)
		defer closeBody(req) // a RoundTripper closes the request body, as a server is done reading it
		defer func() {
			if p := recover(); p != nil {
				// http.ErrAbortHandler and any other panic end the response
				// mid-stream, as a dropped connection does.
				w.abort(errConnectionDropped)
				return
			}
			w.finish()
		}()
		t.handler.ServeHTTP(w, sreq)
	}()

	select {
	case <-w.headersSent:
	case <-ctx.Done():
		_ = pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	if w.aborted {
		_ = pr.Close()
		return nil, errConnectionDropped
	}

	body := &cancelableBody{pr: pr}
	stop := context.AfterFunc(ctx, func() { _ = pr.CloseWithError(ctx.Err()) })
	body.stop = stop
	resp := &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.sent,
		Body:          body,
		ContentLength: -1,
		Request:       req,
	}
	if cl, err := strconv.ParseInt(w.sent.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = cl
	}
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
		_ = pr.Close()
	}
	return resp, nil
}

// serverRequest turns an outgoing client request into what a handler sees
// on the server side of a connection.
func serverRequest(req *http.Request) *http.Request {
	sreq := req.Clone(req.Context())
	sreq.URL = &url.URL{Path: req.URL.Path, RawPath: req.URL.RawPath, RawQuery: req.URL.RawQuery}
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:0"
	// A server reads headers off the wire: names canonical, values trimmed.
	sreq.Header = make(http.Header, len(req.Header))
	for name, values := range req.Header {
		canonical := http.CanonicalHeaderKey(name)
		for _, v := range values {
			sreq.Header[canonical] = append(sreq.Header[canonical], strings.TrimSpace(v))
		}
	}
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	sreq.Proto, sreq.ProtoMajor, sreq.ProtoMinor = "HTTP/1.1", 1, 1
	return sreq
}

// cancelableBody is the client's end of the pipe; closing it stops the
// context watcher and unblocks the handler's writes.
type cancelableBody struct {
	pr   *io.PipeReader
	stop func() bool
}

func (b *cancelableBody) Read(p []byte) (int, error) { return b.pr.Read(p) }

func (b *cancelableBody) Close() error {
	b.stop()
	return b.pr.Close()
}

// pipeResponseWriter is the handler's end: headers are captured at the
// first write, the body goes into the pipe.
type pipeResponseWriter struct {
	pw     *io.PipeWriter
	header http.Header

	once        sync.Once
	headersSent chan struct{}
	status      int
	sent        http.Header
	aborted     bool
}

func newPipeResponseWriter(pw *io.PipeWriter) *pipeResponseWriter {
	return &pipeResponseWriter{pw: pw, header: make(http.Header), headersSent: make(chan struct{})}
}

func (w *pipeResponseWriter) Header() http.Header { return w.header }

func (w *pipeResponseWriter) WriteHeader(status int) {
	w.once.Do(func() {
		w.status = status
		w.sent = w.header.Clone()
		close(w.headersSent)
	})
}

func (w *pipeResponseWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(p)
}

// Flush exists so handlers that flush work unchanged; the pipe has no buffer.
func (w *pipeResponseWriter) Flush() { w.WriteHeader(http.StatusOK) }

func (w *pipeResponseWriter) finish() {
	w.WriteHeader(http.StatusOK)
	_ = w.pw.Close()
}

func (w *pipeResponseWriter) abort(err error) {
	w.once.Do(func() {
		w.aborted = true
		close(w.headersSent)
	})
	_ = w.pw.CloseWithError(err)
}

// closeBody closes an outgoing request's body, as http.RoundTripper
// implementations must.
func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}
