package wire

import (
	"io"
	"net/http"
)

// exactReadLimit is the largest declared Content-Length read into a buffer
// of that size up front; longer bodies grow their buffer as they arrive,
// so a client that declares a length and never sends the body costs at
// most this much.
const exactReadLimit = 64 << 10

// ReadBody reads at most limit bytes of the request body, as
// io.ReadAll(io.LimitReader(r.Body, limit)) does, but into one buffer of
// the declared Content-Length when that is known and small: most request
// bodies are a few hundred bytes, and ReadAll starts at 512 and copies as
// it grows. A body shorter than it declared is an error
// (io.ErrUnexpectedEOF), as net/http reports it.
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength < 0 || r.ContentLength > exactReadLimit {
		return io.ReadAll(io.LimitReader(r.Body, limit))
	}
	body := make([]byte, min(r.ContentLength, limit))
	_, err := io.ReadFull(r.Body, body)
	return body, err
}

// maxDrain is how much of a request body Drain reads.
const maxDrain = 8 << 20

// Drain reads and throws away up to 8 MiB of a request body the fake will
// not use, before it answers or drops the connection, so that an ordinary
// client sees the outcome rather than a connection reset while it is still
// writing.
func Drain(body io.Reader) {
	if body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(body, maxDrain))
	}
}
