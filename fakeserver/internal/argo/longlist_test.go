package argo

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// TestLongListsAreExactAndCarryTheirContentLength pins lists far longer
// than the fake's render buffer, which go out in pieces: the bytes are
// still exactly those of the real server's json.MarshalIndent, HTML
// escapes and non-ASCII text included, and the response declares their
// length instead of being chunked.
func TestLongListsAreExactAndCarryTheirContentLength(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, "")
	const when = "2024-01-02 03:04:05"
	big := refTenant{
		ID:       "big",
		Info:     Info{Name: "big <tenant> & co", Email: "big@example.org", Created: when, Updated: when},
		DbConf:   []DBConf{{Store: "ar", Server: "a.mongodb.org", Port: 27017, Database: "ar_db", Username: "admin", Password: "s3cr3t"}},
		Topology: Topology{Type: "GOCDB", Feed: "gocdb.example.org"},
	}
	for i := range 3000 {
		u := refUser{
			ID:     "u" + strconv.Itoa(i),
			Name:   fmt.Sprintf("user %d — ünïcödé <%d>", i, i),
			Email:  fmt.Sprintf("u%d@example.org", i),
			APIkey: fmt.Sprintf("key-%06d", i),
		}
		if i%3 != 0 {
			u.Roles = []string{"admin", "admin_ui"}[:i%3]
		}
		big.Users = append(big.Users, u)
	}
	tenants := []refTenant{
		big,
		{ID: "empty", Info: Info{Name: "no users", Created: when, Updated: when}},
	}
	for i := range 500 {
		tenants = append(tenants, refTenant{
			ID:   "t" + strconv.Itoa(i),
			Info: Info{Name: "tenant " + strconv.Itoa(i), Website: "https://example.org/?a=1&b=2", Created: when, Updated: when},
		})
	}
	seed, err := json.Marshal(tenants)
	if err != nil {
		t.Fatal(err)
	}
	in, err := ParseSeed(seed)
	if err == nil {
		_, err = a.Seed(in)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)

	for _, tc := range []struct {
		path string
		data any
	}{
		{"/api/v2/admin/tenants", tenants},
		{"/api/v2/admin/tenants/big/users", big.Users},
	} {
		want, err := json.MarshalIndent(refEnvelope{Status: refStatus{Message: "Success", Code: "200"}, Data: tc.data}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Api-Key", testKey)
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || resp.ContentLength != int64(len(want)) || len(resp.TransferEncoding) != 0 {
			t.Errorf("GET %s: status %d, Content-Length %d, Transfer-Encoding %q; want 200 with Content-Length %d",
				tc.path, resp.StatusCode, resp.ContentLength, resp.TransferEncoding, len(want))
		}
		if diff := testkit.Diff(string(want), string(got)); diff != "" {
			t.Errorf("GET %s (-encoding/json +fake):\n%s", tc.path, diff)
		}
	}
}
