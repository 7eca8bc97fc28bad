package fakeserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// controlGet sends an authorized control request and decodes the JSON.
func controlGet(t *testing.T, srv *fakeserver.Server, token, path string, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

func TestStateShowsEachAPIsTablesWithNoSecret(t *testing.T) {
	t.Parallel()
	const token = "a-control-token-for-tests"
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithControlToken(token))
	var raw json.RawMessage
	controlGet(t, srv, token, "/__tenantkit/api/state", &raw)
	var state struct {
		APIs []struct {
			API    string
			Tables []struct {
				Title   string
				Columns []string
				Rows    [][]string
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	var titles []string
	rows := map[string]int{}
	for _, api := range state.APIs {
		for _, tb := range api.Tables {
			titles = append(titles, api.API+": "+tb.Title)
			rows[tb.Title] = len(tb.Rows)
			for _, r := range tb.Rows {
				if len(r) != len(tb.Columns) {
					t.Errorf("%s: a row of %d cells under %d columns: %q", tb.Title, len(r), len(tb.Columns), r)
				}
			}
		}
	}
	want := "ARGO Web API: Admin keys|ARGO Web API: Tenants|ARGO Web API: Tenant users|" +
		"Astra DevOps API: Organizations|Astra DevOps API: Users|Astra DevOps API: Custom roles|Astra DevOps API: Application tokens|Astra DevOps API: Langflow tenants"
	if got := strings.Join(titles, "|"); got != want {
		t.Errorf("tables:\n got %s\nwant %s", got, want)
	}
	if rows["Organizations"] != 1 || rows["Admin keys"] != 3 || rows["Application tokens"] == 0 {
		t.Errorf("row counts %v: want the default fixture's organization, three admin keys, its tokens", rows)
	}
	c := srv.Credentials()
	for _, secret := range []string{c.AstraToken, c.ArgoAdminKey, c.ArgoRestrictedAdminKey, c.ArgoUIAdminKey, fakeserver.DefaultAstraToken[:20]} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the state shows the secret %.8s…", secret)
		}
	}
}

// TestStateMasksEverySecretOfAFixture: tokens, admin keys, tenant users'
// API keys and database passwords of the example fixture appear nowhere
// in the state, whole.
func TestStateMasksEverySecretOfAFixture(t *testing.T) {
	t.Parallel()
	const token = "a-control-token-for-tests"
	data, err := os.ReadFile(filepath.Join("testdata", "fixture.example.json"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := fakeserver.ParseFixture(data)
	if err != nil {
		t.Fatal(err)
	}
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithControlToken(token), fakeserver.WithFixture(f))
	var raw json.RawMessage
	controlGet(t, srv, token, "/__tenantkit/api/state", &raw)
	secrets := regexp.MustCompile(`"(api_key|key|password|token)":\s*"([^"]+)"`).FindAllSubmatch(data, -1)
	if len(secrets) < 6 {
		t.Fatalf("found %d secrets in the fixture; the test reads it wrong", len(secrets))
	}
	for _, m := range secrets {
		if strings.Contains(string(raw), string(m[2])) {
			t.Errorf("the state shows the %s %.4s…", m[1], m[2])
		}
	}
	if !strings.Contains(string(raw), "Tenant users") || !strings.Contains(string(raw), "…") {
		t.Errorf("the state has no masked tenant users: %s", raw)
	}
}
