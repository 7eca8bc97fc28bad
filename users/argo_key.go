package users

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// NewArgoAPIKey returns a new random API key for an ARGO tenant user in the
// server's own format: 32 bytes from crypto/rand as 64 lowercase hex
// characters. Use it for users written with tenants.Argo.Update, where the
// server generates no keys; users.Argo.Create and tenants.Argo.Create get
// keys from the server.
func NewArgoAPIKey() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("tenantkit: generating an API key: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// MaskArgoAPIKey returns key in a form safe to print or log: its first
// four characters followed by "****" when it has at least 16 (enough to
// tell keys apart without revealing them), only "****" when it is shorter,
// and "" when it is empty.
func MaskArgoAPIKey(key string) string {
	switch {
	case key == "":
		return ""
	case len(key) < 16:
		return "****"
	}
	return key[:4] + "****"
}
