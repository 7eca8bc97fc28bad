package client_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

type item struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func TestItemsSelectsTheArray(t *testing.T) {
	t.Parallel()
	two := []item{{ID: "1", Name: "a"}, {ID: "2", Name: "b"}}
	tests := []struct {
		name    string
		body    string
		path    []string
		want    []item
		wantErr string // substring; "" for none
	}{
		{name: "top-level array", body: `[{"id":"1","name":"a"},{"id":"2","name":"b"}]`, want: two},
		{name: "empty array", body: ` [ ] `, want: nil},
		{name: "top-level null", body: `null`, want: nil},
		{name: "empty body", body: ``, want: nil},
		{name: "wrapper object, key case differs", path: []string{"users"},
			body: `{"OrgID":"o","OrgName":"Org","Users":[{"id":"1","name":"a"},{"id":"2","name":"b"}]}`, want: two},
		{name: "ARGO envelope, status first", path: []string{"data"},
			body: "{\n \"status\": {\n  \"message\": \"Success\",\n  \"code\": \"200\"\n },\n \"data\": [\n  {\"id\": \"1\", \"name\": \"a\"},\n  {\"id\": \"2\", \"name\": \"b\"}\n ]\n}", want: two},
		{name: "ARGO data null", path: []string{"data"}, body: `{"status":{"message":"Success","code":"200"},"data":null}`, want: nil},
		{name: "missing key", path: []string{"data"}, body: `{"status":{"message":"Success","code":"200"}}`, want: nil},
		{name: "nested path skipping nested siblings", path: []string{"outer", "inner"},
			body: `{"skip":{"deep":[1,{"x":[2,3]}]},"outer":{"n":1,"inner":[{"id":"1","name":"a"}]}}`, want: two[:1]},
		{name: "non-array at the path", path: []string{"data"}, body: `{"data":{"id":"1"}}`, wantErr: `expected an array at "data", found an object`},
		{name: "object at the top level", body: `{"id":"1"}`, wantErr: "expected an array at the top level, found an object"},
		{name: "array where an object is needed", path: []string{"data"}, body: `[1]`, wantErr: `expected an object at the top level, found an array`},
		{name: "truncated array", body: `[{"id":"1","name":"a"},{"id":"2"`, want: two[:1], wantErr: "unexpected EOF"},
		{name: "truncated before the closing bracket", body: `[{"id":"1","name":"a"}`, want: two[:1], wantErr: "unexpected EOF"},
		{name: "truncated wrapper", path: []string{"data"}, body: `{"status":{"code":"200"`, wantErr: "unexpected EOF"},
		{name: "truncated wrapper without the key", path: []string{"data"}, body: `{"status":{}`, wantErr: "unexpected EOF"},
		{name: "garbage", body: `<html>oops</html>`, wantErr: "invalid character"},
		{name: "item of the wrong type", body: `[{"id":"1","name":"a"},"two"]`, want: two[:1], wantErr: "decoding item 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, tt.body) })
			c, _ := newClient(t, base)
			var got []item
			var errs []error
			for v, err := range client.Items[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"}, tt.path...) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				got = append(got, v)
			}
			testkit.WantEqual(t, "items", tt.want, got)
			switch {
			case tt.wantErr == "" && len(errs) > 0:
				t.Errorf("unexpected errors: %v", errs)
			case tt.wantErr != "" && len(errs) != 1:
				t.Errorf("got %d errors %v; want exactly one containing %q", len(errs), errs, tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(errs[0].Error(), tt.wantErr):
				t.Errorf("error %q does not contain %q", errs[0], tt.wantErr)
			case tt.wantErr != "" && !strings.HasPrefix(errs[0].Error(), "tenantkit: listThings GET /things: "):
				t.Errorf("error %q does not name the operation", errs[0])
			}
		})
	}
}

func TestItemsYieldsTheAPIErrorOnce(t *testing.T) {
	t.Parallel()
	body := readFixture(t, "argo-404-tenant-not-found.json")
	c, _ := newClient(t, serve(t, reply(http.StatusNotFound, "", body)))
	var n int
	for v, err := range client.Items[item](context.Background(), c, client.Request{Method: http.MethodGet, Path: "/api/v2/admin/tenants/x/users"}, "data") {
		n++
		if !errors.Is(err, client.ErrNotFound) {
			t.Errorf("yield %d: (%v, %v); want ErrNotFound", n, v, err)
		}
	}
	if n != 1 {
		t.Errorf("sequence yielded %d times; want once", n)
	}
}

