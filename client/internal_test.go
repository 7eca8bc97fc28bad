package client

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// The fixture-driven tests of error decoding run over loopback HTTP in
// errors_test.go; these cover shapes no fixture has, at the function level.
func TestDecodeErrorToleratesShapeVariants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   decodedError
	}{
		{"ARGO code as a number", 404, `{"status":{"message":"Not Found","code":404,"details":"gone"}}`,
			decodedError{Code: "404", Title: "Not Found", Message: "gone"}},
		{"Astra ID as a string, key in capitals", 400, `{"errors":[{"ID":"E42","MESSAGE":"bad"}]}`,
			decodedError{Code: "E42", Message: "bad"}},
		{"Astra error without message falls back to description", 409, `{"errors":[{"id":7,"message":null,"description":"dup"}]}`,
			decodedError{Code: "7", Message: "dup"}},
		{"bare array of errors", 400, `[{"ID":1,"message":"first"},{"ID":2,"message":"second"}]`,
			decodedError{Code: "1", Message: "first", Details: []string{"second"}}},
		{"details as an array", 400, `{"message":"bad","details":["a","b","a",null,3]}`,
			decodedError{Message: "bad", Details: []string{"a", "b", "3"}}},
		{"error key", 500, `{"error":"boom"}`, decodedError{Message: "boom"}},
		{"errors is not an array", 500, `{"errors":"oops","message":"real"}`, decodedError{Message: "real"}},
		{"status is not an object", 500, `{"status":500,"message":"real"}`, decodedError{Message: "real"}},
		{"empty errors array", 401, `{"errors":[]}`, decodedError{Message: "Unauthorized"}},
		{"object message is ignored", 401, `{"message":{"nested":true}}`, decodedError{Message: "Unauthorized"}},
		{"JSON number body", 502, `42`, decodedError{Message: "Bad Gateway"}},
		{"JSON null body", 503, `null`, decodedError{Message: "Service Unavailable"}},
		{"whitespace body", 404, " \r\n\t", decodedError{Message: "Not Found"}},
		{"invalid UTF-8 text", 400, "bad \xff byte", decodedError{Message: "bad \uFFFD byte"}},
		{"unknown status without text", 599, ``, decodedError{}},
		{"XML with errors only", 404, `<root><errors><error><message>Not Found</message><code>404</code><details>x</details></error></errors></root>`,
			decodedError{Code: "404", Title: "Not Found", Message: "x"}},
		{"ARGO envelope, errors message differs", 500, `{"status":{"message":"Internal","code":"500"},"errors":[{"message":"db down","code":"500"}]}`,
			decodedError{Code: "500", Title: "Internal", Message: "db down"}},
		{"ARGO envelope, every text kept once", 409, `{"status":{"message":"Conflict","code":"409","details":"first"},` +
			`"errors":[{"message":"Conflict","code":"409","details":"second"},{"message":"third","details":["first","fourth"]}]}`,
			decodedError{Code: "409", Title: "Conflict", Message: "first", Details: []string{"second", "fourth", "third"}}},
		{"ARGO envelope without a status message", 400, `{"status":{"code":"400","details":"bad"}}`,
			decodedError{Code: "400", Message: "bad"}},
	}
	for _, tt := range tests {
		got := decodeError(tt.status, []byte(tt.body))
		if diff := testkit.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestErrorDecoderIsChosenByTheAPI: a request for one API reads error
// bodies in that API's shapes (and the generic ones), not in the other
// API's; a request of no API reads every shape.
func TestErrorDecoderIsChosenByTheAPI(t *testing.T) {
	t.Parallel()
	const (
		astraBody = `{"errors":[{"ID":1404,"message":"user not found"}]}`
		argoBody  = `{"status":{"message":"Not Found","code":"404"},"errors":[{"message":"Not Found","code":"404","details":"no such tenant"}]}`
		argoXML   = `<root><status><message>Not Found</message><code>404</code><details>no such tenant</details></status></root>`
		plainText = "404 page not found\n"
	)
	astra := decodedError{Code: "1404", Message: "user not found"}
	argo := decodedError{Code: "404", Title: "Not Found", Message: "no such tenant"}
	plain := decodedError{Message: "404 page not found"}
	statusText := decodedError{Message: "Not Found"}
	tests := []struct {
		api  API
		body string
		want decodedError
	}{
		{APIAstra, astraBody, astra},
		// Its errors array is read the Astra way: first message, then details.
		{APIAstra, argoBody, decodedError{Code: "404", Message: "Not Found", Details: []string{"no such tenant"}}},
		{APIAstra, argoXML, statusText},
		{APIAstra, plainText, plain},
		{APIArgo, argoBody, argo},
		{APIArgo, argoXML, argo},
		{APIArgo, astraBody, statusText},
		{APIArgo, plainText, plain},
		{APIUnspecified, astraBody, astra},
		{APIUnspecified, argoBody, argo},
		{APIUnspecified, argoXML, argo},
		{APIUnspecified, plainText, plain},
	}
	for _, tt := range tests {
		got := errorDecoderFor(tt.api)(404, []byte(tt.body))
		if diff := testkit.Diff(tt.want, got); diff != "" {
			t.Errorf("%s API, body %.30q… (-want +got):\n%s", apiName(tt.api), tt.body, diff)
		}
	}
}

func TestDecodeErrorBoundsDetails(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"errors":[`)
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"ID":1,"message":"m` + strings.Repeat("x", i) + `"}`)
	}
	b.WriteString(`]}`)
	got := decodeError(400, []byte(b.String()))
	if len(got.Details) != maxDetails {
		t.Errorf("%d details; want at most %d", len(got.Details), maxDetails)
	}
}

