package sdktest

import (
	"context"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// WantEmptyAnswersRefused answers route ("GET /v2/organizations/users/u1")
// of an Astra stub with each successful answer that holds no object (no
// body with 204 or 200, null, {}) and fails the test unless call, a read
// through a client of the stub, says the answer holds nothing.
func WantEmptyAnswersRefused(t *testing.T, route string, call func(ctx context.Context, c *client.Client) error) {
	t.Helper()
	for _, answer := range []testkit.Reply{{Status: 204}, {Status: 200}, {Status: 200, Body: "null"}, {Status: 200, Body: "{}"}} {
		stub := testkit.NewAstraStub(t, map[string]testkit.Reply{route: answer})
		err := call(context.Background(), AstraStubClient(t, stub))
		if err == nil || !strings.Contains(err.Error(), "the answer holds no") {
			t.Errorf("answer %d %q: error = %v, want one saying the answer holds nothing", answer.Status, answer.Body, err)
		}
	}
}

// argoOddBodies returns 200 bodies no ARGO call may take for its answer:
// not JSON, cut short, XML, data of the wrong type, items without a string
// ID.
func argoOddBodies() []string {
	return []string{
		``, `null`, `[]`, `"x"`, `5`, `true`, `{}`, `{"data":"x"}`, `{"data":5}`, `{"data":[1]}`,
		`{"data":{"id":5}}`, `{"data":[{"id":5}]}`, `{"data":[null]}`, `{"data":[{}]}`, `{"data":{}}`,
		`{`, `{"data":[`, `<root><status/></root>`,
	}
}

// WantOddAnswersRefused answers every request of a client with each of
// the odd bodies every ARGO call must refuse (argoOddBodies) and of the
// service's own odd bodies in turn (200, ARGO's JSON Content-Type), makes
// each call calls builds on that client, and fails the test for a call
// that succeeds unless valid(call name, body) says the body is a valid
// answer to it. A panic fails the test too: the SDK must turn any answer
// into an error.
func WantOddAnswersRefused(t *testing.T, calls func(c *client.Client) []testkit.Call, valid func(call, body string) bool, bodies ...string) {
	t.Helper()
	for _, body := range append(argoOddBodies(), bodies...) {
		stub := testkit.NewAnswerStub(t, testkit.Reply{Body: body, ContentType: "application/json; charset=utf-8"})
		for _, c := range calls(ArgoStubClient(t, stub)) {
			if err := c.Do(context.Background()); err == nil && !valid(c.Name, body) {
				t.Errorf("%s with the 200 body %q succeeded", c.Name, body)
			}
		}
	}
}

// WantNilClientRefused makes each call calls builds on a nil client and
// fails the test for any that does not return an error (or that panics).
func WantNilClientRefused(t *testing.T, calls func(c *client.Client) []testkit.Call) {
	t.Helper()
	testkit.EachCall(t, calls(nil), func(t *testing.T, c testkit.Call, err error) {
		if err == nil {
			t.Errorf("%s on a nil client: no error", c.Name)
		}
	})
}

// WantRefusedBeforeSending makes each call calls builds on a client of a
// stub and fails the test unless every call returns an error starting with
// prefix (the operation it names: "tenantkit: argoGetTenant") and nothing
// reached the stub: input the server would misread is refused locally.
func WantRefusedBeforeSending(t *testing.T, prefix string, calls func(c *client.Client) []testkit.Call) {
	t.Helper()
	stub := testkit.NewAnswerStub(t, testkit.Reply{Status: 500})
	for _, c := range calls(ArgoStubClient(t, stub)) {
		if err := c.Do(context.Background()); err == nil || !strings.HasPrefix(err.Error(), prefix) {
			t.Errorf("%s: error %v, want one starting %q", c.Name, err, prefix)
		}
	}
	if n := len(stub.Requests()); n != 0 {
		t.Errorf("%d requests were sent, want none: %v", n, stub.Lines())
	}
}

// WantEmptyData answers routes of an ARGO stub with each of files (of
// testdata/argo: a 200 whose data holds nothing) in a subtest, and fails
// it unless list returns an empty, non-nil slice and every read, named
// after the operation it sends, says nothing was found (WantNothingFound).
func WantEmptyData[T any](t *testing.T, files, routes []string, list func(ctx context.Context, c *client.Client) ([]T, error), reads func(c *client.Client) []testkit.Call) {
	t.Helper()
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			answers := map[string]testkit.Reply{}
			for _, r := range routes {
				answers[r] = testkit.Reply{File: "argo/" + file}
			}
			c := ArgoStubClient(t, testkit.NewArgoStub(t, answers))
			ctx := context.Background()
			if got, err := list(ctx, c); err != nil || got == nil || len(got) != 0 {
				t.Errorf("list = %#v, %v; want an empty, non-nil slice", got, err)
			}
			for _, read := range reads(c) {
				WantNothingFound(t, read.Do(ctx), tenantkit.Operation(read.Name))
			}
		})
	}
}