func TestBreakingOutOfItemsClosesTheBody(t *testing.T) {
	t.Parallel()
	handlerDone := make(chan struct{})
	var written atomic.Int64
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(handlerDone)
		// An endless array: only the client closing the body ends it.
		bw := bufio.NewWriter(w)
		_, _ = bw.WriteString("[")
		for i := 0; ; i++ {
			if i > 0 {
				_ = bw.WriteByte(',')
			}
			n, err := fmt.Fprintf(bw, `{"id":"%d","name":"%s"}`, i, strings.Repeat("x", 100))
			written.Add(int64(n))
			if err != nil || r.Context().Err() != nil {
				return
			}
			if i%100 == 0 {
				if bw.Flush() != nil {
					return
				}
				http.NewResponseController(w).Flush()
			}
		}
	})
	c, _ := newClient(t, base)
	var got []string
	for v, err := range client.Items[item](context.Background(), c, client.Request{Method: http.MethodGet, Path: "/endless"}) {
		if err != nil {
			t.Fatalf("Items: %v", err)
		}
		got = append(got, v.ID)
		if len(got) == 3 {
			break
		}
	}
	testkit.WantEqual(t, "items before the break", []string{"0", "1", "2"}, got)
	select {
	case <-handlerDone:
	case <-time.After(10 * time.Second):
		t.Fatalf("the server is still streaming (%d bytes) 10s after the break: the body was not closed", written.Load())
	}
}

func TestDecodeItemsStandsAlone(t *testing.T) {
	t.Parallel()
	var got []int
	var errs []string
	for v, err := range client.DecodeItems[int](strings.NewReader(`{"Data":[1,2,3]}`), "data") {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		got = append(got, v)
	}
	for _, err := range client.DecodeItems[int](strings.NewReader(`[1,`)) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	for _, err := range client.DecodeItems[int](nil) {
		errs = append(errs, err.Error())
	}
	testkit.WantEqual(t, "items", []int{1, 2, 3}, got)
	want := []string{"tenantkit: decoding item 1: unexpected EOF", "tenantkit: decoding items: nil reader"}
	testkit.WantEqual(t, "errors", want, errs)
}

// TestDecodeItemsYieldsIndependentItems keeps every item of a list whose
// items have slices and maps of their own, or lack those of the item
// before: no item shares memory with, or inherits fields from, another.
func TestDecodeItemsYieldsIndependentItems(t *testing.T) {
	t.Parallel()
	type rich struct {
		Tags   []string       `json:"tags"`
		Labels map[string]int `json:"labels"`
		Name   string         `json:"name"`
	}
	body := `[{"tags":["a","b","c"],"labels":{"x":1},"name":"one"},{"tags":["d"]},{"labels":{"y":2}},{}]`
	var got []rich
	for v, err := range client.DecodeItems[rich](strings.NewReader(body)) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	want := []rich{
		{Tags: []string{"a", "b", "c"}, Labels: map[string]int{"x": 1}, Name: "one"},
		{Tags: []string{"d"}},
		{Labels: map[string]int{"y": 2}},
		{},
	}
	testkit.WantEqual(t, "items", want, got)
}

