package fakeserver

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestJournalRecordsEachRequestAndWhatWasAnswered(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		start := clockOf(srv).Now()
		c.must(200, "GET", "/v2/organizations/users", nil)
		clockOf(srv).Advance(time.Second)
		created := c.must(201, "POST", "/api/v1/tenant", createBody(t, DefaultOrgID))
		_ = c.do("DELETE", "/v2/currentOrg", nil)

		calls := srv.Journal().Calls()
		if len(calls) != 3 {
			t.Fatalf("%d calls, want 3: %v", len(calls), srv.Journal().Summary())
		}
		want := Call{
			Seq:       2,
			Time:      start.Add(time.Second),
			Operation: "createLangflowTenant",
			Method:    "POST",
			Path:      "/api/v1/tenant",
			Header: http.Header{
				"Authorization":          {"[REDACTED]"},
				"X-Datastax-Current-Org": {DefaultOrgID},
				"Content-Type":           {"application/json"},
			},
			Body:           []byte(createBody(t, DefaultOrgID)),
			Status:         201,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}, "Content-Length": {created.Header.Get("Content-Length")}},
			ResponseBody:   created.Body,
		}
		ignore := cmpopts.IgnoreMapEntries(func(k string, _ []string) bool {
			return k == "User-Agent" || k == "Accept-Encoding" || k == "Content-Length"
		})
		if diff := cmp.Diff(want, calls[1], ignore); diff != "" {
			t.Errorf("the create call (-want +got):\n%s", diff)
		}
		wantSummary := []string{"GET /v2/organizations/users 200", "POST /api/v1/tenant 201", "DELETE /v2/currentOrg 405"}
		if diff := cmp.Diff(wantSummary, srv.Journal().Summary()); diff != "" {
			t.Errorf("summary (-want +got):\n%s", diff)
		}
		if calls[2].Operation != "" {
			t.Errorf("a 405 reached operation %q, want none", calls[2].Operation)
		}
	})
}

