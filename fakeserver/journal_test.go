package fakeserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestJournalRecordsEachRequestAndWhatWasAnswered(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		start := e.Clock.Now()
		c.Must(200, "GET", "/v2/organizations/users", nil)
		e.Clock.Advance(time.Second)
		created := c.Must(201, "POST", "/api/v1/tenant", faketest.LangflowCreateBody(fakeserver.DefaultOrgID))
		_ = c.Do("DELETE", "/v2/currentOrg", nil)

		calls := srv.Journal().Calls()
		if len(calls) != 3 {
			t.Fatalf("%d calls, want 3: %v", len(calls), srv.Journal().Summary())
		}
		want := fakeserver.Call{
			Seq:       2,
			Time:      start.Add(time.Second),
			Operation: "createLangflowTenant",
			Method:    "POST",
			Path:      "/api/v1/tenant",
			Header: http.Header{
				"Authorization":          {"[REDACTED]"},
				"X-Datastax-Current-Org": {fakeserver.DefaultOrgID},
				"Content-Type":           {"application/json"},
			},
			Body:           []byte(faketest.LangflowCreateBody(fakeserver.DefaultOrgID)),
			Status:         201,
			ResponseHeader: http.Header{"Content-Type": {"application/json"}, "Content-Length": {created.Header.Get("Content-Length")}},
			ResponseBody:   created.Body,
		}
		got := calls[1] // the caller's own copy
		for _, k := range []string{"User-Agent", "Accept-Encoding", "Content-Length"} {
			delete(want.Header, k)
			delete(got.Header, k)
			delete(want.ResponseHeader, k)
			delete(got.ResponseHeader, k)
		}
		if diff := testkit.Diff(want, got); diff != "" {
			t.Errorf("the create call (-want +got):\n%s", diff)
		}
		faketest.WantJournal(t, srv, "GET /v2/organizations/users 200", "POST /api/v1/tenant 201", "DELETE /v2/currentOrg 405")
		if calls[2].Operation != "" {
			t.Errorf("a 405 reached operation %q, want none", calls[2].Operation)
		}
	})
}

func TestJournalRedactsSecretsInHeadersAndBodies(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		tenant := `{"info":{"name":"t"},"db_conf":[{"store":"ar","password":"db-secret-pw"}],` +
			`"users":[{"name":"u","API_KEY":"user-secret-key","roles":["admin"]},{"name":"v"}]}`
		r := c.Argo("POST", "/api/v2/admin/tenants", tenant)
		var created struct {
			Data struct{ ID string } `json:"data"`
		}
		faketest.MustUnmarshal(t, r.Body, &created)
		got := c.Argo("GET", "/api/v2/admin/tenants/"+created.Data.ID, nil)
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
		clash := c.Argo("POST", "/api/v2/admin/tenants", `{"info":{"name":"t2"},"users":[{"api_key":"user-secret-key"}]}`)
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
		for _, secret := range []string{fakeserver.DefaultArgoAdminKey, "db-secret-pw", "user-secret-key", generated} {
			if strings.Contains(all.String(), secret) {
				t.Errorf("the journal holds the secret %q", secret)
			}
		}
		first := srv.Journal().Calls()[0]
		wantBody := `{"info":{"name":"t"},"db_conf":[{"store":"ar","password":"[REDACTED]"}],` +
			`"users":[{"name":"u","API_KEY":"[REDACTED]","roles":["admin"]},{"name":"v"}]}`
		if diff := testkit.Diff(wantBody, string(first.Body)); diff != "" {
			t.Errorf("redacted request body (-want +got):\n%s", diff)
		}
	})
}

func TestJournalCallsToLastLenAndReset(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	j := srv.Journal()
	if _, ok := j.Last(); ok || j.Len() != 0 {
		t.Fatal("a new journal is not empty")
	}
	c.Must(200, "GET", "/v2/currentOrg", nil)
	c.Must(200, "GET", "/v2/organizations/roles", nil)
	c.Must(200, "GET", "/v2/currentOrg?x=1&x=2", nil)
	to := j.CallsTo("getCurrentOrganization")
	if len(to) != 2 || to[1].Seq != 3 || !testkit.Equal(to[1].Query, url.Values{"x": {"1", "2"}}) {
		t.Errorf("CallsTo: %v", to)
	}
	if last, ok := j.Last(); !ok || last.Seq != 3 || last.String() != "GET /v2/currentOrg?x=1&x=2 200" {
		t.Errorf("Last = %v, %v", last, ok)
	}
	j.Reset()
	if j.Len() != 0 || len(j.Calls()) != 0 {
		t.Error("Reset left entries")
	}
	c.Must(200, "GET", "/v2/currentOrg", nil)
	if last, _ := j.Last(); last.Seq != 4 {
		t.Errorf("Seq after Reset = %d, want 4 (it does not restart)", last.Seq)
	}
}

