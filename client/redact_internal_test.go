package client

import (
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

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