// TestItemsMemoryStaysFlat streams 100k items (over 10 MiB) and samples the
// live heap before the call and every 10k items: it must not grow with the
// list (nor hold the body before the first item). Not parallel: other tests'
// allocations would blur the measurement.
func TestItemsMemoryStaysFlat(t *testing.T) {
	const (
		count   = 100_000
		padding = 100
	)
	var sent atomic.Int64
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		// Generated on the fly into one reused buffer: the server holds no
		// copy of the body and makes no garbage that would blur the samples.
		bw := bufio.NewWriterSize(w, 32<<10)
		var total int64
		write := func(b []byte) {
			n, _ := bw.Write(b)
			total += int64(n)
		}
		write([]byte(`{"status":{"message":"Success","code":"200"},"data":[`))
		buf := make([]byte, 0, 256)
		for i := range count {
			buf = buf[:0]
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, `{"id":"item-`...)
			for d := 100_000; d > 0; d /= 10 {
				buf = append(buf, byte('0'+i/d%10))
			}
			buf = append(buf, `","name":"`...)
			for range padding {
				buf = append(buf, 'p')
			}
			buf = append(buf, `"}`...)
			write(buf)
		}
		write([]byte("]}"))
		_ = bw.Flush()
		sent.Store(total)
	})
	c, _ := newClient(t, base)

	var ms runtime.MemStats
	sample := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := sample()
	peak := before
	n := 0
	for v, err := range client.Items[item](context.Background(), c, client.Request{Method: http.MethodGet, Path: "/api/v2/admin/tenants"}, "data") {
		if err != nil {
			t.Fatalf("item %d: %v", n, err)
		}
		if want := fmt.Sprintf("item-%06d", n); v.ID != want {
			t.Fatalf("item %d has ID %q; want %q", n, v.ID, want)
		}
		n++
		if n%10_000 == 0 {
			peak = max(peak, sample())
		}
	}
	if n != count {
		t.Fatalf("got %d items; want %d", n, count)
	}
	if body := sent.Load(); body < 10<<20 {
		t.Fatalf("body was only %d bytes; the test needs more than 10 MiB", body)
	}
	growth := int64(peak) - int64(before)
	t.Logf("body %d bytes; heap before the call %d, peak growth %d bytes", sent.Load(), before, growth)
	if growth > 2<<20 {
		t.Errorf("heap grew by %d bytes while streaming a %d-byte body; want under 2 MiB", growth, sent.Load())
	}
}

func FuzzDecodeItems(f *testing.F) {
	for _, seed := range []struct {
		body, path string
	}{
		{`[1,2,3]`, ""},
		{`{"status":{"message":"Success","code":"200"},"data":[{"id":"a"}]}`, "data"},
		{`{"OrgID":"o","Users":[{"UserID":"u"}]}`, "users"},
		{`{"a":{"b":[null,true,"x",1.5e3,{"k":[]}]}}`, "a.b"},
	} {
		f.Add([]byte(seed.body), seed.path)
	}
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		var keys []string
		if path != "" {
			keys = strings.Split(path, ".")
		}
		// Whatever the input: no panic, at most one error, and nothing after it.
		errs, afterErr := 0, 0
		var items []json.RawMessage
		for v, err := range client.DecodeItems[json.RawMessage](strings.NewReader(string(body)), keys...) {
			if errs > 0 {
				afterErr++
			}
			if err != nil {
				errs++
				continue
			}
			if !json.Valid(v) {
				t.Errorf("yielded invalid JSON %q", v)
			}
			items = append(items, v)
		}
		if errs > 1 || afterErr > 0 {
			t.Errorf("%d errors and %d yields after the first", errs, afterErr)
		}
		// Typed decoding must not panic either.
		for range client.DecodeItems[item](strings.NewReader(string(body)), keys...) {
		}
		for range client.DecodeItems[map[string]any](strings.NewReader(string(body)), keys...) {
		}
		// Where encoding/json accepts the whole body as an array, the stream
		// must yield the same elements.
		var whole []json.RawMessage
		if len(keys) == 0 && json.Unmarshal(body, &whole) == nil {
			if errs != 0 {
				t.Errorf("DecodeItems failed on a valid array %q", body)
			}
			if diff := testkit.Diff(whole, items); diff != "" && (len(whole) > 0 || len(items) > 0) {
				t.Errorf("items differ from encoding/json (-want +got):\n%s", diff)
			}
		}
	})
}

func TestItemsEndsWithTheContextErrorWhenCancelledMidStream(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `[{"id":"1"},`)
		http.NewResponseController(w).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c, _ := newClient(t, base)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []string
	var last error
	for v, err := range client.Items[item](ctx, c, client.Request{Method: http.MethodGet, Path: "/slow"}) {
		if err != nil {
			last = err
			break
		}
		got = append(got, v.ID)
		cancel() // the next item never comes
	}
	testkit.WantEqual(t, "items", []string{"1"}, got)
	if !errors.Is(last, context.Canceled) {
		t.Errorf("final error = %v; want one matching context.Canceled", last)
	}
}