func TestJournalRedactsSecretsInHeadersAndBodies(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		tenant := `{"info":{"name":"t"},"db_conf":[{"store":"ar","password":"db-secret-pw"}],` +
			`"users":[{"name":"u","API_KEY":"user-secret-key","roles":["admin"]},{"name":"v"}]}`
		r := c.argo("POST", "/api/v2/admin/tenants", tenant)
		var created struct {
			Data struct{ ID string } `json:"data"`
		}
		mustUnmarshal(t, r.Body, &created)
		got := c.argo("GET", "/api/v2/admin/tenants/"+created.Data.ID, nil)
		generated := ""
		for _, line := range strings.Split(string(got.Body), "\n") {
			if strings.Contains(line, `"api_key"`) && !strings.Contains(line, "user-secret-key") {
				generated = strings.Trim(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), `"api_key":`)), `",`)
			}
		}
		if len(generated) != 64 {
			t.Fatalf("no generated key in %s", got.Body)
		}
		// The clash message names the key; the journal must not.
		clash := c.argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"t2"},"users":[{"api_key":"user-secret-key"}]}`)
		if clash.Status != 409 || !strings.Contains(string(clash.Body), "user-secret-key") {
			t.Fatalf("clash: %d %s", clash.Status, clash.Body)
		}

		var all strings.Builder
		for _, call := range srv.Journal().Calls() {
			for _, vs := range call.Header {
				all.WriteString(strings.Join(vs, " "))
			}
			all.Write(call.Body)
			all.Write(call.ResponseBody)
			if call.Header.Get("X-Api-Key") != "[REDACTED]" {
				t.Errorf("%s: X-Api-Key %q, want [REDACTED]", call, call.Header.Get("X-Api-Key"))
			}
		}
		for _, secret := range []string{DefaultArgoAdminKey, "db-secret-pw", "user-secret-key", generated} {
			if strings.Contains(all.String(), secret) {
				t.Errorf("the journal holds the secret %q", secret)
			}
		}
		first := srv.Journal().Calls()[0]
		wantBody := `{"info":{"name":"t"},"db_conf":[{"store":"ar","password":"[REDACTED]"}],` +
			`"users":[{"name":"u","API_KEY":"[REDACTED]","roles":["admin"]},{"name":"v"}]}`
		if diff := cmp.Diff(wantBody, string(first.Body)); diff != "" {
			t.Errorf("redacted request body (-want +got):\n%s", diff)
		}
	})
}

func TestJournalCallsToLastLenAndReset(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	j := srv.Journal()
	if _, ok := j.Last(); ok || j.Len() != 0 {
		t.Fatal("a new journal is not empty")
	}
	c.must(200, "GET", "/v2/currentOrg", nil)
	c.must(200, "GET", "/v2/organizations/roles", nil)
	c.must(200, "GET", "/v2/currentOrg?x=1&x=2", nil)
	to := j.CallsTo("getCurrentOrganization")
	if len(to) != 2 || to[1].Seq != 3 || !cmp.Equal(to[1].Query, url.Values{"x": {"1", "2"}}) {
		t.Errorf("CallsTo: %v", to)
	}
	if last, ok := j.Last(); !ok || last.Seq != 3 || last.String() != "GET /v2/currentOrg?x=1&x=2 200" {
		t.Errorf("Last = %v, %v", last, ok)
	}
	j.Reset()
	if j.Len() != 0 || len(j.Calls()) != 0 {
		t.Error("Reset left entries")
	}
	c.must(200, "GET", "/v2/currentOrg", nil)
	if last, _ := j.Last(); last.Seq != 4 {
		t.Errorf("Seq after Reset = %d, want 4 (it does not restart)", last.Seq)
	}
}

func TestJournalKeepsTheMostRecentCallsWithinItsCapacity(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithJournalCapacity(3))
	c := newAstraClient(t, srv, "in-process")
	for range 5 {
		c.must(200, "GET", "/v2/currentOrg", nil)
	}
	var seqs []int64
	for _, call := range srv.Journal().Calls() {
		seqs = append(seqs, call.Seq)
	}
	if diff := cmp.Diff([]int64{3, 4, 5}, seqs); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if last, _ := srv.Journal().Last(); last.Seq != 5 || srv.Journal().Evicted() != 2 {
		t.Errorf("Last().Seq %d, Evicted %d; want 5, 2", last.Seq, srv.Journal().Evicted())
	}
}

func TestJournalCutsBodiesAtItsLimit(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithJournalBodyLimit(10))
	c := newAstraClient(t, srv, "in-process")
	c.must(201, "POST", "/v2/organizations/roles", customRole("long"))
	call, _ := srv.Journal().Last()
	if len(call.Body) != 10 || len(call.ResponseBody) != 10 || !call.Truncated {
		t.Errorf("bodies %q, %q, truncated %v; want 10 bytes each, truncated", call.Body, call.ResponseBody, call.Truncated)
	}
	srv2 := newTestServer(t, WithJournalBodyLimit(0))
	newAstraClient(t, srv2, "in-process").must(200, "GET", "/v2/currentOrg", nil)
	if call, _ := srv2.Journal().Last(); call.ResponseBody != nil || call.Status != 200 {
		t.Errorf("limit 0: %+v; want no body, status kept", call)
	}
}

func TestJournalOffRecordsNothing(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, WithJournalCapacity(0))
	c := newAstraClient(t, srv, "in-process")
	c.must(200, "GET", "/v2/currentOrg", nil)
	if err := srv.AcceptInvitation(DefaultOrgID, "nobody@example.com"); err == nil {
		t.Fatal("AcceptInvitation of nobody succeeded")
	}
	if srv.Journal().Len() != 0 {
		t.Errorf("journal holds %v", srv.Journal().Summary())
	}
	for _, n := range []int{-1} {
		if _, err := New(WithJournalCapacity(n)); err == nil {
			t.Errorf("WithJournalCapacity(%d) accepted", n)
		}
		if _, err := New(WithJournalBodyLimit(n)); err == nil {
			t.Errorf("WithJournalBodyLimit(%d) accepted", n)
		}
	}
}

func TestJournalCallsAreCopies(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	c.must(201, "POST", "/v2/organizations/roles", customRole("copy"))
	call, _ := srv.Journal().Last()
	call.Body[0] = 'X'
	call.Header.Set("Content-Type", "changed")
	call.ResponseHeader.Del("Content-Type")
	again, _ := srv.Journal().Last()
	if again.Body[0] != '{' || again.Header.Get("Content-Type") != "application/json" || again.ResponseHeader.Get("Content-Type") == "" {
		t.Error("changing a returned Call changed the journal")
	}
}

func TestRedactJSONSecretsKeepsLayoutAndFindsValues(t *testing.T) {
	t.Parallel()
	in := "{\n \"api_key\" : \"k\\\"1\",\n \"Password\":\"p\", \"other\": \"api_key\", \"api_key\": 5, \"x\": [\"password\"]\n}"
	out, secrets := redactJSONSecrets([]byte(in))
	want := "{\n \"api_key\" : \"[REDACTED]\",\n \"Password\":\"[REDACTED]\", \"other\": \"api_key\", \"api_key\": 5, \"x\": [\"password\"]\n}"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("redacted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`k"1`, "p"}, secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if out, _ := redactJSONSecrets([]byte(`not json "api_key`)); string(out) != `not json "api_key` {
		t.Errorf("non-JSON changed: %q", out)
	}
}
