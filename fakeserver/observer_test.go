package fakeserver_test

import (
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

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
