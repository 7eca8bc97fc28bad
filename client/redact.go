package client

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"slices"
	"strings"
)

// redacted replaces every secret in errors and logs.
const redacted = "[REDACTED]"

// argoKeyMarker precedes a tenant user's API key in the ARGO 409 details
// ("More than one users found using the key: <KEY>"): the server echoes a
// key the SDK never knew, so it is found by position, not by value.
const argoKeyMarker = "More than one users found using the key: "

// redactor removes secrets from text bound for an error or a log. It knows
// the call's secrets by value and also recognises secret-looking text by
// shape: a bearer token, an Astra token (AstraCS:...), the ARGO key echo.
// It is built only on error and logging paths, never on the hot path.
type redactor struct {
	// needles are the secrets and their escaped forms (as they appear inside
	// JSON, XML or URLs), longest first so that a secret containing another
	// is replaced whole.
	needles []string
}

// minSecretLen is the shortest secret redacted by value. Replacing a shorter
// string everywhere would garble the very text being protected: a key "a"
// would hit every "a" of a path or message, and JSON keys before decoding.
// Real credentials are far longer (Astra tokens ~97 characters, generated
// ARGO keys 64); short ones are still caught by shape where they are echoed
// (the ARGO duplicate-key message).
const minSecretLen = 8

func newRedactor(secrets ...string) redactor {
	var needles []string
	add := func(s string) {
		if s != "" && !slices.Contains(needles, s) {
			needles = append(needles, s)
		}
	}
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		add(s)
		add(jsonEscape(s, true))
		add(jsonEscape(s, false))
		var x strings.Builder
		_ = xml.EscapeText(&x, []byte(s))
		add(x.String())
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
	}
	slices.SortFunc(needles, func(a, b string) int { return len(b) - len(a) })
	return redactor{needles: needles}
}

// jsonEscape returns s as it appears between the quotes of a JSON string.
func jsonEscape(s string, html bool) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(html)
	if enc.Encode(s) != nil {
		return s
	}
	out := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	return string(out[1 : len(out)-1])
}

// String returns s with every secret replaced by [REDACTED].
func (r redactor) String(s string) string {
	for _, n := range r.needles {
		if strings.Contains(s, n) {
			s = strings.ReplaceAll(s, n, redacted)
		}
	}
	s = redactArgoKeyEcho(s)
	s = redactAfterFold(s, "bearer", true)
	s = redactAfterFold(s, "AstraCS:", false)
	return s
}

// Bytes is String for a body.
func (r redactor) Bytes(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	return []byte(r.String(string(b)))
}

// redactArgoKeyEcho replaces the key after each argoKeyMarker, up to the end
// of the JSON string, XML element or line that holds it.
func redactArgoKeyEcho(s string) string {
	from := 0
	for {
		i := strings.Index(s[from:], argoKeyMarker)
		if i < 0 {
			return s
		}
		start := from + i + len(argoKeyMarker)
		end := start
		for end < len(s) {
			c := s[end]
			if c == '"' || c == '<' || c == '\n' || c == '\r' {
				break
			}
			if c == '\\' && end+1 < len(s) {
				end++ // an escaped character inside a JSON string
			}
			end++
		}
		if end == start || strings.HasPrefix(s[start:], redacted) {
			from = start
			continue
		}
		s = s[:start] + redacted + s[end:]
		from = start + len(redacted)
	}
}

// redactAfterFold replaces the token that follows each occurrence of prefix
// (ASCII case-insensitive). For "bearer" the prefix must be followed by
// spaces; a short all-lowercase word there ("bearer token") is prose, not a
// credential, and is kept so messages stay readable.
func redactAfterFold(s, prefix string, needSpace bool) string {
	from := 0
	for {
		i := indexFoldASCII(s[from:], prefix)
		if i < 0 {
			return s
		}
		start := from + i + len(prefix)
		if needSpace {
			j := start
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j == start {
				from = start
				continue
			}
			start = j
		}
		end := start
		for end < len(s) && isTokenByte(s[end]) {
			end++
		}
		tok := s[start:end]
		if tok == "" || (needSpace && isProseWord(tok)) {
			from = start
			continue
		}
		s = s[:start] + redacted + s[end:]
		from = start + len(redacted)
	}
}

// isTokenByte reports whether c can be part of a bearer token (base64,
// base64url, hex, JWT, and the colon-separated Astra form).
func isTokenByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~+/=:", c) >= 0
}

func isProseWord(s string) bool {
	if len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// indexFoldASCII is strings.Index ignoring ASCII case. (strings.ToLower
// could change byte offsets for non-ASCII text.)
func indexFoldASCII(s, substr string) int {
	n := len(substr)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], substr) {
			return i
		}
	}
	return -1
}
