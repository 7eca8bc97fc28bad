package users_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

func TestNewArgoAPIKeyHasTheServersFormatAndDiffers(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		k, err := users.NewArgoAPIKey()
		if err != nil {
			t.Fatal(err)
		}
		if !sdktest.ArgoKey.MatchString(k) {
			t.Fatalf("key %q is not 64 lowercase hex characters", k)
		}
		if seen[k] {
			t.Fatalf("key %q repeated", k)
		}
		seen[k] = true
	}
}

func TestMaskArgoAPIKeyShowsAtMostFourCharacters(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]string{
		"":                       "",
		"C4PK3Y":                 "****",
		"fifteen-chars-1":        "****",
		"sixteen-chars-12":       "sixt****",
		strings.Repeat("ab", 32): "abab****",
	} {
		if got := users.MaskArgoAPIKey(key); got != want {
			t.Errorf("MaskArgoAPIKey(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestPrintingAndLoggingAUserMasksItsKey(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("c0ffee", 10) + "beef"
	u := users.ArgoUser{ID: "u1", Name: "cap", Email: "cap@email.com", APIKey: key, Roles: []string{"admin"}}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, u); strings.Contains(got, key) || !strings.Contains(got, "c0ff****") {
			t.Errorf("Sprintf(%s) = %s, want the key masked", verb, got)
		}
	}
	if got, want := u.String(), "{ID:u1 Name:cap Email:cap@email.com APIKey:c0ff**** Roles:[admin]}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, h := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("user", "user", u)
		if strings.Contains(buf.String(), key) || !strings.Contains(buf.String(), "c0ff****") {
			t.Errorf("log output %s, want the key masked", buf.String())
		}
	}
}
