package spectest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// TestRoleEndpointsTakeEitherErrorShape pins the role endpoints' error body:
// the errors object the fake sends, or the bare JSON string they sent in
// 2021–22 and the official spec declares; no other endpoint takes a string.
func TestRoleEndpointsTakeEitherErrorShape(t *testing.T) {
	t.Parallel()
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, method, target, body string
		status                     int
		violation                  bool
	}{
		{"role create, object", "POST", "/v2/organizations/roles", astra, 400, false},
		{"role create, string", "POST", "/v2/organizations/roles", `"name is required"`, 400, false},
		{"role get, string", "GET", "/v2/organizations/roles/r", `"role not found"`, 404, false},
		{"role delete, string", "DELETE", "/v2/organizations/roles/r", `"role is assigned"`, 409, false},
		{"role list, string", "GET", "/v2/organizations/roles", `"over rate limit"`, 429, false},
		{"role get, a number", "GET", "/v2/organizations/roles/r", `404`, 404, true},
		{"user get, string", "GET", "/v2/organizations/users/u", `"user not found"`, 404, true},
	}
	for _, tc := range cases {
		req, resp := exchange(tc.method, tc.target, "", tc.status, map[string]string{"Content-Type": jsonCT, "Retry-After": "1"}, tc.body)
		if got := c.Check(req, resp); (len(got) > 0) != tc.violation {
			t.Errorf("%s: violations %q; want some: %v", tc.name, got, tc.violation)
		}
	}

	// The fake, told to send strings, passes the same check.
	// spec: checked by Validator, this package's own.
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(Validator(t)), fakeserver.WithRoleErrorStyle(fakeserver.AstraErrorsString))
	req, _ := http.NewRequest("POST", srv.URL()+"/v2/organizations/roles", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	err = json.NewDecoder(resp.Body).Decode(&msg)
	resp.Body.Close()
	if resp.StatusCode != 400 || err != nil {
		t.Errorf("a bad role from the fake with string errors: %d, %v; want 400 with a JSON string", resp.StatusCode, err)
	}
}
