package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// reply is one response of the fake, captured so a bare server can serve
// the same bytes.
type reply struct {
	status int
	ctype  string
	body   []byte
}

// capture sends one request to the fake (in process) and keeps its answer.
// It fails b unless the answer is a 2xx.
func capture(b *testing.B, fake *fakeserver.Server, method, path string, h http.Header, body []byte) reply {
	b.Helper()
	req, err := http.NewRequest(method, fake.URL()+path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := fake.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode/100 != 2 {
		b.Fatalf("capturing %s %s: %d %v %.200s", method, path, resp.StatusCode, err, data)
	}
	return reply{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type"), body: data}
}

// bareHandler serves r to every request, after reading the request body as
// any server does: the least work a handler can do to send these bytes.
func bareHandler(r reply) http.Handler {
	ctype := []string{r.ctype}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		_, _ = io.Copy(io.Discard, req.Body)
		w.Header()["Content-Type"] = ctype
		w.WriteHeader(r.status)
		_, _ = w.Write(r.body)
	})
}

// replay starts a loopback server that serves r to every request.
func replay(b *testing.B, r reply) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(bareHandler(r))
	b.Cleanup(srv.Close)
	return srv
}

// astraHeaders and argoHeaders are the headers the SDK sends, which the
// hand-written baselines send too.
func astraHeaders(token, org string) http.Header {
	h := http.Header{
		"Accept":        {"application/json"},
		"User-Agent":    {"tenantkit-go/" + tenantkit.Version},
		"Authorization": {"Bearer " + token},
	}
	if org != "" {
		h["X-Datastax-Current-Org"] = []string{org}
	}
	return h
}

func argoHeaders(key string) http.Header {
	return http.Header{
		"Accept":     {"application/json"},
		"User-Agent": {"tenantkit-go/" + tenantkit.Version},
		"X-Api-Key":  {key},
	}
}

// rawCall is a call as a careful user writes it without the SDK: the
// request with its headers (and a JSON body, if any), a status check, a
// decode into the caller's type, and the rest of the body drained so the
// connection is reused.
func rawCall(ctx context.Context, hc *http.Client, method, url string, h http.Header, body []byte, want int, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if body != nil {
		req.Header["Content-Type"] = []string{"application/json"}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}()
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d", method, url, resp.StatusCode, want)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// jsonField returns a top-level string member of a JSON object.
func jsonField(b *testing.B, body []byte, key string) string {
	b.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		b.Fatal(err)
	}
	s, ok := m[key].(string)
	if !ok {
		b.Fatalf("no string %q in %.200s", key, body)
	}
	return s
}