func FuzzDecodeError(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "errors", "*"))
	for _, name := range fixtures {
		if b, err := os.ReadFile(name); err == nil && !strings.HasSuffix(name, ".md") {
			f.Add(400, b)
		}
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		d := decodeError(status, body)
		if text := http.StatusText(status); text != "" && d.Message == "" {
			t.Errorf("empty message for status %d", status)
		}
		if len(d.Details) > maxDetails {
			t.Errorf("%d details", len(d.Details))
		}
		for _, s := range append([]string{d.Message, d.Code}, d.Details...) {
			if len(s) > maxMessageBytes {
				t.Errorf("text of %d bytes", len(s))
			}
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n\x00\x1b") {
				t.Errorf("text not fit for one line: %q", s)
			}
		}
		// Redaction on the same input must not panic either, and removes
		// a secret that was present verbatim.
		const secret = "s3cr3t-value-xyz"
		out := newRedactor(secret).Bytes(append(append([]byte(nil), body...), secret...))
		if strings.Contains(string(out), secret) {
			t.Errorf("secret survived redaction: %q", out)
		}
	})
}

func TestRedactorReplacesSecretsAndSecretShapes(t *testing.T) {
	t.Parallel()
	r := newRedactor("pass<w>\"d", "tk9-secret", "", "tk9-secret-longer", "short")
	tests := []struct{ in, want string }{
		{"no secrets here", "no secrets here"},
		{"tk9-secret and tk9-secret-longer", "[REDACTED] and [REDACTED]"},
		{`{"pw":"pass\u003cw\u003e\"d"}`, `{"pw":"[REDACTED]"}`},
		{`<pw>pass&lt;w&gt;&#34;d</pw>`, `<pw>[REDACTED]</pw>`},
		{"?pw=pass%3Cw%3E%22d", "?pw=[REDACTED]"},
		// Shorter than minSecretLen: replacing it everywhere would garble text.
		{"/api/v2/admin/short/tenants: shortcut", "/api/v2/admin/short/tenants: shortcut"},
		{"More than one users found using the key: abc123", "More than one users found using the key: [REDACTED]"},
		{`"details": "More than one users found using the key: a\"b c"}`, `"details": "More than one users found using the key: [REDACTED]"}`},
		{"<details>More than one users found using the key: k&#39;1</details>", "<details>More than one users found using the key: [REDACTED]</details>"},
		{`"More than one users found using the key: "`, `"More than one users found using the key: "`},
		{"key: x\nMore than one users found using the key: k1\nMore than one users found using the key: k2", "key: x\nMore than one users found using the key: [REDACTED]\nMore than one users found using the key: [REDACTED]"},
		{"Authorization: Bearer eyJ.abc-_=", "Authorization: Bearer [REDACTED]"},
		{"authorization: BEARER   abc123", "authorization: BEARER   [REDACTED]"},
		{"invalid bearer token", "invalid bearer token"},
		{"bearer authenticationfailures", "bearer [REDACTED]"},
		{"Bearer", "Bearer"},
		{"token AstraCS:abc:def0 denied", "token AstraCS:[REDACTED] denied"},
		{"AstraCS:", "AstraCS:"},
		{"İstanbul bearer x1", "İstanbul bearer [REDACTED]"},
	}
	for _, tt := range tests {
		if diff := testkit.Diff(tt.want, r.String(tt.in)); diff != "" {
			t.Errorf("redact(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestSpecFactsAgreeWithTheRegistry: the client's generated table holds,
// for every operation of openapi.yaml and nothing else, the API, method and
// idempotency the operation registry gives it.
func TestSpecFactsAgreeWithTheRegistry(t *testing.T) {
	t.Parallel()
	apiOf := map[tenantkit.API]API{tenantkit.APIAstra: APIAstra, tenantkit.APIArgo: APIArgo}
	for _, info := range tenantkit.Operations() {
		got, ok := specFactsOf(info.ID)
		want := specFacts{api: apiOf[info.API], method: info.Method, idempotent: info.Idempotent}
		if !ok || got != want {
			t.Errorf("specFactsOf(%s) = %+v, %v; want %+v (run go generate ./client)", info.ID, got, ok, want)
		}
	}
	for _, op := range []tenantkit.Operation{"", "getThing", "GetOrganizationUser"} {
		if f, ok := specFactsOf(op); ok {
			t.Errorf("specFactsOf(%q) = %+v, true; want no facts for a name outside openapi.yaml", op, f)
		}
	}
}
