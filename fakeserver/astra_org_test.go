package fakeserver

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCurrentOrgReturnsTheTokensOrganization(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		r := c.must(200, "GET", "/v2/currentOrg", nil)
		want := map[string]any{"id": DefaultOrgID, "name": DefaultOrgName}
		if diff := cmp.Diff(want, decode(t, r.Body)); diff != "" {
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
		r = c.with(token, "").must(200, "GET", "/v2/currentOrg", nil)
		want = map[string]any{"id": orgID, "name": "second org"}
		if diff := cmp.Diff(want, decode(t, r.Body)); diff != "" {
			t.Errorf("added org (-want +got):\n%s", diff)
		}
	})
}
