package fakeserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// testControlToken opens the control API of the fakes these tests make.
const testControlToken = "control-token-for-tests"

// controlClient sends control requests to one fake, over loopback.
type controlClient struct {
	t     testing.TB
	srv   *fakeserver.Server
	token string
}

// newControlled returns a fake with the control API on, and a client of it.
func newControlled(t testing.TB, opts ...fakeserver.Option) (*fakeserver.Server, *controlClient) {
	t.Helper()
	srv := fakeserver.NewTest(t, append([]fakeserver.Option{fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithControlToken(testControlToken)}, opts...)...)
	return srv, &controlClient{t: t, srv: srv, token: testControlToken}
}

// controlAnswer is what the control API answered.
type controlAnswer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Error is the message of a JSON error answer, or "" when there is none.
func (a controlAnswer) Error() string {
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(a.Body, &e)
	return e.Error
}

// send makes a control request: path under /__tenantkit/api/, body sent
// as JSON (raw when it is a string) with contentType ("" for none).
func (c *controlClient) send(method, path, contentType string, body any) controlAnswer {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.srv.URL()+"/__tenantkit/api/"+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return controlAnswer{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// json sends a JSON request and wants status, decoding the answer into out
// (when not nil).
func (c *controlClient) json(method, path string, body any, status int, out any) {
	c.t.Helper()
	ct := ""
	if body != nil {
		ct = "application/json"
	}
	a := c.send(method, path, ct, body)
	if a.Status != status {
		c.t.Fatalf("%s %s: %d %s, want %d", method, path, a.Status, a.Body, status)
	}
	if out != nil {
		if err := json.Unmarshal(a.Body, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, a.Body)
		}
	}
}

// fingerprint is everything the control API can see of the fake, for
// checking that a refused request changed nothing.
func (c *controlClient) fingerprint() string {
	c.t.Helper()
	var b strings.Builder
	for _, path := range []string{"state", "faults", "rate-limit", "snapshots", "clock", "credentials", "journal?bodies=true"} {
		a := c.send(http.MethodGet, path, "", nil)
		if a.Status != http.StatusOK {
			c.t.Fatalf("GET %s: %d %s", path, a.Status, a.Body)
		}
		b.WriteString(path + ": ")
		b.Write(a.Body)
		b.WriteByte('\n')
	}
	return b.String()
}

// createLangflowTenant creates a Langflow tenant over the API and returns
// its ID.
func createLangflowTenant(t testing.TB, srv *fakeserver.Server) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/v1/tenant",
		strings.NewReader(`{"org_id":"`+srv.Credentials().OrgID+`","cloud_provider":"aws","region":"us-west-2"}`))
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	req.Header.Set("X-DataStax-Current-Org", srv.Credentials().OrgID)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create a Langflow tenant: %d %v", resp.StatusCode, err)
	}
	return out.ID
}

// langflowStatus is the status GET of a Langflow tenant answers.
func langflowStatus(t testing.TB, srv *fakeserver.Server, id string) int {
	t.Helper()
	org := srv.Credentials().OrgID
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/v1/orgs/"+org+"/tenant/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+srv.Credentials().AstraToken)
	req.Header.Set("X-DataStax-Current-Org", org)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body) // the journal records a request once its answer is read
	resp.Body.Close()
	return resp.StatusCode
}
