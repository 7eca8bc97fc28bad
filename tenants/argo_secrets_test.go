package tenants_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

// The secrets of argoAcme: a database password and a user's API key.
func argoAcmeSecrets() []string { return []string{"db-pa55word", "cap-given-key-0001"} }

// argoCheckNoSecrets fails the test if text holds any of secrets.
func argoCheckNoSecrets(t *testing.T, what, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s holds the secret %q: %s", what, s, text)
		}
	}
}

func TestArgoSecretsInRequestBodiesNeverReachErrors(t *testing.T) {
	t.Parallel()
	// A server (or a proxy) that echoes the request body in its error
	// message.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodGet {
			// Let Modify read the tenant, so its write is what fails.
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"status":{"message":"Success","code":"200"},"data":[{"id":"t1","info":{"name":"acme"},"db_conf":[{"password":%q}]}]}`, argoAcmeSecrets()[0])
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusConflict)
		fmt.Fprintf(w, `{"status":{"message":%q,"code":"409"}}`, body)
	}))
	t.Cleanup(srv.Close)
	a := tenants.NewArgo(sdktest.NewClient(t, client.WithBaseURL(srv.URL), client.WithArgoAPIKey("admin-key")))
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"Create": func() error { _, err := a.Create(ctx, argoAcme()); return err },
		"Update": func() error { _, err := a.Update(ctx, "t1", argoAcme()); return err },
		"Modify": func() error {
			_, err := a.Modify(ctx, "t1", func(t *tenants.ArgoTenant) error {
				t.Users = argoAcme().Users
				return nil
			})
			return err
		},
	} {
		err := call()
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrConflict) {
			t.Fatalf("%s: %v, want the echoing 409", name, err)
		}
		if !strings.Contains(apiErr.Message, "[REDACTED]") {
			t.Errorf("%s: message %q shows no redaction; is the body echoed?", name, apiErr.Message)
		}
		argoCheckNoSecrets(t, name+" error", err.Error(), argoAcmeSecrets()...)
		argoCheckNoSecrets(t, name+" error body", string(apiErr.Body), argoAcmeSecrets()...)
		argoCheckNoSecrets(t, name+" error fields", fmt.Sprintf("%+v", *apiErr), argoAcmeSecrets()...)
	}
}

func TestArgoSecretsNeverReachErrorsFromTheFake(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.Loopback)
	ctx := context.Background()
	if _, err := e.admin.Create(ctx, argoAcme()); err != nil {
		t.Fatal(err)
	}
	// The same name again: 409, with the secrets in the request.
	_, err := e.admin.Create(ctx, argoAcme())
	if !errors.Is(err, client.ErrConflict) {
		t.Fatalf("Create again: %v, want a conflict", err)
	}
	argoCheckNoSecrets(t, "name conflict", err.Error(), argoAcmeSecrets()...)

	// Another tenant reusing cap's key: the server echoes the key.
	reuse := argoAcme()
	reuse.Info.Name = "other"
	_, err = e.admin.Create(ctx, reuse)
	if !errors.Is(err, client.ErrConflict) {
		t.Fatalf("Create with a used key: %v, want a conflict", err)
	}
	argoCheckNoSecrets(t, "key conflict", err.Error(), argoAcmeSecrets()...)
	apiErr := sdktest.AsAPIError(t, err)
	argoCheckNoSecrets(t, "key conflict body", string(apiErr.Body), argoAcmeSecrets()...)

	// A tenant user's key on the admin API: 401, the key not repeated.
	_, err = tenants.NewArgo(e.KeyClient(t, "cap-given-key-0001")).List(ctx)
	if !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("List with a user's key: %v, want 401", err)
	}
	argoCheckNoSecrets(t, "401", err.Error(), argoAcmeSecrets()...)
}

func TestArgoPrintingAndLoggingATenantMasksItsSecrets(t *testing.T) {
	t.Parallel()
	tn := argoAcme()
	tn.Users[1].APIKey = strings.Repeat("ab", 32)
	secrets := append([]string{strings.Repeat("ab", 32)}, argoAcmeSecrets()...)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		argoCheckNoSecrets(t, verb, fmt.Sprintf(verb, tn), secrets...)
	}
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("tenant", "db", tn.DBConf[0], "user", tn.Users[1], "tenant", tn)
	argoCheckNoSecrets(t, "slog output", buf.String(), secrets...)
	if !strings.Contains(buf.String(), `"password":"****"`) || !strings.Contains(buf.String(), `"api_key":"abab****"`) {
		t.Errorf("slog output %s does not show the masked values", buf.String())
	}
	if got := fmt.Sprint(tn.Users[1]); !strings.Contains(got, "APIKey:abab****") {
		t.Errorf("fmt.Sprint(user) = %s, want the key masked to its first four characters", got)
	}
	if got, want := fmt.Sprint(tenants.ArgoDBConf{Store: "ar"}), "{Store:ar Server: Port:0 Database: Username: Password:}"; got != want {
		t.Errorf("fmt.Sprint(db_conf without password) = %q, want %q", got, want)
	}
}
