package faketest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// Target is one way to reach a fake: over loopback or in process.
type Target struct {
	Name string       // "loopback" or "in-process"
	Base string       // scheme and host, no path
	Host string       // the Host the fake sees
	HTTP *http.Client // follows no redirect
}

// InProcessHost is the Host of requests sent through the in-process
// transport.
const InProcessHost = "fake.invalid"

// Targets returns both ways to reach srv.
func Targets(tb testing.TB, srv *fakeserver.Server) []Target {
	tb.Helper()
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tr := &http.Transport{}
	tb.Cleanup(tr.CloseIdleConnections)
	inproc := srv.Client()
	inproc.CheckRedirect = noRedirect
	return []Target{
		{Name: "loopback", Base: srv.URL(), Host: strings.TrimPrefix(srv.URL(), "http://"),
			HTTP: &http.Client{Transport: tr, CheckRedirect: noRedirect, Timeout: 30 * time.Second}},
		{Name: "in-process", Base: "http://" + InProcessHost, Host: InProcessHost, HTTP: inproc},
	}
}

// Env is what a test gets per target: a fake of its own, its clock, the
// way to reach it, and a client with the default fixture's credentials.
type Env struct {
	Srv   *fakeserver.Server
	Clock *Clock
	Target
	C *Client
}

// EachTarget runs f as two parallel subtests, one per target, each with a
// fake of its own built by New from opts and a clock of its own (which wins
// over any clock in opts: parallel subtests must not move each other's
// time).
func EachTarget(t *testing.T, opts []fakeserver.Option, f func(t *testing.T, e Env)) {
	t.Helper()
	eachTarget(t, New, opts, f)
}

// EachTargetOffSpec is EachTarget for the off-spec modes (NewOffSpec).
func EachTargetOffSpec(t *testing.T, opts []fakeserver.Option, f func(t *testing.T, e Env)) {
	t.Helper()
	eachTarget(t, NewOffSpec, opts, f)
}

func eachTarget(t *testing.T, build func(testing.TB, ...fakeserver.Option) *fakeserver.Server, opts []fakeserver.Option, f func(t *testing.T, e Env)) {
	t.Helper()
	for i, name := range []string{"loopback", "in-process"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := NewClock()
			srv := build(t, append(slices.Clip(opts), fakeserver.WithClock(clock))...)
			tg := Targets(t, srv)[i]
			f(t, Env{Srv: srv, Clock: clock, Target: tg, C: NewClient(t, tg)})
		})
	}
}

// Response is what a request got.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Send sends a request to the target and reads the whole response. body may
// be nil, a string or []byte (sent as is), or any other value (sent as
// JSON, with Content-Type: application/json); the header is added as given.
// A failed round trip or body read (a dropped connection) is an error.
func (tg Target) Send(method, path string, header http.Header, body any) (Response, error) {
	var rd io.Reader = http.NoBody
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return Response{}, fmt.Errorf("marshal request body: %w", err)
		}
		rd = bytes.NewReader(j)
		header = header.Clone()
		if header == nil {
			header = http.Header{}
		}
		header.Set("Content-Type", "application/json")
	}
	req, err := http.NewRequest(method, tg.Base+path, rd)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := tg.HTTP.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	r := Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if err != nil {
		return r, fmt.Errorf("%s %s: read body: %w", method, path, err)
	}
	return r, nil
}
