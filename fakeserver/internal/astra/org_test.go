package astra_test

import (
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestCurrentOrgReturnsTheTokensOrganization(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		r := c.Must(200, "GET", "/v2/currentOrg", nil)
		want := map[string]any{"id": fakeserver.DefaultOrgID, "name": fakeserver.DefaultOrgName}
		if diff := testkit.Diff(want, faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("default org (-want +got):\n%s", diff)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}

		orgID := srv.AddOrganization("second org")
		token, err := srv.AddToken(orgID) // no roles: currentOrg needs none
		if err != nil {
			t.Fatal(err)
		}
		r = c.With(token, "").Must(200, "GET", "/v2/currentOrg", nil)
		want = map[string]any{"id": orgID, "name": "second org"}
		if diff := testkit.Diff(want, faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("added org (-want +got):\n%s", diff)
		}
	})
}
