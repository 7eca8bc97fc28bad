package fakeserver_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// TestAClientThatGotItsAnswerFindsItsRequestInTheJournal: over loopback,
// net/http writes a large body straight to the connection, so a client
// can read its whole answer before the handler has returned; the journal
// must have the request by the time anyone reads it.
func TestAClientThatGotItsAnswerFindsItsRequestInTheJournal(t *testing.T) {
	t.Parallel()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	hc := &http.Client{} // over loopback, not the in-process transport
	for i := 1; i <= 300; i++ {
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/v2/organizations/roles", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if i == 1 && len(body) < 8<<10 {
			t.Fatalf("the roles list is %d bytes; the test needs one that net/http writes straight to the connection", len(body))
		}
		if n := srv.Journal().Len(); n != i {
			t.Fatalf("after answer %d was read the journal holds %d", i, n)
		}
	}
}

// TestEventsAndResetsComeAfterAnsweredRequests: a test that read its
// answer and then triggers an event, or clears the journal, finds the
// request before the event, or gone, even while the fake is still
// finishing it (here an observer holds it).
func TestEventsAndResetsComeAfterAnsweredRequests(t *testing.T) {
	t.Parallel()
	for _, x := range []struct {
		name  string
		after func(srv *fakeserver.Server, tenantID string) error
		want  func(tenantID string) []string
	}{
		{"event", func(srv *fakeserver.Server, id string) error { return srv.FinishProvisioning(id) },
			func(id string) []string { return []string{"POST /v1/tenant 201", "event FinishProvisioning " + id} }},
		{"journal reset", func(srv *fakeserver.Server, _ string) error { srv.Journal().Reset(); return nil },
			func(string) []string { return []string{} }},
	} {
		t.Run(x.name, func(t *testing.T) {
			t.Parallel()
			release := make(chan struct{})
			validate := spectest.Validator(t)
			// spec: the observer checks each exchange with validate, then holds the POST.
			srv := fakeserver.NewTest(t, fakeserver.WithObserver(func(req *http.Request, resp *http.Response) {
				validate(req, resp)
				if req.Method == http.MethodPost {
					<-release
				}
			}))
			id := createLangflowTenant(t, srv) // the answer is read; the observer still holds the request
			done := make(chan error, 1)
			go func() { done <- x.after(srv, id) }()
			time.Sleep(50 * time.Millisecond) // time enough to overtake the request, were it allowed to
			close(release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			testkit.WantEqual(t, "journal", x.want(id), srv.Journal().Summary())
		})
	}
}
