package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

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
