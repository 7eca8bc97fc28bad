package fakeserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestControlAPIOpensOnlyToItsToken(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	creds := srv.Credentials()
	bearer := func(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }
	for _, x := range []struct {
		name   string
		path   string
		header http.Header
		want   int
		ctype  string
	}{
		{"no token, API", "/__tenantkit/api/clock", nil, 401, "application/json"},
		{"no token, page", "/__tenantkit/", nil, 401, "text/html; charset=utf-8"},
		{"wrong token", "/__tenantkit/api/clock", bearer("not-the-control-token"), 401, "application/json"},
		{"the Astra token", "/__tenantkit/api/clock", bearer(creds.AstraToken), 401, "application/json"},
		{"an ARGO admin key", "/__tenantkit/api/clock", http.Header{"X-Api-Key": {creds.ArgoAdminKey}}, 401, "application/json"},
		{"a Basic scheme", "/__tenantkit/api/clock", http.Header{"Authorization": {"Basic " + testControlToken}}, 401, "application/json"},
		{"the control token", "/__tenantkit/api/clock", bearer(testControlToken), 200, "application/json"},
		{"the control token, page", "/__tenantkit/", bearer(testControlToken), 200, "text/html; charset=utf-8"},
		{"control token on the Astra API", "/v2/currentOrg", bearer(testControlToken), 401, "application/json"},
		{"control token on the ARGO API", "/api/v2/admin/tenants", http.Header{"X-Api-Key": {testControlToken}, "Accept": {"application/json"}}, 401, "application/json"},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+x.path, nil)
		for k, v := range x.header {
			req.Header[k] = v
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != x.want || !strings.HasPrefix(resp.Header.Get("Content-Type"), x.ctype) {
			t.Errorf("%s: GET %s answered %d %q, want %d %q", x.name, x.path, resp.StatusCode, resp.Header.Get("Content-Type"), x.want, x.ctype)
		}
		if x.want == 401 && strings.HasPrefix(x.path, "/__tenantkit/") && resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: a 401 of the control API without WWW-Authenticate", x.name)
		}
	}
}

