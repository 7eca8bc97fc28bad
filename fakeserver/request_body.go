package fakeserver

import (
	"io"
	"net/http"
)

// exactReadLimit is the largest declared Content-Length read into a buffer
// of that size up front; longer bodies grow their buffer as they arrive,
// so a client that declares a length and never sends the body costs at
// most this much.
const exactReadLimit = 64 << 10

// readUpTo reads at most n bytes of the request body, as
// io.ReadAll(io.LimitReader(r.Body, n)) does, but into one buffer of the
// declared Content-Length when that is known and small: most request
// bodies are a few hundred bytes, and ReadAll starts at 512 and copies as
// it grows. A body shorter than it declared is an error
// (io.ErrUnexpectedEOF), as net/http reports it.
func readUpTo(r *http.Request, n int64) ([]byte, error) {
	if r.ContentLength < 0 || r.ContentLength > exactReadLimit {
		return io.ReadAll(io.LimitReader(r.Body, n))
	}
	body := make([]byte, min(r.ContentLength, n))
	_, err := io.ReadFull(r.Body, body)
	return body, err
}
