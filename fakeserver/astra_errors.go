package fakeserver

import (
	"net/http"
	"strconv"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// astraError is a failure the Astra half answers with: an HTTP status and
// the message that goes into the error body. Store methods return it so the
// handler can write it after the lock is released.
type astraError struct {
	status int
	msg    string
}

func (e *astraError) Error() string { return e.msg }

func errBadRequest(msg string) *astraError { return &astraError{http.StatusBadRequest, msg} }
func errForbidden(msg string) *astraError  { return &astraError{http.StatusForbidden, msg} }
func errNotFound(msg string) *astraError   { return &astraError{http.StatusNotFound, msg} }
func errConflict(msg string) *astraError   { return &astraError{http.StatusConflict, msg} }

// astraErrorID is the ID the fake puts in an error body: tenantkit's own
// stable codes, 1000 + the HTTP status (400 → 1400, 404 → 1404, 429 → 1429).
func astraErrorID(status int) int { return 1000 + status }

// AstraErrorStyle selects how the fake writes Astra error bodies. The real
// API documents {"errors":[{"ID":…,"message":…}]}, but has been seen sending
// other shapes; the other styles let SDK tests check that they are decoded
// without losing the status.
type AstraErrorStyle int

const (
	// AstraErrorsObject is the documented body,
	// {"errors":[{"ID":1404,"message":"user not found"}]}, as application/json.
	// It is the default.
	AstraErrorsObject AstraErrorStyle = iota
	// AstraErrorsString is a bare JSON string, "user not found", as
	// application/json: what the role endpoints sent in 2021–2022.
	AstraErrorsString
	// AstraErrorsPlainText is the message as text/plain.
	AstraErrorsPlainText
	// AstraErrorsEmpty is no body at all.
	AstraErrorsEmpty
	// AstraErrorsNullMessage is the documented object with "message": null,
	// as seen on 401 responses.
	AstraErrorsNullMessage
)

func (s AstraErrorStyle) valid() bool { return s >= AstraErrorsObject && s <= AstraErrorsNullMessage }

// writeAstraError writes an Astra error response in the given style.
func writeAstraError(w http.ResponseWriter, style AstraErrorStyle, status int, msg string) {
	h := w.Header()
	var body []byte
	switch style {
	case AstraErrorsString:
		body = wire.Compact.AppendString(make([]byte, 0, len(msg)+2), msg)
		h.Set("Content-Type", "application/json")
	case AstraErrorsPlainText:
		body = []byte(msg)
		h.Set("Content-Type", "text/plain; charset=utf-8")
	case AstraErrorsEmpty:
	case AstraErrorsNullMessage:
		body = append(body, `{"errors":[{"ID":`...)
		body = strconv.AppendInt(body, int64(astraErrorID(status)), 10)
		body = append(body, `,"message":null}]}`...)
		h.Set("Content-Type", "application/json")
	default:
		body = make([]byte, 0, len(msg)+48)
		body = append(body, `{"errors":[{"ID":`...)
		body = strconv.AppendInt(body, int64(astraErrorID(status)), 10)
		body = append(body, `,"message":`...)
		body = wire.Compact.AppendString(body, msg)
		body = append(body, `}]}`...)
		h.Set("Content-Type", "application/json")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