func TestInspectorURLSwapsTheTokenForACookie(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	noRedirect := &http.Client{Transport: srv.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(srv.InspectorURL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/__tenantkit/" || len(cookies) != 1 {
		t.Fatalf("the inspector URL answered %d to %q with cookies %v; want 303 to /__tenantkit/ and one cookie", resp.StatusCode, resp.Header.Get("Location"), cookies)
	}
	ck := cookies[0]
	got := []any{ck.Name, ck.Value, ck.Path, ck.HttpOnly, ck.SameSite}
	testkit.WantEqual(t, "cookie name, value, path, HttpOnly, SameSite", []any{"tenantkit_control", testControlToken, "/__tenantkit/", true, http.SameSiteStrictMode}, got)

	// The cookie opens the API; a wrong ?token= gets 401 and no cookie.
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/__tenantkit/api/clock", nil)
	req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	if resp, err := srv.Client().Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("GET /api/clock with the cookie: %v %v", resp.StatusCode, err)
	}
	resp, err = noRedirect.Get(srv.URL() + "/__tenantkit/?token=" + url.QueryEscape("wrong-token-0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
		t.Errorf("a wrong ?token= answered %d with cookies %v; want 401 and none", resp.StatusCode, resp.Cookies())
	}
}

func TestWithoutAControlTokenThePrefixIsAnOrdinaryAstraPath(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	if srv.InspectorURL() != "" {
		t.Errorf("InspectorURL without a control token: %q", srv.InspectorURL())
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/__tenantkit/api/clock", nil)
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET /__tenantkit/api/clock on a fake without control: %d, want the Astra API's 404", resp.StatusCode)
	}
	if calls := srv.Journal().Calls(); len(calls) != 1 || calls[0].Status != 404 {
		t.Errorf("the journal holds %v; want the one 404 an API request gets", calls)
	}
}

func TestWithControlTokenRefusesWeakTokensAndCredentials(t *testing.T) {
	t.Parallel()
	for _, token := range []string{"", "short", "has a space in it ok", "tab\tinside-0123456789", fakeserver.DefaultAstraToken, fakeserver.DefaultArgoAdminKey} {
		// spec: New refuses each; no request is sent.
		if srv, err := fakeserver.New(fakeserver.WithControlToken(token)); err == nil {
			srv.Close()
			t.Errorf("WithControlToken(%.12q…) accepted", token)
		}
	}
	// Any token of the fixture counts, not only the first of each kind.
	const token = "tkctl-a-second-token-0123456789"
	f := fakeserver.DefaultFixture()
	f.Organizations[0].Tokens = append(f.Organizations[0].Tokens, fakeserver.FixtureToken{Token: token, Roles: []string{"Organization Administrator"}})
	f.ArgoAdminKeys = append(f.ArgoAdminKeys, fakeserver.FixtureArgoAdminKey{Key: "argo-second-" + token, Flavour: fakeserver.ArgoSuperAdmin})
	for _, x := range []string{token, "argo-second-" + token} {
		// spec: New refuses each; no request is sent.
		if srv, err := fakeserver.New(fakeserver.WithFixture(f), fakeserver.WithControlToken(x)); err == nil {
			srv.Close()
			t.Errorf("WithControlToken(%q) accepted with a fixture that holds it as its second credential", x)
		}
	}
}

// TestTheControlTokenNeverBecomesACredential: Load and AddArgoAdminKey
// refuse to make the control token open an API, and change nothing.
func TestTheControlTokenNeverBecomesACredential(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	f := fakeserver.DefaultFixture()
	f.Organizations[0].Tokens[0].Token = testControlToken
	if err := srv.Load(f); err == nil || !strings.Contains(err.Error(), "opens the control API only") {
		t.Errorf("Load of a fixture holding the control token: %v", err)
	}
	if err := srv.AddArgoAdminKey(testControlToken, fakeserver.ArgoSuperAdmin); err == nil || !strings.Contains(err.Error(), "opens the control API only") {
		t.Errorf("AddArgoAdminKey(the control token): %v", err)
	}
	if err := srv.AddArgoAdminKey("tkctl-another-admin-key-01", fakeserver.ArgoSuperAdmin); err != nil {
		t.Errorf("AddArgoAdminKey of another key: %v", err)
	}
	testkit.WantEqual(t, "credentials after the refusals", fakeserver.DefaultAstraToken, srv.Credentials().AstraToken)
}

// TestThePrefixWithoutItsSlashGoesToThePage: "/__tenantkit" (perhaps with
// the token) is redirected to the page, so it never reaches an API and its
// journal.
func TestThePrefixWithoutItsSlashGoesToThePage(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	noRedirect := &http.Client{Transport: srv.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(srv.URL() + "/__tenantkit?token=" + testControlToken)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := []any{resp.StatusCode, resp.Header.Get("Location")}
	testkit.WantEqual(t, "status and Location", []any{http.StatusPermanentRedirect, "/__tenantkit/?token=" + testControlToken}, got)
	if n := srv.Journal().Len(); n != 0 {
		t.Errorf("the journal holds %d entries: %v", n, srv.Journal().Summary())
	}
}

// TestRateLimitPutWithEnabledFalseTurnsItOff: what GET answers, with
// enabled set to false and written back, turns the limit off.
func TestRateLimitPutWithEnabledFalseTurnsItOff(t *testing.T) {
	t.Parallel()
	srv, c := newControlled(t, fakeserver.WithRateLimit(5, 2))
	c.json("PUT", "rate-limit", map[string]any{"enabled": false, "perSecond": 5, "burst": 2}, 204, nil)
	if rate, burst, on := srv.RateLimit(); on {
		t.Errorf("after PUT enabled=false the limit is on at %v/s, burst %d", rate, burst)
	}
	a := c.send("PUT", "rate-limit", "application/json", `{"enabled":true}`)
	if a.Status != 400 {
		t.Errorf("PUT enabled=true without a rate: %d %s, want 400", a.Status, a.Body)
	}
	c.json("PUT", "rate-limit", map[string]any{"perSecond": 3, "burst": 1}, 204, nil)
	rate, burst, on := srv.RateLimit()
	testkit.WantEqual(t, "after PUT without enabled", []any{3.0, 1, true}, []any{rate, burst, on})
}

// TestControlAPIDoesWhatTheServerDoes goes through every endpoint once and
// checks its effect from the in-process Server's side.
func TestControlAPIDoesWhatTheServerDoes(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	srv, c := newControlled(t, fakeserver.WithClock(clock))

	// Faults: one, then an array; durations and drops round-trip.
	var added struct{ Faults []map[string]any }
	c.json("POST", "faults", map[string]any{"operation": "getCurrentOrganization", "status": 503, "retryAfter": "2s", "latency": "250ms"}, 201, &added)
	c.json("POST", "faults", []map[string]any{{"name": "lost", "path": "/v1/tenant", "method": "POST", "drop": "after-serving", "times": 1}}, 201, nil)
	faults := srv.Faults()
	testkit.WantEqual(t, "fault rules", []fakeserver.Fault{
		{Name: "fault-1", Operation: tenantkit.OpGetCurrentOrganization, Status: 503, RetryAfter: 2 * time.Second, Latency: 250 * time.Millisecond},
		{Name: "lost", Method: "POST", Path: "/v1/tenant", Drop: fakeserver.DropAfterServing, Times: 1},
	}, faults)
	testkit.WantEqual(t, "the first rule as answered", "fault-1", added.Faults[0]["name"])
	c.json("DELETE", "faults/fault-1", nil, 204, nil)
	c.json("DELETE", "faults", nil, 204, nil)
	if len(srv.Faults()) != 0 {
		t.Errorf("faults after DELETE: %v", srv.Faults())
	}

	// Rate limit on, seen, off.
	c.json("PUT", "rate-limit", map[string]any{"perSecond": 2, "burst": 3}, 204, nil)
	rate, burst, on := srv.RateLimit()
	testkit.WantEqual(t, "rate limit after PUT", []any{2.0, 3, true}, []any{rate, burst, on})
	var rl map[string]any
	c.json("GET", "rate-limit", nil, 200, &rl)
	testkit.WantEqual(t, "GET rate-limit", map[string]any{"enabled": true, "perSecond": 2.0, "burst": 3.0}, rl)
	c.json("DELETE", "rate-limit", nil, 204, nil)
	if _, _, on := srv.RateLimit(); on {
		t.Error("rate limit still on after DELETE")
	}

	// Events, snapshots and reset: a tenant made over the API.
	tenantID := createLangflowTenant(t, srv)
	c.json("PUT", "snapshots/with-tenant", nil, 204, nil)
	c.json("POST", "events/finish-provisioning", map[string]string{"tenantId": tenantID}, 204, nil)
	c.json("POST", "events/deactivate-langflow-tenant", map[string]string{"tenantId": tenantID}, 204, nil)
	c.json("POST", "events/set-langflow-tenant-status", map[string]string{"tenantId": tenantID, "status": "failed"}, 204, nil)
	var names struct{ Names []string }
	c.json("GET", "snapshots", nil, 200, &names)
	testkit.WantEqual(t, "snapshots", []string{"with-tenant"}, names.Names)
	c.json("POST", "reset", nil, 204, nil)
	if status := langflowStatus(t, srv, tenantID); status != 404 {
		t.Errorf("after reset the tenant answers %d, want 404", status)
	}
	c.json("POST", "snapshots/with-tenant/restore", nil, 204, nil)
	if status := langflowStatus(t, srv, tenantID); status != 200 {
		t.Errorf("after restoring the snapshot the tenant answers %d, want 200", status)
	}
	c.json("DELETE", "snapshots/with-tenant", nil, 204, nil)

	// The journal: events in order, the outline, a cursor, a filter.
	var page struct {
		Calls []struct {
			Seq       int64
			Event     string
			Operation string
		}
		Last int64
	}
	c.json("GET", "journal?operation=createLangflowTenant", nil, 200, &page)
	if len(page.Calls) != 1 || page.Calls[0].Operation != "createLangflowTenant" {
		t.Errorf("journal filtered by operation: %+v", page.Calls)
	}
	var outline struct{ Lines []string }
	c.json("GET", "journal/outline", nil, 200, &outline)
	testkit.WantEqual(t, "outline", []string{
		"createLangflowTenant POST /v1/tenant 201",
		"event FinishProvisioning {id-1}",
		"event DeactivateLangflowTenant {id-1}",
		"event SetLangflowTenantStatus {id-1} failed",
		"getLangflowTenant GET /v1/orgs/{id-2}/tenant/{id-1} 404",
		"getLangflowTenant GET /v1/orgs/{id-2}/tenant/{id-1} 200",
	}, outline.Lines)
	c.json("GET", "journal?after=4&limit=1", nil, 200, &page)
	if len(page.Calls) != 1 || page.Calls[0].Seq != 5 || page.Last != 5 {
		t.Errorf("journal?after=4&limit=1: %+v, last %d; want call 5", page.Calls, page.Last)
	}
	c.json("DELETE", "journal", nil, 204, nil)
	if srv.Journal().Len() != 0 {
		t.Errorf("journal after DELETE holds %d", srv.Journal().Len())
	}

	// The clock moves on a virtual clock.
	var clk struct {
		Now     time.Time
		Virtual bool
	}
	c.json("POST", "clock/advance", map[string]string{"by": "90m"}, 200, &clk)
	testkit.WantEqual(t, "clock after advance", []any{time.Date(2026, 12, 3, 10, 30, 0, 0, time.UTC), true}, []any{clk.Now.UTC(), clk.Virtual})
	c.json("PUT", "clock", map[string]string{"now": "2027-01-01T00:00:00Z"}, 200, &clk)
	testkit.WantEqual(t, "server clock after set", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), srv.Now().UTC())

	// Data beyond the fixture.
	var org struct{ ID string }
	c.json("POST", "organizations", map[string]string{"name": "second"}, 201, &org)
	var tok struct{ Token string }
	c.json("POST", "tokens", map[string]any{"orgId": org.ID, "roles": []string{"Organization Administrator"}}, 201, &tok)
	if !strings.HasPrefix(tok.Token, "AstraCS:") {
		t.Errorf("token %.12q…: want an AstraCS token", tok.Token)
	}
	c.json("POST", "argo-admin-keys", map[string]string{"key": "second-admin-key-0123", "flavour": "super_admin"}, 204, nil)
	c.json("POST", "argo-admin-keys/remove", map[string]string{"key": "second-admin-key-0123"}, 204, nil)
	var seeded struct{ IDs []string }
	c.json("POST", "argo-tenants", `[{"info":{"name":"seeded"}}]`, 201, &seeded)
	if len(seeded.IDs) != 1 {
		t.Errorf("seeded %v, want one tenant", seeded.IDs)
	}

	// A fixture replaces the state and becomes what reset returns to.
	c.json("PUT", "fixture", `{"organizations":[{"name":"loaded","tokens":[{"token":"loaded-token"}]}]}`, 204, nil)
	c.json("POST", "reset", nil, 204, nil)
	var creds map[string]string
	c.json("GET", "credentials", nil, 200, &creds)
	if creds["orgName"] != "loaded" || creds["astraToken"] != "loaded-token" || srv.Credentials().OrgName != "loaded" {
		t.Errorf("credentials after loading a fixture and a reset: %v", creds)
	}
}

// TestInspectorShowsTheURLItWasReachedAt: mounted on a server of one's
// own (as cmd/fakeserver mounts Handler), the page names that server, not
// the fake's own loopback listener.
func TestInspectorShowsTheURLItWasReachedAt(t *testing.T) {
	t.Parallel()
	srv, _ := newControlled(t)
	own := httptest.NewServer(srv.Handler())
	t.Cleanup(own.Close)
	req, _ := http.NewRequest(http.MethodGet, own.URL+fakeserver.ControlPrefix, nil)
	req.Header.Set("Authorization", "Bearer "+testControlToken)
	resp, err := own.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	got := []bool{strings.Contains(string(page), own.URL), strings.Contains(string(page), srv.URL())}
	testkit.WantEqual(t, "the page names the server it was reached at, not the fake's listener", []bool{true, false}, got)
}