const collectBody = `[{"id":"1"},{"id":"2"},{"id":"3"}]`

// breakingServer answers collectBody, cut off halfway with the connection
// dropped, for the first cuts requests, and whole after that.
func breakingServer(t *testing.T, cuts int) (base string, calls *atomic.Int32) {
	t.Helper()
	calls = &atomic.Int32{}
	base = serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(collectBody)))
		if int(n) > cuts {
			_, _ = io.WriteString(w, collectBody)
			return
		}
		_, _ = io.WriteString(w, collectBody[:len(collectBody)/2+3])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // drop the connection mid-body
	})
	return base, calls
}

func TestCollectResendsARequestWhoseBodyBrokeOff(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, client.DefaultMaxAttempts-1)
	var hooked []client.Attempt
	var mu sync.Mutex
	c, clock := newClient(t, base, client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		a.Err, a.Duration = nil, 0
		hooked = append(hooked, a)
	}))
	got, err := client.Collect[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "items", []item{{ID: "1"}, {ID: "2"}, {ID: "3"}}, got)
	if n := calls.Load(); n != client.DefaultMaxAttempts {
		t.Errorf("%d requests; want %d", n, client.DefaultMaxAttempts)
	}
	// Each broken attempt is reported twice: at its 2xx status line, and when
	// its body broke, with the wait before the next attempt.
	a := func(n int, delay time.Duration) client.Attempt {
		return client.Attempt{Operation: "listThings", Method: "GET", Path: "/things", Number: n, StatusCode: 200, NextDelay: delay}
	}
	want := []client.Attempt{a(1, 0), a(1, 250*time.Millisecond), a(2, 0), a(2, 500*time.Millisecond), a(3, 0), a(3, time.Second), a(4, 0)}
	testkit.WantEqual(t, "attempts", want, hooked)
	if slept := clock.Slept(); slept != 1750*time.Millisecond {
		t.Errorf("slept %v; want the backoff of 3 retries, 1.75s", slept)
	}
}

func TestCollectGivesUpWhenTheBudgetIsSpent(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, 100)
	c, _ := newClient(t, base)
	_, err := client.Collect[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if err == nil {
		t.Fatal("Collect succeeded on a body that always breaks")
	}
	if n := calls.Load(); n != client.DefaultMaxAttempts {
		t.Errorf("%d requests; want %d", n, client.DefaultMaxAttempts)
	}
	if want := "(after 4 attempts)"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error %q does not end with %q", err, want)
	}
}

