package sdktest

import (
	"errors"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// AsAPIError returns the *client.APIError err wraps, failing the test now
// if it wraps none.
func AsAPIError(tb testing.TB, err error) *client.APIError {
	tb.Helper()
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		tb.Fatalf("errors.As(%v, *client.APIError) = false", err)
	}
	return apiErr
}

// WantAPIError fails the test unless err is an API answer with status and
// message that matches kind with errors.Is (any kind when kind is "").
func WantAPIError(tb testing.TB, err error, kind client.Kind, status int, message string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("err = nil, want a %d error", status)
	}
	if kind != "" && !errors.Is(err, kind) {
		tb.Errorf("errors.Is(%v, %q) = false", err, kind)
	}
	apiErr := AsAPIError(tb, err)
	type answer struct {
		Status  int
		Message string
	}
	if diff := testkit.Diff(answer{status, message}, answer{apiErr.StatusCode, apiErr.Message}); diff != "" {
		tb.Errorf("APIError (-want +got):\n%s", diff)
	}
}

// Denied is the message of the Astra API's refusal of a token whose roles
// lack permission.
func Denied(permission string) string {
	return "the token's roles do not grant the " + permission + " permission"
}

// WantNothingFound fails the test unless err is what a single read says of
// a successful answer that held nothing, or not the object asked for: it
// matches client.ErrNotFound, names the operation, and is no
// *client.APIError (the status was a success).
func WantNothingFound(tb testing.TB, err error, op tenantkit.Operation) {
	tb.Helper()
	var apiErr *client.APIError
	switch {
	case !errors.Is(err, client.ErrNotFound):
		tb.Errorf("%s: %v, want an error matching ErrNotFound", op, err)
	case errors.As(err, &apiErr):
		tb.Errorf("%s: %v is an *APIError, but the status was a success", op, err)
	case !strings.Contains(err.Error(), string(op)):
		tb.Errorf("%s: error %q does not name the operation", op, err)
	}
}
