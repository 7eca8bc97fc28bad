package sdktest

import (
	"context"
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

// ArgoError is an ARGO error answer, a file of testdata/argo sent with a
// status and Content-Type, and what the SDK must read from it.
type ArgoError struct {
	File        string
	Status      int
	ContentType string      // "" for the server's JSON
	Kind        client.Kind // "" when no kind matches
	// Title is the envelope's status.message, when its details are the
	// message.
	Title, Message string
}

// echoedKey starts the API key the error fixtures echo; no error text or
// kept body may hold it.
const echoedKey = "5f1c0c3c"

// WantArgoErrorsDecoded answers route ("PUT /tenants/t1") of an ARGO stub
// with each error in turn and fails the test unless call's error matches
// its Kind and is the *client.APIError of op with its status, title and
// message and no details, and holds nothing of the key the fixtures echo.
func WantArgoErrorsDecoded(t *testing.T, route string, op tenantkit.Operation, errs []ArgoError, call func(ctx context.Context, c *client.Client) error) {
	t.Helper()
	for _, e := range errs {
		t.Run(e.File, func(t *testing.T) {
			t.Parallel()
			stub := testkit.NewArgoStub(t, map[string]testkit.Reply{route: {Status: e.Status, File: "argo/" + e.File, ContentType: e.ContentType}})
			WantArgoError(t, call(context.Background(), ArgoStubClient(t, stub)), op, e.Kind, e.Status, e.Title, e.Message, echoedKey)
		})
	}
}

// WantArgoError fails the test unless err matches kind (any kind when
// kind is "") and is the *client.APIError of op with status, title and
// message and no details, naming op in its text, and neither its text nor
// the body it keeps holds any of secrets.
func WantArgoError(t *testing.T, err error, op tenantkit.Operation, kind client.Kind, status int, title, message string, secrets ...string) {
	t.Helper()
	if kind != "" && !errors.Is(err, kind) {
		t.Errorf("error %v, want one matching %q", err, kind)
	}
	apiErr := AsAPIError(t, err)
	type decoded struct {
		Status             int
		Op, Title, Message string
		Details            []string
	}
	got := decoded{apiErr.StatusCode, string(apiErr.Operation), apiErr.Title, apiErr.Message, apiErr.Details}
	testkit.WantEqual(t, "decoded error", decoded{status, string(op), title, message, nil}, got)
	if !strings.Contains(err.Error(), string(op)) {
		t.Errorf("error text %q does not name the operation %s", err, op)
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) || strings.Contains(string(apiErr.Body), s) {
			t.Errorf("error %v (body %s) holds the secret %s", err, apiErr.Body, s)
		}
	}
}
