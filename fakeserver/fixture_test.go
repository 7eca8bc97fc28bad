package fakeserver_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// writeGoldenOrCompare compares got with testdata/name, or rewrites the file
// when TENANTKIT_UPDATE_GOLDEN=1.
func writeGoldenOrCompare(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("TENANTKIT_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (regenerate with TENANTKIT_UPDATE_GOLDEN=1)", err)
	}
	if diff := testkit.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-file +now):\n%s", path, diff)
	}
}

func TestDefaultFixtureFileIsTheDefaultFixture(t *testing.T) {
	t.Parallel()
	b, err := json.MarshalIndent(fakeserver.DefaultFixture(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeGoldenOrCompare(t, "fixture.default.json", append(b, '\n'))
	f, err := fakeserver.LoadFixture(filepath.Join("testdata", "fixture.default.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := testkit.Diff(fakeserver.DefaultFixture(), f); diff != "" {
		t.Errorf("the file does not load back as DefaultFixture (-want +got):\n%s", diff)
	}
}

func TestDefaultFixtureIsWhatCredentialsReport(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	want := fakeserver.Credentials{
		OrgID: fakeserver.DefaultOrgID, OrgName: fakeserver.DefaultOrgName, AstraToken: fakeserver.DefaultAstraToken,
		ArgoAdminKey: fakeserver.DefaultArgoAdminKey, ArgoRestrictedAdminKey: fakeserver.DefaultArgoRestrictedKey, ArgoUIAdminKey: fakeserver.DefaultArgoUIAdminKey,
	}
	if diff := testkit.Diff(want, srv.Credentials()); diff != "" {
		t.Errorf("Credentials (-want +got):\n%s", diff)
	}
	c := faketest.InProcess(t, srv)
	if diff := testkit.Diff(faketest.UserListJSON(faketest.UserJSON(faketest.AdminUserID(), faketest.AdminEmail(), "active", "Organization Administrator")),
		faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users", nil).Body)); diff != "" {
		t.Errorf("users (-want +got):\n%s", diff)
	}
}

func TestExampleFixtureLoadsAndServes(t *testing.T) {
	t.Parallel()
	f, err := fakeserver.LoadFixture(filepath.Join("testdata", "fixture.example.json"))
	if err != nil {
		t.Fatal(err)
	}
	clock := faketest.NewClock()
	srv := faketest.New(t, fakeserver.WithFixture(f), fakeserver.WithClock(clock), fakeserver.WithSeed(1))
	wantCreds := fakeserver.Credentials{
		OrgID:                  "7d1c5e2a-9b3f-4a6e-8c2d-1f0e9a8b7c6d",
		OrgName:                "acme",
		AstraToken:             f.Organizations[0].Tokens[0].Token,
		ArgoAdminKey:           "acme-argo-super-admin",
		ArgoRestrictedAdminKey: "acme-argo-restricted",
		ArgoUIAdminKey:         "acme-argo-ui",
	}
	creds := srv.Credentials()
	if diff := testkit.Diff(wantCreds, creds); diff != "" {
		t.Fatalf("Credentials (-want +got):\n%s", diff)
	}
	c := faketest.InProcess(t, srv).With(creds.AstraToken, creds.OrgID)
	c.With(fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID).Do("GET", "/v2/currentOrg", nil) // the default token is not in this fixture
	if call, _ := srv.Journal().Last(); call.Status != 401 {
		t.Errorf("the default token got %d, want 401", call.Status)
	}

	var users struct {
		Users []struct {
			Email, Status string
			Roles         []struct{ Name string }
		}
	}
	faketest.MustUnmarshal(t, c.Must(200, "GET", "/v2/organizations/users", nil).Body, &users)
	var got []string
	for _, u := range users.Users {
		names := make([]string, len(u.Roles))
		for i, r := range u.Roles {
			names[i] = r.Name
		}
		got = append(got, u.Email+" "+u.Status+" "+strings.Join(names, ","))
	}
	want := []string{"owner@acme.example active Organization Administrator", "ops@acme.example invited Tenant Operator,RO User"}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("users (-want +got):\n%s", diff)
	}

	role := faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/roles/3a9f1c7e-5b2d-4e8a-9f6c-0d1e2b3c4a5f", nil).Body).(map[string]any)
	if role["LastUpdateDateTime"] != "2025-05-01T09:30:00Z" || role["LastUpdateUserID"] != "ZxQwErTyUiOpAsDfGhJkLzXc" || role["OrgID"] != creds.OrgID {
		t.Errorf("custom role: %v", role)
	}
	// The second token holds only the custom role, which grants org-user-read.
	ro := c.With(f.Organizations[0].Tokens[1].Token, creds.OrgID)
	ro.Must(200, "GET", "/v2/organizations/users", nil)
	faketest.WantAstraError(t, ro.Do("GET", "/v2/organizations/roles", nil), 403)

	var tenants []faketest.LangflowTenant
	faketest.MustUnmarshal(t, c.Must(200, "GET", "/v1/orgs/"+creds.OrgID+"/tenants", nil).Body, &tenants)
	got = nil
	for _, tn := range tenants {
		got = append(got, tn.CloudProvider+" "+tn.Region+" "+tn.Status+" "+tn.CreatedAt+" "+tn.UpdatedAt)
	}
	now := clock.Now().UTC().Format(time.RFC3339)
	want = []string{
		"aws us-east-2 active 2025-04-01T08:00:00Z 2025-04-01T08:00:00Z",
		"gcp europe-west1 deactivated 2025-03-01T08:00:00Z 2025-04-15T00:00:00Z",
		"azure westeurope created " + now + " " + now,
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("Langflow tenants (-want +got):\n%s", diff)
	}
	clock.Advance(2 * time.Second)
	if tn := faketest.GetLangflowTenant(t, c, tenants[2].ID); tn.Status != "active" {
		t.Errorf("the unpinned tenant is %s after the provisioning delay, want active", tn.Status)
	}

	argo := c.With("", "")
	hdr := faketest.ArgoHeader(creds.ArgoAdminKey)
	list := argo.DoHeaders("GET", "/api/v2/admin/tenants", nil, hdr)
	var env struct {
		Data []argoWireTenant `json:"data"`
	}
	faketest.MustUnmarshal(t, list.Body, &env)
	if len(env.Data) != 2 || env.Data[0].Info.Name != "tenant1" || len(env.Data[0].Users) != 2 ||
		env.Data[0].Users[0].APIKey != "user_a_key" || len(env.Data[0].Users[1].APIKey) != 64 || env.Data[1].Users != nil {
		t.Errorf("ARGO tenants: %s", list.Body)
	}
	status := argo.DoHeaders("GET", "/api/v2/admin/tenants/6ac7d684-1f8e-4a02-a502-720e8f11e50b/status", nil, hdr)
	if !strings.Contains(string(status.Body), `"messages_arrived": 200`) || !strings.Contains(string(status.Body), `"last_check": "2024-05-23T10:11:12Z"`) {
		t.Errorf("engine status: %s", status.Body)
	}
	ui := argo.DoHeaders("GET", "/api/v2/admin/tenants", nil, faketest.ArgoHeader(creds.ArgoUIAdminKey))
	faketest.MustUnmarshal(t, ui.Body, &env)
	if len(env.Data) != 1 || len(env.Data[0].Users) != 1 {
		t.Errorf("UI admin view: %s", ui.Body)
	}
}

// argoWireTenant decodes an ARGO tenant in internal tests.
type argoWireTenant struct {
	ID   string `json:"id"`
	Info struct {
		Name string `json:"name"`
	} `json:"info"`
	Users []struct {
		ID     string `json:"id"`
		APIKey string `json:"api_key"`
	} `json:"users"`
}

func TestFixtureGeneratesRepeatableIDsUnderASeed(t *testing.T) {
	t.Parallel()
	f := fakeserver.Fixture{Organizations: []fakeserver.FixtureOrganization{{
		Name:            "gen",
		Tokens:          []fakeserver.FixtureToken{{Token: "tok", Roles: []string{"Organization Administrator", "Langflow Administrator"}}},
		Users:           []fakeserver.FixtureUser{{Email: "a@b.example"}},
		LangflowTenants: []fakeserver.FixtureLangflowTenant{{CloudProvider: "AWS", Region: "r1"}},
	}}, ArgoTenants: []fakeserver.FixtureArgoTenant{{Info: fakeserver.FixtureArgoInfo{Name: "x"}, Users: []fakeserver.FixtureArgoUser{{Name: "u"}}}}}
	dump := func() string {
		srv := faketest.New(t, fakeserver.WithFixture(f), fakeserver.WithSeed(5), fakeserver.WithClock(faketest.NewClock()))
		c := faketest.InProcess(t, srv).With("tok", srv.Credentials().OrgID)
		return string(c.Must(200, "GET", "/v2/organizations/users", nil).Body) +
			string(c.Must(200, "GET", "/v1/orgs/"+srv.Credentials().OrgID+"/tenants", nil).Body) +
			string(c.With("", "").DoHeaders("GET", "/api/v2/admin/tenants", nil, faketest.ArgoHeader(fakeserver.DefaultArgoAdminKey)).Body)
	}
	a := dump()
	if diff := testkit.Diff(a, dump()); diff != "" {
		t.Errorf("same seed, different state (-first +second):\n%s", diff)
	}
	if !strings.Contains(a, `"cloud_provider":"aws"`) {
		t.Errorf("cloud_provider not stored lower-case: %s", a)
	}
}

func TestEmptyFixtureHasNoCredentials(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithFixture(fakeserver.Fixture{}))
	if diff := testkit.Diff(fakeserver.Credentials{}, srv.Credentials()); diff != "" {
		t.Errorf("Credentials (-want +got):\n%s", diff)
	}
	c := faketest.InProcess(t, srv)
	faketest.WantAstraError(t, c.Do("GET", "/v2/currentOrg", nil), 401)
	if r := c.Argo("GET", "/api/v2/admin/tenants", nil); r.Status != 401 {
		t.Errorf("ARGO with the default key: %d, want 401", r.Status)
	}
}

func TestFixtureErrorsNameTheRecord(t *testing.T) {
	t.Parallel()
	org := func(mod func(o *fakeserver.FixtureOrganization)) fakeserver.Fixture {
		o := fakeserver.FixtureOrganization{ID: "o1", Name: "o"}
		mod(&o)
		return fakeserver.Fixture{Organizations: []fakeserver.FixtureOrganization{o}}
	}
	okPolicy := fakeserver.FixturePolicy{Resources: []string{"drn:astra:org:o1"}, Actions: []string{"org-read"}}
	cases := []struct {
		name string
		f    fakeserver.Fixture
		want string
	}{
		{"duplicate org", fakeserver.Fixture{Organizations: []fakeserver.FixtureOrganization{{ID: "o1"}, {ID: "o1"}}}, "organizations[1]: organization o1 already exists"},
		{"bad email", org(func(o *fakeserver.FixtureOrganization) { o.Users = []fakeserver.FixtureUser{{Email: "nope"}} }), `organizations[0].users[0] ("nope"): invalid email`},
		{"bad status", org(func(o *fakeserver.FixtureOrganization) {
			o.Users = []fakeserver.FixtureUser{{Email: "a@b.c", Status: "gone"}}
		}), `status "gone"`},
		{"duplicate email", org(func(o *fakeserver.FixtureOrganization) {
			o.Users = []fakeserver.FixtureUser{{Email: "a@b.c"}, {Email: "A@b.c"}}
		}), `users[1] ("A@b.c"): user "a@b.c" already exists`},
		{"unknown role", org(func(o *fakeserver.FixtureOrganization) {
			o.Users = []fakeserver.FixtureUser{{Email: "a@b.c", Roles: []string{"Wizard"}}}
		}), `no role with ID or name "Wizard"`},
		{"role without actions", org(func(o *fakeserver.FixtureOrganization) {
			o.Roles = []fakeserver.FixtureRole{{Name: "r", Policy: fakeserver.FixturePolicy{Resources: okPolicy.Resources}}}
		}), `roles[0] ("r"): policy.actions must not be empty`},
		{"role named like a built-in", org(func(o *fakeserver.FixtureOrganization) {
			o.Roles = []fakeserver.FixtureRole{{Name: "RO User", Policy: okPolicy}}
		}), "role with name RO User already exists"},
		{"deny role", org(func(o *fakeserver.FixtureOrganization) {
			p := okPolicy
			p.Effect = "deny"
			o.Roles = []fakeserver.FixtureRole{{Name: "r", Policy: p}}
		}), `policy.effect must be "allow"`},
		{"empty token", org(func(o *fakeserver.FixtureOrganization) { o.Tokens = []fakeserver.FixtureToken{{}} }), "tokens[0]: a token must be non-empty"},
		{"duplicate token", org(func(o *fakeserver.FixtureOrganization) {
			o.Tokens = []fakeserver.FixtureToken{{Token: "t"}, {Token: "t"}}
		}), "tokens[1]: token already exists"},
		{"bad provider", org(func(o *fakeserver.FixtureOrganization) {
			o.LangflowTenants = []fakeserver.FixtureLangflowTenant{{CloudProvider: "ibm", Region: "r"}}
		}), `langflow_tenants[0]: invalid cloud_provider "ibm"`},
		{"bad region", org(func(o *fakeserver.FixtureOrganization) {
			o.LangflowTenants = []fakeserver.FixtureLangflowTenant{{CloudProvider: "aws", Region: "US East"}}
		}), `invalid region "US East"`},
		{"bad flavour", fakeserver.Fixture{ArgoAdminKeys: []fakeserver.FixtureArgoAdminKey{{Key: "k", Flavour: "root"}}}, `argo_admin_keys[0]: unknown flavour "root"`},
		{"empty admin key", fakeserver.Fixture{ArgoAdminKeys: []fakeserver.FixtureArgoAdminKey{{Flavour: fakeserver.ArgoSuperAdmin}}}, "argo_admin_keys[0]: empty key"},
		{"duplicate tenant name", fakeserver.Fixture{ArgoTenants: []fakeserver.FixtureArgoTenant{{Info: fakeserver.FixtureArgoInfo{Name: "n"}}, {Info: fakeserver.FixtureArgoInfo{Name: "n"}}}},
			`argo_tenants: tenant 1 (name "n"): the name is already used`},
		{"bad engine status", fakeserver.Fixture{ArgoTenants: []fakeserver.FixtureArgoTenant{{Info: fakeserver.FixtureArgoInfo{Name: "n"}, Status: json.RawMessage(`{"engine_config":"yes"}`)}}},
			`argo_tenants[0] (name "n"): status:`},
	}
	for _, tc := range cases {
		_, err := fakeserver.New(fakeserver.WithFixture(tc.f))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := fakeserver.New(fakeserver.WithFixture(fakeserver.Fixture{ArgoTenants: []fakeserver.FixtureArgoTenant{{Status: json.RawMessage(`{`)}}})); err == nil {
		t.Error("a malformed raw status was accepted")
	}
}

func TestParseFixtureRejectsUnknownKeysAndTrailingData(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{
		`{"organisations":[]}`,
		`{"organizations":[{"name":"o","user":[]}]}`,
		`{} {}`,
		`[]`,
		``,
	} {
		if _, err := fakeserver.ParseFixture([]byte(bad)); err == nil {
			t.Errorf("ParseFixture(%q) accepted", bad)
		}
	}
	if _, err := fakeserver.LoadFixture(filepath.Join("testdata", "no-such-file.json")); err == nil || !strings.Contains(err.Error(), "no-such-file.json") {
		t.Errorf("LoadFixture of a missing file: %v", err)
	}
}

func TestWithFixtureCopiesItsArgument(t *testing.T) {
	t.Parallel()
	f := fakeserver.DefaultFixture()
	opt := fakeserver.WithFixture(f)
	f.Organizations[0].Name = "changed"
	f.Organizations[0].Tokens[0].Roles[0] = "RO User"
	srv := faketest.New(t, opt)
	if got := srv.Credentials().OrgName; got != fakeserver.DefaultOrgName {
		t.Errorf("OrgName %q: WithFixture saw a later change", got)
	}
	faketest.InProcess(t, srv).Must(200, "GET", "/v2/organizations/roles", nil)
}
