package fakeserver

import (
	"encoding/json"
	"testing"
)

// FuzzAppendJSONString checks the hand-written string encoder against
// encoding/json: the output must be valid JSON that decodes to what
// encoding/json's own encoding decodes to (invalid UTF-8 becomes U+FFFD).
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " backslash \ slash /`, "\n\r\t\b\f\x00\x1f\x7f", "é 日本 🎉", "\xff\xfe", "a\xc3", "\u2028\u2029", "<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString([]byte("x"), s)[1:]
		var decoded string
		if err := json.Unmarshal(got, &decoded); err != nil {
			t.Fatalf("appendJSONString(%q) = %s, not a JSON string: %v", s, got, err)
		}
		ref, _ := json.Marshal(s)
		var want string
		_ = json.Unmarshal(ref, &want)
		if decoded != want {
			t.Fatalf("appendJSONString(%q) decodes to %q, encoding/json's to %q", s, decoded, want)
		}
	})
}
