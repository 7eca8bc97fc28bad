package testkit_test

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

func get(t *testing.T, url string) (status int, contentType, body string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func TestAstraStubAnswersItsRoutesUnderItsBasePathAndRecordsRequests(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{"GET /v2/things": {Body: `{"ok":true}`}})
	if !strings.HasSuffix(stub.URL, "/base") {
		t.Errorf("URL %q is not under a base path", stub.URL)
	}
	type answer struct {
		Status            int
		ContentType, Body string
	}
	var got []answer
	root := strings.TrimSuffix(stub.URL, "/base") // what a client that dropped the base path sends to
	for _, url := range []string{stub.URL + "/v2/things?x=1", stub.URL + "/v2/other", root + "/v2/things"} {
		s, ct, b := get(t, url)
		got = append(got, answer{s, ct, b})
	}
	want := []answer{
		{200, "application/json", `{"ok":true}`},
		{404, "application/json", `{"errors":[{"ID":1404,"message":"no stub for GET /v2/other"}]}`},
		{404, "application/json", `{"errors":[{"ID":1404,"message":"no stub for GET /v2/things"}]}`},
	}
	testkit.WantEqual(t, "answers", want, got)
	testkit.WantEqual(t, "requests", []string{"GET /v2/things?x=1 | Accept-Encoding: gzip", "GET /v2/other | Accept-Encoding: gzip", "GET /v2/things | Accept-Encoding: gzip"},
		stub.Describe("Accept-Encoding", "X-Absent"))
}

func TestArgoStubReadsBodiesFromTestdataAndAnswersUnroutedAsTheServer(t *testing.T) {
	t.Parallel()
	stub := testkit.NewArgoStub(t, map[string]testkit.Reply{"GET /tenants": {File: "argo/empty-list.json"}})
	status, ct, body := get(t, stub.URL+"/api/v2/admin/tenants")
	if status != 200 || ct != "application/json; charset=utf-8" || body != string(testkit.ReadTestdata(t, "argo", "empty-list.json")) {
		t.Errorf("routed: %d %q %q", status, ct, body)
	}
	status, ct, body = get(t, stub.URL+"/api/v2/admin/users")
	if status != 404 || ct != "text/plain; charset=utf-8" || body != "404 page not found\n" {
		t.Errorf("unrouted: %d %q %q", status, ct, body)
	}
	testkit.WantEqual(t, "requests", []string{"GET /tenants", "GET /users"}, stub.Lines())
}

func TestAnswerStubAnswersEveryRequestAlike(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAnswerStub(t, testkit.Reply{Status: 503})
	for _, path := range []string{"/a", "/b/c"} {
		if status, ct, body := get(t, stub.URL+path); status != 503 || ct != "" || body != "" {
			t.Errorf("%s: %d %q %q, want a bare 503", path, status, ct, body)
		}
	}
	testkit.WantEqual(t, "bodies", []string{"", ""}, stub.Bodies())
}

func TestWantJSONBodyComparesValuesAndTheContentType(t *testing.T) {
	t.Parallel()
	r := testkit.Request{Method: "PUT", Path: "/x", Header: http.Header{"Content-Type": {"application/json"}}, Body: `{"b":[1,2],"a":"x"}`}
	if got := failures(t, func(tb testing.TB) { testkit.WantJSONBody(tb, r, []byte(`{"a": "x", "b": [1, 2]}`)) }); len(got) != 0 {
		t.Errorf("equal JSON reported: %q", got)
	}
	wantReport(t, failures(t, func(tb testing.TB) { testkit.WantJSONBody(tb, r, []byte(`{"a":"x","b":[2,1]}`)) }), "PUT /x body", "-", "+")
	r.Header.Set("Content-Type", "text/plain")
	wantReport(t, failures(t, func(tb testing.TB) { testkit.WantJSONBody(tb, r, []byte(r.Body)) }), `Content-Type "text/plain"`)
}

