package client

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
)

// Kind classifies an [APIError] by the class of its HTTP status, so callers
// can test for a failure without caring which API or endpoint produced it:
//
//	if errors.Is(err, client.ErrNotFound) { ... }
//
// Kind implements error so its values can be used as errors.Is targets; the
// values are constants, so no caller can change what they match. Two kinds
// match errors that are not API errors: [ErrOutcomeUnknown] (a request that
// may have taken effect) and roles.ErrUnknownRole (a role name that names
// no role, found before anything was sent).
type Kind string

// The kinds of API errors. Statuses not listed (for example 405, 413, or an
// unexpected 3xx) have no kind; they are still *APIError values.
const (
	// ErrBadRequest matches 400 Bad Request and 422 Unprocessable Entity.
	ErrBadRequest Kind = "bad request"
	// ErrUnauthorized matches 401 Unauthorized (missing, malformed or
	// unknown credentials; some Astra endpoints also use it for missing
	// permissions).
	ErrUnauthorized Kind = "unauthorized"
	// ErrForbidden matches 403 Forbidden.
	ErrForbidden Kind = "forbidden"
	// ErrNotFound matches 404 Not Found.
	ErrNotFound Kind = "not found"
	// ErrConflict matches 409 Conflict.
	ErrConflict Kind = "conflict"
	// ErrRateLimited matches 429 Too Many Requests.
	ErrRateLimited Kind = "rate limited"
	// ErrServer matches every 5xx status.
	ErrServer Kind = "server error"
)

// Error returns the kind's name.
func (k Kind) Error() string { return string(k) }

// kindOf maps a status to its Kind ("" when it has none).
func kindOf(status int) Kind {
	switch {
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		return ErrBadRequest
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500 && status <= 599:
		return ErrServer
	}
	return ""
}

// APIError is the error returned for every non-2xx response. Its text fields
// are decoded from whatever body the server sent (Astra errors array, ARGO
// envelope in JSON or XML, a bare JSON string, plain text or nothing), read
// in the shape of the request's API, and have every known secret replaced by
// "[REDACTED]" before the value is built, so printing or logging it is safe.
//
// Message holds the most specific text the server sent, whichever API sent
// it, so printing the error shows what went wrong; Title, Details and Body
// keep everything else. For an Astra 404 {"errors":[{"ID":1404,"message":
// "user not found"}]} Message is "user not found". For an ARGO 409, whose
// envelope says "Conflict" in status.message and the reason in
// errors[0].details, Title is "Conflict" and Message "Tenant with same name
// already exists".
type APIError struct {
	// Operation is the operationId of the call (as in openapi.yaml).
	Operation tenantkit.Operation
	// Method is the HTTP method of the request.
	Method string
	// Path is the request path relative to the base URL, without query or
	// host.
	Path string
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Code is the API-specific error code: the Astra errors[0].ID as a
	// decimal string, or the ARGO status.code / errors[0].code.
	Code string
	// Title is the body's generic heading, when it has one apart from
	// Message: the ARGO envelope's status.message ("Conflict", "Not Found",
	// "Not Acceptable Content Type") when status.details or errors[] say
	// more. It is "" when the body has none or it is the Message.
	Title string
	// Message is the most specific human-readable text of the body: the
	// Astra errors[0].message; the ARGO status.details, errors[].details or
	// (lacking those) status.message; the text of a bare string or plain
	// text body. It falls back to the status text when the body carries
	// none.
	Message string
	// Details holds the body's further texts: Astra errors after the first,
	// ARGO details and messages beyond the one in Message (duplicates of
	// Message and Title dropped).
	Details []string
	// RetryAfter is the parsed Retry-After header (0 when absent).
	RetryAfter time.Duration
	// Attempts is how many attempts the call made, this one included.
	Attempts int
	// Body is a bounded copy (the first 4 KiB) of the raw response body,
	// with known secrets redacted.
	Body []byte
}

