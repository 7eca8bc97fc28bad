package fakeserver

import (
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestRedactJSONSecretsKeepsLayoutAndFindsValues(t *testing.T) {
	t.Parallel()
	in := "{\n \"api_key\" : \"k\\\"1\",\n \"Password\":\"p\", \"other\": \"api_key\", \"api_key\": 5, \"x\": [\"password\"]\n}"
	out, secrets := redactJSONSecrets([]byte(in))
	want := "{\n \"api_key\" : \"[REDACTED]\",\n \"Password\":\"[REDACTED]\", \"other\": \"api_key\", \"api_key\": 5, \"x\": [\"password\"]\n}"
	if diff := testkit.Diff(want, string(out)); diff != "" {
		t.Errorf("redacted (-want +got):\n%s", diff)
	}
	if diff := testkit.Diff([]string{`k"1`, "p"}, secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if out, _ := redactJSONSecrets([]byte(`not json "api_key`)); string(out) != `not json "api_key` {
		t.Errorf("non-JSON changed: %q", out)
	}
}
