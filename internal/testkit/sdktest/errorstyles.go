package sdktest

import (
	"net/http"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// astraErrorStyles are the shapes an Astra error body takes, and whether
// the shape carries the error's message.
var astraErrorStyles = []struct {
	name    string
	style   fakeserver.AstraErrorStyle
	message bool
}{
	{"documented object", fakeserver.AstraErrorsObject, true},
	{"bare JSON string", fakeserver.AstraErrorsString, true},
	{"plain text", fakeserver.AstraErrorsPlainText, true},
	{"empty body", fakeserver.AstraErrorsEmpty, false},
	{"null message", fakeserver.AstraErrorsNullMessage, false},
}

// WantErrorInEveryStyle starts, for each shape an Astra error body takes,
// a fake answering errors in it (withStyle: fakeserver.WithAstraErrorStyle
// or WithRoleErrorStyle) and fails the test unless call's error matches
// kind, keeps status and reads the best message the body offers: message
// from a body that carries it, the status text from one that does not.
func WantErrorInEveryStyle(t *testing.T, withStyle func(fakeserver.AstraErrorStyle) fakeserver.Option,
	kind client.Kind, status int, message string, call func(t *testing.T, a Astra) error) {
	t.Helper()
	for _, s := range astraErrorStyles {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			want := message
			if !s.message {
				want = http.StatusText(status)
			}
			a := NewAstra(t, InProcess, withStyle(s.style))
			a.OffSpec() // the documented object is the spec's; the other styles are real answers it leaves out
			WantAPIError(t, call(t, a), kind, status, want)
		})
	}
}
