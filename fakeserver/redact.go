package fakeserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// The journal keeps what the fake received and answered, but hands it out
// with secrets replaced: tests print journals, diff them and write them to
// golden files, and none of that may leak a token or an api key.

// redacted replaces every secret value.
const redacted = "[REDACTED]"

// minSecretLen is the shortest secret also replaced wherever else it occurs
// in a body; shorter ones would blank out unrelated text.
const minSecretLen = 4

// secretHeader reports the headers whose values are credentials.
func secretHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "X-Api-Key", "Proxy-Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return false
}

// redactHeader returns a copy of h with credential values replaced, and
// the secrets it held (the bearer token without its scheme, the api key).
func redactHeader(h http.Header) (http.Header, []string) {
	if h == nil {
		return nil, nil
	}
	out := make(http.Header, len(h))
	var secrets []string
	for name, values := range h {
		if !secretHeader(name) {
			out[name] = append([]string(nil), values...)
			continue
		}
		vs := make([]string, len(values))
		for i, v := range values {
			vs[i] = redacted
			const scheme = "bearer "
			if len(v) > len(scheme) && strings.EqualFold(v[:len(scheme)], scheme) {
				v = strings.TrimSpace(v[len(scheme):])
			}
			secrets = append(secrets, v)
		}
		out[name] = vs
	}
	return out, secrets
}

// secretKey reports the JSON keys whose string values are secrets: api
// keys and passwords, matched case-insensitively as encoding/json (and so
// the fake) matches request keys.
func secretKey(key string) bool {
	return strings.EqualFold(key, "api_key") || strings.EqualFold(key, "password")
}

// containsFoldASCII reports whether b contains s (lowercase ASCII) in any
// letter case.
func containsFoldASCII(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return true
		}
	}
	return false
}

// redactJSONSecrets returns b with the string value of every api_key and
// password member replaced, and the values it replaced. It scans bytes
// rather than decoding, so the body keeps its exact layout; text that is not
// JSON passes through unchanged.
func redactJSONSecrets(b []byte) ([]byte, []string) {
	if !containsFoldASCII(b, "api_key") && !containsFoldASCII(b, "password") {
		return b, nil
	}
	out := make([]byte, 0, len(b))
	var secrets []string
	for i := 0; i < len(b); {
		if b[i] != '"' {
			out = append(out, b[i])
			i++
			continue
		}
		end := jsonStringEnd(b, i)
		key := b[i:end]
		out = append(out, key...)
		i = end
		j := skipJSONSpace(b, i)
		if j >= len(b) || b[j] != ':' || !secretKey(jsonStringValue(key)) {
			continue
		}
		k := skipJSONSpace(b, j+1)
		if k >= len(b) || b[k] != '"' {
			continue
		}
		vend := jsonStringEnd(b, k)
		out = append(out, b[i:k]...)
		out = append(out, '"')
		out = append(out, redacted...)
		out = append(out, '"')
		secrets = append(secrets, jsonStringValue(b[k:vend]))
		i = vend
	}
	return out, secrets
}

// jsonStringEnd returns the index just after the JSON string starting at
// b[start] (a '"'), or len(b) if it is not terminated.
func jsonStringEnd(b []byte, start int) int {
	for i := start + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// jsonStringValue unquotes a JSON string token; a malformed one yields its
// raw content.
func jsonStringValue(tok []byte) string {
	if bytes.IndexByte(tok, '\\') < 0 && len(tok) >= 2 && tok[len(tok)-1] == '"' {
		return string(tok[1 : len(tok)-1])
	}
	var s string
	if json.Unmarshal(tok, &s) != nil {
		return strings.Trim(string(tok), `"`)
	}
	return s
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// replaceSecrets replaces every occurrence of each secret in b.
func replaceSecrets(b []byte, secrets []string) []byte {
	for _, s := range secrets {
		if len(s) >= minSecretLen && s != redacted && bytes.Contains(b, []byte(s)) {
			b = bytes.ReplaceAll(b, []byte(s), []byte(redacted))
		}
	}
	return b
}