func TestJournalKeepsTheMostRecentCallsWithinItsCapacity(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithJournalCapacity(3))
	c := faketest.InProcess(t, srv)
	for range 5 {
		c.Must(200, "GET", "/v2/currentOrg", nil)
	}
	var seqs []int64
	for _, call := range srv.Journal().Calls() {
		seqs = append(seqs, call.Seq)
	}
	if diff := testkit.Diff([]int64{3, 4, 5}, seqs); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if last, _ := srv.Journal().Last(); last.Seq != 5 || srv.Journal().Evicted() != 2 {
		t.Errorf("Last().Seq %d, Evicted %d; want 5, 2", last.Seq, srv.Journal().Evicted())
	}
}

func TestJournalCutsBodiesAtItsLimit(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithJournalBodyLimit(10))
	c := faketest.InProcess(t, srv)
	c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("long"))
	call, _ := srv.Journal().Last()
	if len(call.Body) != 10 || len(call.ResponseBody) != 10 || !call.Truncated {
		t.Errorf("bodies %q, %q, truncated %v; want 10 bytes each, truncated", call.Body, call.ResponseBody, call.Truncated)
	}
	srv2 := faketest.New(t, fakeserver.WithJournalBodyLimit(0))
	faketest.InProcess(t, srv2).Must(200, "GET", "/v2/currentOrg", nil)
	if call, _ := srv2.Journal().Last(); call.ResponseBody != nil || call.Status != 200 {
		t.Errorf("limit 0: %+v; want no body, status kept", call)
	}
}

func TestJournalOffRecordsNothing(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, fakeserver.WithJournalCapacity(0))
	c := faketest.InProcess(t, srv)
	c.Must(200, "GET", "/v2/currentOrg", nil)
	if err := srv.AcceptInvitation(fakeserver.DefaultOrgID, "nobody@example.com"); err == nil {
		t.Fatal("AcceptInvitation of nobody succeeded")
	}
	if srv.Journal().Len() != 0 {
		t.Errorf("journal holds %v", srv.Journal().Summary())
	}
	for _, n := range []int{-1} {
		if _, err := fakeserver.New(fakeserver.WithJournalCapacity(n)); err == nil {
			t.Errorf("WithJournalCapacity(%d) accepted", n)
		}
		if _, err := fakeserver.New(fakeserver.WithJournalBodyLimit(n)); err == nil {
			t.Errorf("WithJournalBodyLimit(%d) accepted", n)
		}
	}
}

func TestJournalCallsAreCopies(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("copy"))
	call, _ := srv.Journal().Last()
	call.Body[0] = 'X'
	call.Header.Set("Content-Type", "changed")
	call.ResponseHeader.Del("Content-Type")
	again, _ := srv.Journal().Last()
	if again.Body[0] != '{' || again.Header.Get("Content-Type") != "application/json" || again.ResponseHeader.Get("Content-Type") == "" {
		t.Error("changing a returned Call changed the journal")
	}
}

// A misspelt operation fails the test of a NewTest fake, instead of making
// "was not called" pass; a constant, or a New fake, reports nothing.
func TestCallsToAnUnknownOperationFailsTheTest(t *testing.T) {
	t.Parallel()
	got := testkit.Reports(t, func(tb testing.TB) {
		srv := fakeserver.NewTest(tb) // spec: no request is sent
		if calls := srv.Journal().CallsTo("createLangflowTenants"); calls != nil {
			tb.Errorf("CallsTo of an unknown operation = %v", calls)
		}
		_ = srv.Journal().CallsTo(tenantkit.OpCreateLangflowTenant)
	})
	if len(got) != 1 || !strings.Contains(got[0], `Journal.CallsTo("createLangflowTenants"): openapi.yaml has no such operation`) || !strings.Contains(got[0], "createLangflowTenant,") {
		t.Errorf("reports = %q; want one naming the misspelt operation and listing the real ones", got)
	}
	srv, err := fakeserver.New() // spec: no request is sent
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if calls := srv.Journal().CallsTo("typo"); calls != nil {
		t.Errorf("a New fake's CallsTo(typo) = %v, want nil", calls)
	}
}