func TestCollectDoesNotResendANonIdempotentRequest(t *testing.T) {
	t.Parallel()
	base, calls := breakingServer(t, 1)
	c, _ := newClient(t, base)
	_, err := client.Collect[item](context.Background(), c, client.Request{Operation: "makeThings", Method: http.MethodPost, Path: "/things"})
	if err == nil {
		t.Fatal("Collect succeeded on a broken body")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

func TestCollectDoesNotResendForAMalformedBody(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	base := serve(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.WriteString(w, `[{"id":"1"},{"id":2}]`)
	})
	c, _ := newClient(t, base)
	_, err := client.Collect[item](context.Background(), c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if want := "tenantkit: listThings GET /things: decoding item 1: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v; want one starting %q", err, want)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
}

func TestCollectFuncUsesTheGivenDecoder(t *testing.T) {
	t.Parallel()
	base, _ := breakingServer(t, 1)
	c, _ := newClient(t, base)
	count := func(r io.Reader) iter.Seq2[int, error] {
		return func(yield func(int, error) bool) {
			b, err := io.ReadAll(r)
			if err != nil {
				yield(0, err)
				return
			}
			yield(strings.Count(string(b), "id"), nil)
		}
	}
	got, err := client.CollectFunc(context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"}, count)
	if err != nil || !testkit.Equal(got, []int{3}) {
		t.Errorf("CollectFunc = %v, %v; want [3]", got, err)
	}
}

func TestCollectOfNothingIsNil(t *testing.T) {
	t.Parallel()
	base := serve(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, `[]`) })
	c, _ := newClient(t, base)
	got, err := client.Collect[item](context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"})
	if err != nil || got != nil {
		t.Errorf("Collect = %#v, %v; want nil, nil", got, err)
	}
	var nilClient *client.Client
	if _, err := client.Collect[item](context.Background(), nilClient, client.Request{Method: http.MethodGet, Path: "/things"}); err == nil {
		t.Error("Collect on a nil client succeeded")
	}
}

func TestCollectStopsWhenCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	base, _ := breakingServer(t, 100)
	c, err := client.New(client.WithBaseURL(base), client.WithRetryPolicy(client.RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err = client.Collect[item](ctx, c, client.Request{Operation: "listThings", Method: http.MethodGet, Path: "/things"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want one matching context.Canceled", err)
	}
}

// TestScanStartsOverOrStopsEarly: a body that breaks off is read again from
// the start, and the elements before the break are seen again; a scan that
// stops early reads no further and sends nothing more.
func TestScanStartsOverOrStopsEarly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		cuts      int    // answers cut off halfway (after item 1)
		stopAt    string // the ID whose visit ends the scan
		wantSeen  []string
		wantCalls int32
	}{
		{"starts over when the body breaks off", 1, "3", []string{"1", "1", "2", "3"}, 2},
		{"stopping early ignores the rest of the body", 100, "1", []string{"1"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, calls := breakingServer(t, tt.cuts)
			c, _ := newClient(t, base)
			var seen []string
			err := client.Scan(context.Background(), c, client.Request{Method: http.MethodGet, Path: "/things"}, func(v item) bool {
				seen = append(seen, v.ID)
				return v.ID != tt.stopAt
			})
			if err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "elements seen", tt.wantSeen, seen)
			if n := calls.Load(); n != tt.wantCalls {
				t.Errorf("%d requests; want %d", n, tt.wantCalls)
			}
		})
	}
}

// bodyRecorder is a BodyDecoder that keeps what it was given and returns
// err.
type bodyRecorder struct {
	calls int
	body  string
	err   error
}

func (d *bodyRecorder) DecodeBody(body []byte) error {
	d.calls++
	d.body = string(body)
	return d.err
}

func TestBodyDecoderGetsTheBodyVerbatim(t *testing.T) {
	t.Parallel()
	const body = " {\"UserID\": \"u1\"}\n"
	rec := &recorder{responses: []response{{status: 200, body: body}}}
	c, _ := newClient(t, serve(t, rec.ServeHTTP))
	var d bodyRecorder
	if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/v2/organizations/users/u1"}, &d); err != nil {
		t.Fatalf("Do: %v", err)
	}
	testkit.WantEqual(t, "decoder", bodyRecorder{calls: 1, body: body}, d)
}

func TestBodyDecoderIsNotCalledForAnEmptyBody(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", " \r\n\t"} {
		rec := &recorder{responses: []response{{status: 200, body: body}}}
		c, _ := newClient(t, serve(t, rec.ServeHTTP))
		var d bodyRecorder
		if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/x"}, &d); err != nil {
			t.Fatalf("Do with body %q: %v", body, err)
		}
		if d.calls != 0 {
			t.Errorf("body %q: DecodeBody called %d times, want 0", body, d.calls)
		}
	}
}

func TestBodyDecoderErrorFailsTheCallLikeAJSONError(t *testing.T) {
	t.Parallel()
	rec := &recorder{responses: []response{{status: 200, body: `{"UserID":"u1"}`}}}
	c, _ := newClient(t, serve(t, rec.ServeHTTP), client.WithBearerToken("AstraCS:t"))
	refused := errors.New("not the shape I want")
	d := bodyRecorder{err: refused}
	resp, err := c.Do(context.Background(), client.Request{Operation: "getOrganizationUser", Method: http.MethodGet, Path: "/v2/organizations/users/u1"}, &d)
	if want := "tenantkit: getOrganizationUser GET /v2/organizations/users/u1: decoding the response body"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error = %v; want prefix %q", err, want)
	}
	if !errors.Is(err, refused) {
		t.Errorf("error %v does not wrap the decoder's error", err)
	}
	if resp == nil || resp.StatusCode != 200 {
		t.Errorf("response = %+v, want the 200 that arrived", resp)
	}
}