// Error returns a one-line description: the call, the status, the Title
// unless the status text says it already, the Message, and the Details.
// For example
//
//	tenantkit: getOrganizationUser GET /v2/organizations/users/u1: 404 Not Found: user not found
//	tenantkit: argoCreateTenant POST /api/v2/admin/tenants: 409 Conflict: Tenant with same name already exists
//
// It never contains the body; secrets were redacted when the error was built.
func (e *APIError) Error() string {
	var b strings.Builder
	writeCallPrefix(&b, e.Operation, e.Method, e.Path)
	b.WriteString(strconv.Itoa(e.StatusCode))
	text := http.StatusText(e.StatusCode)
	if text != "" {
		b.WriteByte(' ')
		b.WriteString(text)
	}
	for _, s := range []string{e.Title, e.Message} {
		if s != "" && s != text {
			b.WriteString(": ")
			b.WriteString(s)
		}
	}
	for _, d := range e.Details {
		b.WriteString(": ")
		b.WriteString(d)
	}
	if e.Attempts > 1 {
		b.WriteString(" (after ")
		b.WriteString(strconv.Itoa(e.Attempts))
		b.WriteString(" attempts)")
	}
	return b.String()
}

// Kind returns the error's [Kind], or "" when its status has none.
func (e *APIError) Kind() Kind { return kindOf(e.StatusCode) }

// Is reports whether target is the [Kind] of this error, so that
// errors.Is(err, client.ErrNotFound) holds for any 404.
func (e *APIError) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k != "" && k == e.Kind()
}

// Temporary reports whether the status says the same request may succeed
// later (429, 502, 503, 504). The client's retry policy already acted on
// this; it is exposed for callers that layer their own retries on top.
func (e *APIError) Temporary() bool {
	return retryableStatus(e.StatusCode)
}

// LogValue implements slog.LogValuer: the error as a group of its fields,
// without the body (which may hold personal data).
func (e *APIError) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 10)
	if e.Operation != "" {
		attrs = append(attrs, slog.String("operation", string(e.Operation)))
	}
	attrs = append(attrs,
		slog.String("method", e.Method),
		slog.String("path", e.Path),
		slog.Int("status", e.StatusCode),
	)
	if e.Code != "" {
		attrs = append(attrs, slog.String("code", e.Code))
	}
	if e.Title != "" {
		attrs = append(attrs, slog.String("title", e.Title))
	}
	attrs = append(attrs, slog.String("message", e.Message))
	if len(e.Details) > 0 {
		attrs = append(attrs, slog.Any("details", e.Details))
	}
	if e.RetryAfter > 0 {
		attrs = append(attrs, slog.Duration("retry_after", e.RetryAfter))
	}
	attrs = append(attrs, slog.Int("attempts", e.Attempts))
	return slog.GroupValue(attrs...)
}

// opError is an error of a call that is not an API error: a transport
// failure, an interrupted wait, a failed token source, an undecodable body.
// Its text names the operation and has every known secret redacted; the
// causes stay reachable through errors.Is and errors.As.
type opError struct {
	msg  string
	errs []error
}

func newOpError(req *Request, attempts int, r redactor, errs ...error) *opError {
	var b strings.Builder
	writeCallPrefix(&b, req.Operation, req.Method, req.Path)
	prefix := b.String()
	for i, err := range errs {
		msg := err.Error()
		if i > 0 {
			// The last attempt's error names the same call; say it once.
			msg, _ = strings.CutPrefix(msg, prefix)
			b.WriteString("; last attempt: ")
		}
		b.WriteString(msg)
	}
	if attempts > 1 && !strings.HasSuffix(b.String(), " attempts)") {
		b.WriteString(" (after ")
		b.WriteString(strconv.Itoa(attempts))
		b.WriteString(" attempts)")
	}
	return &opError{msg: r.String(b.String()), errs: errs}
}

func (e *opError) Error() string   { return e.msg }
func (e *opError) Unwrap() []error { return e.errs }

// writeCallPrefix starts every error text of this package:
// "tenantkit: <operation> <METHOD> <path>: ".
func writeCallPrefix(b *strings.Builder, operation tenantkit.Operation, method, path string) {
	b.WriteString("tenantkit: ")
	if operation != "" {
		b.WriteString(string(operation))
		b.WriteByte(' ')
	}
	b.WriteString(method)
	b.WriteByte(' ')
	b.WriteString(path)
	b.WriteString(": ")
}
