package astra_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// readFixture reads a file under testdata.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// roleIDByName finds a role's ID through the list endpoint.
func roleIDByName(t testing.TB, c *faketest.Client, name string) string {
	t.Helper()
	var roles []struct{ ID, Name string }
	if err := json.Unmarshal(c.Must(200, "GET", "/v2/organizations/roles", nil).Body, &roles); err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("no role named %q", name)
	return ""
}
