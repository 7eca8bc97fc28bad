package astra

import (
	"net/http"
	"strconv"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// failure is a failure the Astra half answers with: an HTTP status and
// the message that goes into the error body. Store methods return it so the
// handler can write it after the lock is released.
type failure struct {
	status int
	msg    string
}

func (e *failure) Error() string { return e.msg }

func errBadRequest(msg string) *failure { return &failure{http.StatusBadRequest, msg} }
func errForbidden(msg string) *failure  { return &failure{http.StatusForbidden, msg} }
func errNotFound(msg string) *failure   { return &failure{http.StatusNotFound, msg} }
func errConflict(msg string) *failure   { return &failure{http.StatusConflict, msg} }

// errorID is the ID the fake puts in an error body: tenantkit's own
// stable codes, 1000 + the HTTP status (400 → 1400, 404 → 1404, 429 → 1429).
func errorID(status int) int { return 1000 + status }

// ErrorStyle selects how the fake writes Astra error bodies. The real
// API documents {"errors":[{"ID":…,"message":…}]}, but has been seen sending
// other shapes; the other styles let SDK tests check that they are decoded
// without losing the status.
type ErrorStyle int

const (
	// ErrorsObject is the documented body,
	// {"errors":[{"ID":1404,"message":"user not found"}]}, as application/json.
	// It is the default.
	ErrorsObject ErrorStyle = iota
	// ErrorsString is a bare JSON string, "user not found", as
	// application/json: what the role endpoints sent in 2021–2022.
	ErrorsString
	// ErrorsPlainText is the message as text/plain.
	ErrorsPlainText
	// ErrorsEmpty is no body at all.
	ErrorsEmpty
	// ErrorsNullMessage is the documented object with "message": null,
	// as seen on 401 responses.
	ErrorsNullMessage
)

func (s ErrorStyle) valid() bool { return s >= ErrorsObject && s <= ErrorsNullMessage }

// writeError writes an Astra error response in the given style.
func writeError(w http.ResponseWriter, style ErrorStyle, status int, msg string) {
	h := w.Header()
	var body []byte
	switch style {
	case ErrorsString:
		body = wire.Compact.AppendString(make([]byte, 0, len(msg)+2), msg)
		h.Set("Content-Type", "application/json")
	case ErrorsPlainText:
		body = []byte(msg)
		h.Set("Content-Type", "text/plain; charset=utf-8")
	case ErrorsEmpty:
	case ErrorsNullMessage:
		body = append(body, `{"errors":[{"ID":`...)
		body = strconv.AppendInt(body, int64(errorID(status)), 10)
		body = append(body, `,"message":null}]}`...)
		h.Set("Content-Type", "application/json")
	default:
		body = make([]byte, 0, len(msg)+48)
		body = append(body, `{"errors":[{"ID":`...)
		body = strconv.AppendInt(body, int64(errorID(status)), 10)
		body = append(body, `,"message":`...)
		body = wire.Compact.AppendString(body, msg)
		body = append(body, `}]}`...)
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
