package astra_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func TestLangflowCreateReturnsTheNewTenant(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"", "/api"} {
		faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
			c := e.C
			clock := e.Clock
			r := c.Must(201, "POST", prefix+"/v1/tenant", faketest.LangflowCreateBody(fakeserver.DefaultOrgID))
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			got := faketest.Decode(t, r.Body).(map[string]any)
			id, _ := got["id"].(string)
			if !uuidV4.MatchString(id) {
				t.Fatalf("tenant id %q is not a UUID", id)
			}
			now := rfc3339(clock.Now())
			want := map[string]any{
				"id": id, "org_id": fakeserver.DefaultOrgID, "cloud_provider": "aws", "region": "us-west-2",
				"status": "created", "url": "https://aws-us-west-2.langflow.datastax.com/lf/" + id,
				"created_at": now, "updated_at": now,
			}
			if diff := testkit.Diff(want, got); diff != "" {
				t.Errorf("create %s (-want +got):\n%s", prefix, diff)
			}
			for _, p := range []string{"", "/api"} {
				path := p + "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenant/" + id
				if diff := testkit.Diff(any(want), faketest.Decode(t, c.Must(200, "GET", path, nil).Body)); diff != "" {
					t.Errorf("GET %s (-want +got):\n%s", path, diff)
				}
				path = p + "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenants"
				if diff := testkit.Diff([]any{want}, faketest.Decode(t, c.Must(200, "GET", path, nil).Body)); diff != "" {
					t.Errorf("GET %s (-want +got):\n%s", path, diff)
				}
			}
		})
	}
}

