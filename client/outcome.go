package client

import (
	"errors"
	"net/http"
)

// ErrOutcomeUnknown matches (with errors.Is) the error of a call that failed
// in a way that leaves open whether the server carried out its request:
//
//	t, err := argo.Create(ctx, tenant)
//	if errors.Is(err, client.ErrOutcomeUnknown) {
//		t, err = argo.ByName(ctx, tenant.Info.Name) // created after all?
//	}
//
// Only a request the client never sends twice can fail this way: a POST, or
// a PATCH not marked [Request.Idempotent] (every create of tenantkit's
// services). The failures are exactly those after which [RetryPolicy]
// refuses to send such a request again because the first attempt may have
// taken effect:
//
//   - the connection broke after the request was handed to it (closed or
//     reset before the answer, timed out), the call's context ending while
//     the request was in flight included;
//   - a 2xx answer whose body broke off, was too large or could not be
//     decoded, or (said by the service) held no new object's ID: the
//     request was carried out, but what it made is unknown;
//   - a 500, 502 or 504 answer, or a 503 without Retry-After: a failing
//     server or a gateway may have applied the request before it failed.
//
// The error still matches what it is besides: errors.As finds the
// *[APIError] of a status, errors.Is a context error or [ErrServer]. Its
// text ends with "(the server may have processed the request: check before
// sending it again)", or says that the server processed it.
//
// Look for what the request would have made before sending it again:
// tenants.Argo.ByName after tenants.Argo.Create, roles.Astra.ByName after
// roles.Astra.Create, users.Argo.Matching after users.Argo.Create,
// tenants.Langflow.CreatedSince after tenants.Langflow.Create.
//
// An error that proves the request was not carried out never matches: a
// connection that could not be established, a 4xx answer, a 429 or a 503
// with Retry-After (the client retries both), a redirect, a request refused
// before it was sent. Neither does any error of an idempotent request (GET,
// PUT, DELETE, or one marked Idempotent): the client retries those itself,
// and sending one again is safe.
//
// ErrOutcomeUnknown is a [Kind] that no HTTP status maps to:
// APIError.Kind never returns it.
const ErrOutcomeUnknown Kind = "outcome unknown"

// outcomeUnknownNote ends the text of a failure after which the server may
// or may not have carried out the request.
const outcomeUnknownNote = " (the server may have processed the request: check before sending it again)"

// outcomeUnknownError marks the error of a non-idempotent request whose
// outcome is unknown, so that errors.Is finds ErrOutcomeUnknown, and adds
// note to its text.
type outcomeUnknownError struct {
	err  error
	note string
}

// outcomeUnknown marks err with ErrOutcomeUnknown, adding note to its text.
func outcomeUnknown(err error, note string) error { return &outcomeUnknownError{err: err, note: note} }

func (e *outcomeUnknownError) Error() string        { return e.err.Error() + e.note }
func (e *outcomeUnknownError) Unwrap() error        { return e.err }
func (e *outcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// sentMaybe reports whether a transport failure leaves open that the
// request reached the server: anything but a connection that was never
// established, or a redirect the client refused to follow (the server
// answered it without carrying it out).
func sentMaybe(err error) bool {
	var redirect *redirectError
	return !neverSent(err) && !errors.As(err, &redirect)
}

// ambiguousStatus reports the statuses after which a non-idempotent request
// may have taken effect: those RetryPolicy never replays it after.
func ambiguousStatus(status int, hasRetryAfter bool) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	case http.StatusServiceUnavailable:
		return !hasRetryAfter
	}
	return false
}
