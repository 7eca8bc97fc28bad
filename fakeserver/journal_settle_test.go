package fakeserver_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
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