// Outline names each call's operation and replaces generated IDs with
// placeholders numbered by first appearance, so a test compares it with a
// literal whatever IDs the fake drew.
func TestOutlineNamesOperationsAndHidesGeneratedIDs(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t) // no seed: the IDs differ every run
	c := faketest.Loopback(t, srv)
	role := c.Must(201, "POST", "/v2/organizations/roles", map[string]any{
		"name":   "Auditors",
		"policy": map[string]any{"description": "", "resources": []string{"drn:astra:org:" + fakeserver.DefaultOrgID}, "actions": []string{"org-audits-read"}, "effect": "allow"},
	})
	var created struct{ ID string }
	if err := json.Unmarshal(role.Body, &created); err != nil || created.ID == "" {
		t.Fatalf("create answered %s (%v)", role.Body, err)
	}
	id := created.ID
	c.Must(200, "GET", "/v2/organizations/roles/"+id, nil)
	c.Must(404, "GET", "/v2/nothing", nil)
	c.Must(404, "GET", "/v2/organizations/roles/"+fakeserver.DefaultOrgID, nil) // another ID: another placeholder
	token, err := srv.AddToken(fakeserver.DefaultOrgID, id)
	if err != nil {
		t.Fatal(err)
	}
	c.With(token, fakeserver.DefaultOrgID).Must(403, "GET", "/v2/organizations/roles/"+id, nil) // Auditors may not read roles
	testkit.WantEqual(t, "outline", []string{
		"addOrganizationRole POST /v2/organizations/roles 201",
		"getOrganizationRole GET /v2/organizations/roles/{id-1} 200",
		"- GET /v2/nothing 404",
		"getOrganizationRole GET /v2/organizations/roles/{id-2} 404",
		"getOrganizationRole GET /v2/organizations/roles/{id-1} 403",
	}, srv.Journal().Outline())
}

// observed is what an observer saw of one exchange.
type observed struct {
	Method, Path string
	ReqBody      string
	Status       int
	ContentType  string
	Body         string
}

func recordExchanges() (func(*http.Request, *http.Response), func() []observed) {
	var mu sync.Mutex
	var seen []observed
	return func(req *http.Request, resp *http.Response) {
			rb, _ := io.ReadAll(req.Body)
			b, _ := io.ReadAll(resp.Body)
			mu.Lock()
			seen = append(seen, observed{req.Method, req.URL.Path, string(rb), resp.StatusCode, resp.Header.Get("Content-Type"), string(b)})
			mu.Unlock()
		}, func() []observed {
			mu.Lock()
			defer mu.Unlock()
			return append([]observed(nil), seen...)
		}
}

func TestObserverSeesWholeRequestsAndResponses(t *testing.T) {
	t.Parallel()
	for i, transport := range []string{"loopback", "in-process"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			observe, seen := recordExchanges()
			// 2000 users: a list long enough to stream.
			srv := faketest.New(t, fakeserver.WithObserver(observe), fakeserver.WithJournalBodyLimit(16), faketest.WithUsers(2000))
			c := faketest.NewClient(t, faketest.Targets(t, srv)[i])
			list := c.Must(200, "GET", "/v2/organizations/users", nil)
			role := c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("observed"))
			srv.Close() // every observer call is in
			want := []observed{
				{"GET", "/v2/organizations/users", "", 200, "application/json", string(list.Body)},
				{"POST", "/v2/organizations/roles", string(faketest.MustJSON(t, faketest.CustomRole("observed"))), 201, "application/json", string(role.Body)},
			}
			if diff := testkit.Diff(want, seen()); diff != "" {
				t.Errorf("observed (-want +got):\n%s", diff)
			}
			if len(list.Body) < 100_000 {
				t.Errorf("the list is %d bytes; the test wants one that streams", len(list.Body))
			}
			if call, _ := srv.Journal().Last(); len(call.ResponseBody) != 16 || !call.Truncated {
				t.Errorf("journal body %d bytes; the observer must not lift the journal's limit", len(call.ResponseBody))
			}
		})
	}
}

func TestObserverIsNotCalledForRequestsNeverServed(t *testing.T) {
	t.Parallel()
	observe, seen := recordExchanges()
	srv := faketest.New(t, fakeserver.WithObserver(observe), fakeserver.WithFaults(fakeserver.Fault{Drop: fakeserver.DropBeforeServing, Times: 1}))
	c := faketest.InProcess(t, srv)
	if _, err := c.Try("GET", "/v2/currentOrg", nil, nil); err == nil {
		t.Fatal("dropped request succeeded")
	}
	c.Must(200, "GET", "/v2/currentOrg", nil)
	if diff := testkit.Diff([]int{200}, statusesOf(seen())); diff != "" {
		t.Errorf("observed statuses (-want +got):\n%s", diff)
	}
	if _, err := fakeserver.New(fakeserver.WithObserver(nil)); err == nil {
		t.Error("WithObserver(nil) accepted")
	}
}

func statusesOf(os []observed) []int {
	out := make([]int, len(os))
	for i, o := range os {
		out[i] = o.Status
	}
	return out
}
