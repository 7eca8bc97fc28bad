package fakeserver

import (
	"net/http"
	"strconv"
	"unicode/utf8"
)

// The Astra half writes its JSON by hand: the shapes are few and fixed, the
// key order and casing are part of the wire contract, and appending bytes is
// several times faster than reflection, which keeps the fake close to a bare
// handler in throughput.

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as encoding/json does, so any stored byte string yields valid JSON.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		// U+2028 and U+2029 are valid JSON but break JavaScript parsers;
		// encoding/json escapes them too.
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONStrings appends ss as a JSON array of strings; nil is [].
func appendJSONStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

// appendKey appends "key": (with a leading comma unless first).
func appendKey(dst []byte, key string, first bool) []byte {
	if !first {
		dst = append(dst, ',')
	}
	dst = append(dst, '"')
	dst = append(dst, key...)
	return append(dst, '"', ':')
}

func appendStringField(dst []byte, key, value string, first bool) []byte {
	return appendJSONString(appendKey(dst, key, first), value)
}

// streamFlushSize is how much of a response body is buffered before it is
// sent: small bodies go out in one write with a Content-Length, long lists
// stream in chunks of about this size.
const streamFlushSize = 32 << 10

// jsonResponse buffers a JSON body and sends it with the given status.
// Once the buffer outgrows streamFlushSize it is flushed and the rest of the
// response streams, so a list of a million users never sits in memory twice.
type jsonResponse struct {
	w       http.ResponseWriter
	status  int
	buf     []byte
	started bool
	failed  bool // a write failed: the client is gone
}

func newJSONResponse(w http.ResponseWriter, status int) *jsonResponse {
	return &jsonResponse{w: w, status: status, buf: make([]byte, 0, 4096)}
}

// maybeFlush sends the buffer once it is large enough. A write error means
// the client went away: the rest of the list is still encoded (the callers
// loop on), but each chunk is dropped, so memory stays bounded.
func (j *jsonResponse) maybeFlush() {
	if len(j.buf) < streamFlushSize {
		return
	}
	if j.failed {
		j.buf = j.buf[:0]
		return
	}
	if !j.started {
		j.w.Header().Set("Content-Type", "application/json")
		j.w.WriteHeader(j.status)
		j.started = true
	}
	if _, err := j.w.Write(j.buf); err != nil {
		j.failed = true
	}
	j.buf = j.buf[:0]
}

// finish sends what is left.
func (j *jsonResponse) finish() {
	if !j.started {
		h := j.w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(j.buf)))
		j.w.WriteHeader(j.status)
	}
	_, _ = j.w.Write(j.buf)
	j.buf = nil
}

// writeJSON sends one small, already encoded JSON body.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeEmpty sends a status with no body (204, and 200 for an invite).
func writeEmpty(w http.ResponseWriter, status int) {
	if status != http.StatusNoContent {
		w.Header().Set("Content-Length", "0")
	}
	w.WriteHeader(status)
}
