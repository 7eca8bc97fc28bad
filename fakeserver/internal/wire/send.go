package wire

import (
	"net/http"
	"strconv"
	"sync"
)

// Write sends a whole body with its Content-Type and Content-Length.
func Write(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{contentType}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// WriteEmpty sends a status without a body: "Content-Length: 0", except
// for 204, which has no length.
func WriteEmpty(w http.ResponseWriter, status int) {
	if status != http.StatusNoContent {
		w.Header()["Content-Length"] = []string{"0"}
	}
	w.WriteHeader(status)
}

// ChunkSize is how much of a long body is rendered before it is counted or
// sent: small bodies go out in one write with their Content-Length; long
// lists never sit in memory whole.
const ChunkSize = 32 << 10

// maxPooled is the largest buffer kept for reuse; larger ones (long lists)
// go to the garbage collector.
const maxPooled = 64 << 10

// Length says how a body longer than one chunk is sent.
type Length uint8

const (
	// Chunked sends it as it is rendered, without a Content-Length: chunked
	// transfer, as the Astra servers may.
	Chunked Length = iota
	// Exact renders it twice, first to count its bytes and then to send
	// them under that Content-Length, holding one chunk at a time: the ARGO
	// server sends every body with its length.
	Exact
)

// Render appends a body to b. Between items it calls flush with the buffer
// so far and goes on with the buffer flush returns. With Exact, two calls
// must append the same bytes: it renders a snapshot, never live state.
type Render func(b []byte, flush func([]byte) []byte) []byte

// Buffer is a body being built; a Sender recycles it.
type Buffer struct{ B []byte }

// Sender sends response bodies from buffers it reuses. The zero value is
// ready to use; it is safe for concurrent use.
type Sender struct{ pool sync.Pool }

// Buffer returns an empty buffer. Give it back with Reply, or drop it.
func (s *Sender) Buffer() *Buffer {
	if buf, ok := s.pool.Get().(*Buffer); ok {
		return buf
	}
	return &Buffer{B: make([]byte, 0, 4096)}
}

// Reply sends buf's bytes as a whole body (see Write) and recycles buf.
// Reuse is safe once Write has returned: a ResponseWriter does not keep
// what it is given.
func (s *Sender) Reply(w http.ResponseWriter, status int, contentType string, buf *Buffer) {
	Write(w, status, contentType, buf.B)
	s.recycle(buf, buf.B)
}

func (s *Sender) recycle(buf *Buffer, b []byte) {
	if cap(b) <= maxPooled {
		buf.B = b[:0]
		s.pool.Put(buf)
	}
}

// Stream sends the body render produces. A body that fits in one chunk is
// sent whole with its Content-Length; a longer one as length says, holding
// about one chunk (plus the largest item) at a time. A failed write means
// the client is gone; the rest is still written, chunk by chunk, and each
// write fails at once, so that a writer in front of the connection (the
// journal, an observer) sees the whole body the fake produced.
func (s *Sender) Stream(w http.ResponseWriter, status int, contentType string, length Length, render Render) {
	buf := s.Buffer()
	if length == Chunked {
		s.streamChunked(w, status, contentType, buf, render)
		return
	}
	total := 0
	count := func(b []byte) []byte {
		if len(b) < ChunkSize {
			return b
		}
		total += len(b)
		return b[:0]
	}
	b := render(buf.B[:0], count)
	if total == 0 {
		buf.B = b // it all fit: b is the body
		s.Reply(w, status, contentType, buf)
		return
	}
	total += len(b)
	h := w.Header()
	h["Content-Type"] = []string{contentType}
	h["Content-Length"] = []string{strconv.Itoa(total)}
	w.WriteHeader(status)
	send := func(b []byte) []byte {
		if len(b) < ChunkSize {
			return b
		}
		_, _ = w.Write(b)
		return b[:0]
	}
	b = render(b[:0], send)
	_, _ = w.Write(b)
	s.recycle(buf, b)
}

func (s *Sender) streamChunked(w http.ResponseWriter, status int, contentType string, buf *Buffer, render Render) {
	started := false
	send := func(b []byte) []byte {
		if len(b) < ChunkSize {
			return b
		}
		if !started {
			w.Header()["Content-Type"] = []string{contentType}
			w.WriteHeader(status)
			started = true
		}
		_, _ = w.Write(b)
		return b[:0]
	}
	b := render(buf.B[:0], send)
	if !started {
		buf.B = b
		s.Reply(w, status, contentType, buf)
		return
	}
	_, _ = w.Write(b)
	s.recycle(buf, b)
}