func TestLangflowLifecycleFollowsTheClock(t *testing.T) {
	t.Parallel()
	clock := faketest.NewClock()
	srv := faketest.New(t, fakeserver.WithClock(clock), fakeserver.WithProvisioningDelay(5*time.Second))
	c := faketest.InProcess(t, srv)
	t0 := clock.Now()
	id := faketest.CreateLangflowTenant(t, c, "").ID
	steps := []struct {
		at      time.Duration // since creation
		status  string
		updated time.Duration // updated_at, since creation
	}{
		{0, "created", 0},
		{99 * time.Millisecond, "created", 0},
		{100 * time.Millisecond, "provisioning", 100 * time.Millisecond},
		{4999 * time.Millisecond, "provisioning", 100 * time.Millisecond},
		{5 * time.Second, "active", 5 * time.Second},
		{time.Hour, "active", 5 * time.Second},
	}
	for _, s := range steps {
		clock.Advance(t0.Add(s.at).Sub(clock.Now()))
		got := faketest.GetLangflowTenant(t, c, id)
		want := []string{s.status, rfc3339(t0), rfc3339(t0.Add(s.updated))}
		if diff := testkit.Diff(want, []string{got.Status, got.CreatedAt, got.UpdatedAt}); diff != "" {
			t.Errorf("at +%v, [status created_at updated_at] (-want +got):\n%s", s.at, diff)
		}
	}

	// Deactivation, then reactivation for the same delay.
	if err := srv.DeactivateLangflowTenant(id); err != nil {
		t.Fatal(err)
	}
	tDeact := clock.Now()
	if got := faketest.GetLangflowTenant(t, c, id); got.Status != "deactivated" || got.UpdatedAt != rfc3339(tDeact) {
		t.Errorf("after deactivation: %+v", got)
	}
	clock.Advance(time.Minute)
	tReact := clock.Now()
	var got faketest.LangflowTenant
	r := c.Must(200, "PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+id+"/reactivate", nil)
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "reactivating" || got.UpdatedAt != rfc3339(tReact) || got.CreatedAt != rfc3339(t0) {
		t.Errorf("reactivate response: %+v; want reactivating since %s", got, rfc3339(tReact))
	}
	clock.Advance(4 * time.Second)
	if got := faketest.GetLangflowTenant(t, c, id); got.Status != "reactivating" {
		t.Errorf("4s into reactivation: status %q, want reactivating", got.Status)
	}
	clock.Advance(time.Second)
	if got := faketest.GetLangflowTenant(t, c, id); got.Status != "active" || got.UpdatedAt != rfc3339(tReact.Add(5*time.Second)) {
		t.Errorf("5s into reactivation: %+v, want active", got)
	}
}

func TestLangflowZeroDelayMakesTenantsActiveAtOnce(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithProvisioningDelay(0))
	c := faketest.InProcess(t, srv)
	tn := faketest.CreateLangflowTenant(t, c, "")
	if tn.Status != "active" {
		t.Errorf("created tenant status %q, want active", tn.Status)
	}
	if err := srv.DeactivateLangflowTenant(tn.ID); err != nil {
		t.Fatal(err)
	}
	if got := faketest.Decode(t, c.Must(200, "PATCH", "/api/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+tn.ID+"/reactivate", nil).Body); got.(map[string]any)["status"] != "active" {
		t.Errorf("reactivated tenant status %v, want active", got.(map[string]any)["status"])
	}
}

func TestProvisioningDelayMustExceedTheCreatedPhase(t *testing.T) {
	t.Parallel()
	for _, d := range []time.Duration{-time.Second, time.Nanosecond, 100 * time.Millisecond} {
		if _, err := fakeserver.New(fakeserver.WithProvisioningDelay(d)); err == nil {
			t.Errorf("WithProvisioningDelay(%v) accepted", d)
		}
	}
}

func TestLangflowListIsOldestFirstAndPerOrg(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		other := srv.AddOrganization("other")
		tok, err := srv.AddToken(other, "Langflow Administrator")
		if err != nil {
			t.Fatal(err)
		}
		oc := c.With(tok, other)
		var want []string
		for i := range 3 {
			want = append(want, faketest.CreateLangflowTenant(t, c, "").ID)
			if i == 1 {
				faketest.CreateLangflowTenant(t, oc, "")
			}
		}
		var list []faketest.LangflowTenant
		if err := json.Unmarshal(c.Must(200, "GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenants", nil).Body, &list); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tn := range list {
			got = append(got, tn.ID)
		}
		if diff := testkit.Diff(want, got); diff != "" {
			t.Errorf("tenant IDs (-want +got):\n%s", diff)
		}
		// A tenant of another organization is not found through this one.
		otherID := faketest.CreateLangflowTenant(t, oc, "").ID
		faketest.WantError(t, c.Do("GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+otherID, nil), 404, "tenant not found")
		faketest.WantError(t, c.Do("PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+otherID+"/reactivate", nil), 404, "tenant not found")
		// An organization without tenants lists [].
		empty := srv.AddOrganization("empty")
		etok, _ := srv.AddToken(empty, "Langflow Administrator")
		if r := c.With(etok, empty).Must(200, "GET", "/v1/orgs/"+empty+"/tenants", nil); string(r.Body) != "[]" {
			t.Errorf("empty list body %q, want []", r.Body)
		}
	})
}

func TestLangflowReactivateFromEachStatus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status     string // pinned with SetLangflowTenantStatus; "" leaves the tenant provisioning
		wantStatus int
		wantAfter  string
		msg        string
	}{
		{"", 200, "created", ""},
		{"active", 200, "active", ""},
		{"reactivating", 200, "reactivating", ""},
		{"some-future-status", 200, "some-future-status", ""},
		{"deactivated", 200, "reactivating", ""},
		{"failed", 409, "failed", "tenant cannot be reactivated from status failed"},
		{"terminated", 409, "terminated", "tenant cannot be reactivated from status terminated"},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		for _, tc := range cases {
			id := faketest.CreateLangflowTenant(t, c, "").ID
			if tc.status != "" {
				if err := srv.SetLangflowTenantStatus(id, tc.status); err != nil {
					t.Fatal(err)
				}
			}
			before := faketest.GetLangflowTenant(t, c, id)
			r := c.Do("PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+id+"/reactivate", nil)
			if tc.wantStatus != 200 {
				faketest.WantError(t, r, tc.wantStatus, tc.msg)
				if diff := testkit.Diff(before, faketest.GetLangflowTenant(t, c, id)); diff != "" {
					t.Errorf("409 changed the tenant (-before +after):\n%s", diff)
				}
				continue
			}
			if r.Status != 200 {
				t.Fatalf("reactivate from %q: %d %s", tc.status, r.Status, r.Body)
			}
			var got faketest.LangflowTenant
			_ = json.Unmarshal(r.Body, &got)
			if got.Status != tc.wantAfter || faketest.GetLangflowTenant(t, c, id).Status != tc.wantAfter {
				t.Errorf("reactivate from %q: status %q, want %q", tc.status, got.Status, tc.wantAfter)
			}
		}
		faketest.WantError(t, c.Do("PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/nope/reactivate", nil), 404, "tenant not found")
		faketest.WantError(t, c.Do("GET", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/nope", nil), 404, "tenant not found")
	})
}

func TestLangflowHooks(t *testing.T) {
	t.Parallel()
	clock := faketest.NewClock()
	srv := faketest.New(t, fakeserver.WithClock(clock))
	c := faketest.InProcess(t, srv)
	id := faketest.CreateLangflowTenant(t, c, "").ID

	if err := srv.FinishProvisioning(id); err != nil {
		t.Fatal(err)
	}
	if got := faketest.GetLangflowTenant(t, c, id); got.Status != "active" {
		t.Errorf("after FinishProvisioning: status %q, want active", got.Status)
	}
	if err := srv.FinishProvisioning(id); err != nil {
		t.Errorf("FinishProvisioning of an active tenant: %v, want nil", err)
	}
	if err := srv.DeactivateLangflowTenant(id); err != nil {
		t.Fatal(err)
	}
	if err := srv.DeactivateLangflowTenant(id); err != nil {
		t.Errorf("second DeactivateLangflowTenant: %v, want nil", err)
	}
	failed := faketest.CreateLangflowTenant(t, c, "").ID
	_ = srv.SetLangflowTenantStatus(failed, "failed")

	cases := []struct {
		name string
		err  error
		want string
	}{
		{"finish a deactivated tenant", srv.FinishProvisioning(id), "fakeserver: FinishProvisioning: tenant " + id + " is deactivated, not provisioning"},
		{"finish an unknown tenant", srv.FinishProvisioning("nope"), `fakeserver: FinishProvisioning: unknown Langflow tenant "nope"`},
		{"deactivate a failed tenant", srv.DeactivateLangflowTenant(failed), "fakeserver: DeactivateLangflowTenant: tenant " + failed + " is failed"},
		{"deactivate an unknown tenant", srv.DeactivateLangflowTenant(""), `fakeserver: DeactivateLangflowTenant: unknown Langflow tenant ""`},
		{"empty status", srv.SetLangflowTenantStatus(id, ""), "fakeserver: SetLangflowTenantStatus: empty status"},
		{"status of an unknown tenant", srv.SetLangflowTenantStatus("nope", "x"), `fakeserver: SetLangflowTenantStatus: unknown Langflow tenant "nope"`},
	}
	for _, tc := range cases {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	// FinishProvisioning also cuts a reactivation short.
	c.Must(200, "PATCH", "/v1/orgs/"+fakeserver.DefaultOrgID+"/tenant/"+id+"/reactivate", nil)
	if err := srv.FinishProvisioning(id); err != nil || faketest.GetLangflowTenant(t, c, id).Status != "active" {
		t.Errorf("FinishProvisioning during reactivation: %v, status %q", err, faketest.GetLangflowTenant(t, c, id).Status)
	}
}

func TestLangflowCreateValidation(t *testing.T) {
	t.Parallel()
	body := func(provider, region string) string {
		return `{"cloud_provider":"` + provider + `","org_id":"` + fakeserver.DefaultOrgID + `","region":"` + region + `"}`
	}
	cases := []struct {
		name   string
		body   string
		status int
		msg    string
	}{
		{"empty body", "", 400, "request body is required"},
		{"malformed JSON", `{"cloud_provider":"aws",`, 400, "malformed JSON in request body at offset 24"},
		{"not an object", `[]`, 400, "request body must be a JSON object"},
		{"region of the wrong type", `{"cloud_provider":"aws","org_id":"` + fakeserver.DefaultOrgID + `","region":1}`, 400, `invalid value for "region": want a string, got number`},
		{"org_id of the wrong type", `{"cloud_provider":"aws","org_id":true,"region":"r"}`, 400, `invalid value for "org_id": want a string, got bool`},
		{"missing cloud_provider", `{"org_id":"` + fakeserver.DefaultOrgID + `","region":"us-east-1"}`, 400, "cloud_provider is required"},
		{"missing org_id", `{"cloud_provider":"aws","region":"us-east-1"}`, 400, "org_id is required"},
		{"empty region", body("aws", ""), 400, "region is required"},
		{"unknown provider", body("ibm", "us-east-1"), 400, `invalid cloud_provider "ibm": must be one of aws, gcp, azure`},
		{"upper-case region", body("aws", "US-EAST-1"), 400, `invalid region "US-EAST-1": must match [a-z0-9-]+`},
		{"region with a slash", body("gcp", "us/east"), 400, `invalid region "us/east": must match [a-z0-9-]+`},
		{"oversized body", `{"cloud_provider":"aws","org_id":"` + fakeserver.DefaultOrgID + `","region":"` + strings.Repeat("a", 1<<20) + `"}`, 413, "request body exceeds the limit of 1 MiB"},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		faketest.CreateLangflowTenant(t, c, "")
		unchanged := faketest.AstraUnchanged(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				faketest.WantError(t, c.Do("POST", "/v1/tenant", tc.body), tc.status, tc.msg)
			})
		}
		unchanged("a rejected create")
		// The provider is case-insensitive and stored lowercase.
		var tn faketest.LangflowTenant
		_ = json.Unmarshal(c.Must(201, "POST", "/v1/tenant", body("AZURE", "eastus-2")).Body, &tn)
		if tn.CloudProvider != "azure" || !strings.HasPrefix(tn.URL, "https://azure-eastus-2.langflow.datastax.com/lf/") {
			t.Errorf("created %+v; want provider azure and a matching URL", tn)
		}
	})
}

func TestLangflowHeaderRules(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		other := srv.AddOrganization("other")
		noLangflow, err := srv.AddToken(fakeserver.DefaultOrgID, "RO User")
		if err != nil {
			t.Fatal(err)
		}
		tenant := faketest.CreateLangflowTenant(t, c, "").ID
		unchanged := faketest.AstraUnchanged(t, c)
		get := "/v1/orgs/" + fakeserver.DefaultOrgID + "/tenant/" + tenant
		cases := []struct {
			name, token, org, method, path, body string
			status                               int
			msg                                  string
		}{
			{"missing header", fakeserver.DefaultAstraToken, "", "GET", get, "", 400, "X-DataStax-Current-Org header is required"},
			{"missing header on create", fakeserver.DefaultAstraToken, "", "POST", "/v1/tenant", faketest.LangflowCreateBody(fakeserver.DefaultOrgID), 400, "X-DataStax-Current-Org header is required"},
			{"header of another org", fakeserver.DefaultAstraToken, other, "GET", get, "", 403, "X-DataStax-Current-Org does not match the token's organization"},
			{"path org differs", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID, "GET", "/v1/orgs/" + other + "/tenant/" + tenant, "", 403, "organization mismatch"},
			{"path org differs on list", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID, "GET", "/api/v1/orgs/" + other + "/tenants", "", 403, "organization mismatch"},
			{"path org differs on reactivate", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID, "PATCH", "/v1/orgs/" + other + "/tenant/" + tenant + "/reactivate", "", 403, "organization mismatch"},
			{"body org differs", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID, "POST", "/v1/tenant", faketest.LangflowCreateBody(other), 403, "organization mismatch"},
			{"token check comes first", "AstraCS:bogus", "", "GET", get, "", 401, "Invalid token"},
			{"header rules before permission", noLangflow, "", "GET", get, "", 400, "X-DataStax-Current-Org header is required"},
			{"permission after header rules", noLangflow, fakeserver.DefaultOrgID, "GET", get, "", 403, "the token's roles do not grant the langflow-ide-build permission"},
			{"permission before validation", noLangflow, fakeserver.DefaultOrgID, "POST", "/v1/tenant", "{", 403, "the token's roles do not grant the langflow-ide-build permission"},
			{"body without org_id is a validation error", fakeserver.DefaultAstraToken, fakeserver.DefaultOrgID, "POST", "/v1/tenant", `{"cloud_provider":"aws","region":"r"}`, 400, "org_id is required"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var body any
				if tc.body != "" {
					body = tc.body
				}
				faketest.WantError(t, c.With(tc.token, tc.org).Do(tc.method, tc.path, body), tc.status, tc.msg)
			})
		}
		unchanged("a rejected request")
	})
}