func TestDiffJSON(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		want, got string
		same      bool
	}{
		{`{"a":1,"b":[true,null]}`, ` { "b" : [true, null], "a": 1 } `, true},
		{`{"a":1}`, `{"a":1.0}`, true},
		{`{"a":1}`, `{"a":"1"}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`{"a":1}`, `{"a":1,"b":2}`, false},
		{`{`, `{`, false},
	} {
		if d := testkit.DiffJSON([]byte(tt.want), []byte(tt.got)); (d == "") != tt.same {
			t.Errorf("DiffJSON(%s, %s) = %q, want same=%v", tt.want, tt.got, d, tt.same)
		}
	}
}

func TestWantEqualReportsOnlyADifference(t *testing.T) {
	t.Parallel()
	if got := failures(t, func(tb testing.TB) { testkit.WantEqual(tb, "things", []int{1}, []int{1}) }); len(got) != 0 {
		t.Errorf("equal values reported: %q", got)
	}
	wantReport(t, failures(t, func(tb testing.TB) { testkit.WantEqual(tb, "things", []int{1}, []int{2}) }), "things (-want +got)", "- \t1,", "+ \t2,")
}

func TestWantSameElementsIgnoresOrderButNotCounts(t *testing.T) {
	t.Parallel()
	if got := failures(t, func(tb testing.TB) { testkit.WantSameElements(tb, "ids", []string{"b", "a"}, []string{"a", "b"}) }); len(got) != 0 {
		t.Errorf("same elements reported: %q", got)
	}
	wantReport(t, failures(t, func(tb testing.TB) { testkit.WantSameElements(tb, "ids", []string{"a", "b"}, []string{"a", "a", "b"}) }), "ids, sorted")
	wantReport(t, failures(t, func(tb testing.TB) { testkit.WantSameElements(tb, "ids", nil, []string{"a"}) }), "ids, sorted")
}

func TestWantUniqueNamesEachRepeat(t *testing.T) {
	t.Parallel()
	if got := failures(t, func(tb testing.TB) { testkit.WantUnique(tb, "ID", []string{"a", "b"}) }); len(got) != 0 {
		t.Errorf("unique values reported: %q", got)
	}
	wantReport(t, failures(t, func(tb testing.TB) { testkit.WantUnique(tb, "ID", []string{"a", "b", "a", "a"}) }), `ID "a" stands twice`)
}

func TestConcurrentlyCallsEveryIndexOnce(t *testing.T) {
	t.Parallel()
	var seen [64]atomic.Int32
	testkit.Concurrently(len(seen), func(i int) { seen[i].Add(1) })
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Errorf("f(%d) ran %d times", i, n)
		}
	}
}

// seq yields 1, 2, 3, then err (if any), and counts what it yielded.
func seq(err error, yielded *int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := 1; i <= 3; i++ {
			*yielded++
			if !yield(i, nil) {
				return
			}
		}
		if err != nil {
			yield(0, err)
		}
	}
}

func TestTakeStopsTheIteratorAfterN(t *testing.T) {
	t.Parallel()
	n := 0
	testkit.WantEqual(t, "taken", []int{1, 2}, testkit.Take(t, seq(nil, &n), 2))
	if n != 2 {
		t.Errorf("the iterator yielded %d values, want it stopped after 2", n)
	}
	wantReport(t, failures(t, func(tb testing.TB) { testkit.Take(tb, seq(errors.New("boom"), new(int)), 5) }), "FATAL", "after 3 values", "boom")
}

func TestFirstErrAndEachCall(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	if err := testkit.FirstErr(seq(boom, new(int))); !errors.Is(err, boom) {
		t.Errorf("FirstErr = %v, want boom", err)
	}
	if err := testkit.FirstErr(seq(nil, new(int))); err != nil {
		t.Errorf("FirstErr of an iterator without errors = %v", err)
	}
	var ran atomic.Int32
	calls := []testkit.Call{
		{Name: "ok", Do: func(context.Context) error { return nil }},
		{Name: "fails", Permission: "p", Do: func(context.Context) error { return boom }},
	}
	t.Run("each", func(t *testing.T) {
		testkit.EachCall(t, calls, func(t *testing.T, c testkit.Call, err error) {
			ran.Add(1)
			if (err != nil) != (c.Name == "fails") || t.Name() != "TestFirstErrAndEachCall/each/"+c.Name {
				t.Errorf("%s: err %v in %s", c.Name, err, t.Name())
			}
		})
	})
	if ran.Load() != 2 {
		t.Errorf("check ran %d times, want 2", ran.Load())
	}
}
