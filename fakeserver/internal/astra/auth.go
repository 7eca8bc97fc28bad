package astra

import (
	"net/http"
	"strings"

	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
)

// Astra application tokens look like "AstraCS:<client ID>:<secret>": the
// client ID is 24 letters, the secret 64 lowercase hex digits.
const (
	tokenPrefix   = "AstraCS:"
	clientIDLen   = 24
	secretByteLen = 32
)

// bearerToken extracts the token from "Authorization: Bearer <token>". The
// scheme is case-insensitive (RFC 9110); anything else is malformed.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	const scheme = "bearer "
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) {
		return "", false
	}
	token := strings.TrimLeft(h[len(scheme):], " ")
	if token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}

// clientIDOf is the client ID part of a token, which the API reports as
// LastUpdateUserID; "" for a token not in the AstraCS form.
func clientIDOf(token string) string {
	rest, ok := strings.CutPrefix(token, tokenPrefix)
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, ":")
	return id
}

// newToken draws a token from the server's ID source, so a seeded
// server hands out the same tokens every run.
func newToken(ids *ids.Source) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var b [clientIDLen]byte
	ids.Read(b[:])
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return tokenPrefix + string(b[:]) + ":" + ids.HexKey(secretByteLen)
}

// langflowHeaderRules applies the Langflow org-header checks (openapi.yaml)
// after the token is known to be valid. It writes the error and returns
// false when a rule fails.
func (a *API) langflowHeaderRules(c *call) bool {
	org := c.r.Header.Get("X-DataStax-Current-Org")
	switch {
	case org == "":
		a.fail(c, http.StatusBadRequest, "X-DataStax-Current-Org header is required")
		return false
	case org != c.token.orgID:
		a.fail(c, http.StatusForbidden, "X-DataStax-Current-Org does not match the token's organization")
		return false
	}
	var pathOrg string
	if i := c.route.Param(langflowOrgParam); i >= 0 {
		pathOrg = c.params[i]
	} else {
		pathOrg = peekBodyOrg(c)
	}
	if pathOrg != "" && pathOrg != org {
		a.fail(c, http.StatusForbidden, "organization mismatch")
		return false
	}
	return true
}
