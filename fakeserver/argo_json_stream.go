package fakeserver

// Long ARGO lists go out in pieces. The real server sends every body with
// its Content-Length, so the length must be known before the first byte:
// a list that outgrows one buffer is rendered twice from the same snapshot,
// once to count its bytes and once to send them, through that one buffer.
// A body that fits in the buffer is rendered once and sent whole, as
// before. Building the whole body instead made a list cost several times
// its size in allocations (a growing slice is copied at every growth) and
// its time grow faster than the list.

import (
	"net/http"
	"strconv"
)

// argoChunk is how much of a long body is rendered before it is counted or
// sent.
const argoChunk = 32 << 10

// argoRender appends a body to b. Between items it calls flush with the
// buffer so far and goes on with the buffer flush returns. Two calls must
// append the same bytes: it renders a snapshot, never the live store.
type argoRender func(b []byte, flush func([]byte) []byte) []byte

// replyStream sends the body render produces as a success, with its
// Content-Type and Content-Length, holding at most about argoChunk bytes
// of it (plus the largest item) at a time.
func (a *argoAPI) replyStream(w http.ResponseWriter, q *argoRequest, status int, render argoRender) {
	buf := a.buffer()
	total := 0
	count := func(b []byte) []byte {
		if len(b) < argoChunk {
			return b
		}
		total += len(b)
		return b[:0]
	}
	b := render(buf.b[:0], count)
	if total == 0 {
		a.reply(w, q, status, buf, b) // it all fit: b is the body
		return
	}
	total += len(b)

	h := w.Header()
	h["Content-Type"] = []string{q.ctype}
	h["Content-Length"] = []string{strconv.Itoa(total)}
	w.WriteHeader(status)
	var err error
	send := func(b []byte) []byte {
		if len(b) < argoChunk {
			return b
		}
		if err == nil {
			_, err = w.Write(b) // after an error the client is gone: render on, send nothing
		}
		return b[:0]
	}
	b = render(b[:0], send)
	if err == nil {
		_, _ = w.Write(b)
	}
	if cap(b) <= argoMaxPooled {
		buf.b = b[:0]
		a.bufs.Put(buf)
	}
}
