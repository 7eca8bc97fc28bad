package sdktest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

// reports is testkit.Reports, joined.
func reports(t *testing.T, f func(tb testing.TB)) string {
	t.Helper()
	return strings.Join(testkit.Reports(t, f), "\n")
}

func TestWantAPIErrorChecksKindStatusAndMessage(t *testing.T) {
	t.Parallel()
	a := sdktest.NewAstra(t, sdktest.InProcess)
	_, err := users.NewAstra(a.Client).Get(context.Background(), "00000000-0000-4000-8000-000000000000")
	for _, tt := range []struct {
		kind    client.Kind
		status  int
		message string
		want    string // in the reports; "" for none
	}{
		{client.ErrNotFound, 404, "user not found", ""},
		{"", 404, "user not found", ""},
		{client.ErrConflict, 404, "user not found", "errors.Is"},
		{client.ErrNotFound, 409, "user not found", "- \tStatus: 409"},
		{client.ErrNotFound, 404, "gone", "- \tMessage: \"gone\""},
	} {
		got := reports(t, func(tb testing.TB) { sdktest.WantAPIError(tb, err, tt.kind, tt.status, tt.message) })
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("WantAPIError(%q, %d, %q) reported %q, want %q", tt.kind, tt.status, tt.message, got, tt.want)
		}
	}
	if got := reports(t, func(tb testing.TB) { sdktest.WantAPIError(tb, nil, "", 404, "") }); !strings.Contains(got, "FATAL err = nil") {
		t.Errorf("a nil error reported %q", got)
	}
	if got := reports(t, func(tb testing.TB) { sdktest.WantAPIError(tb, errors.New("x"), "", 404, "") }); !strings.Contains(got, "FATAL errors.As") {
		t.Errorf("an error without an APIError reported %q", got)
	}
}

func TestWantNothingFoundTellsALocalNotFoundFromAnAnswer(t *testing.T) {
	t.Parallel()
	local := fmt.Errorf("tenantkit: argoGetTenant: no tenant t1 in the answer: %w", client.ErrNotFound)
	answer := &client.APIError{StatusCode: 404, Operation: "argoGetTenant"}
	for _, tt := range []struct {
		err  error
		want string
	}{
		{local, ""},
		{answer, "is an *APIError"},
		{errors.New("tenantkit: argoGetTenant: boom"), "want an error matching ErrNotFound"},
		{fmt.Errorf("elsewhere: %w", client.ErrNotFound), "does not name the operation"},
	} {
		got := reports(t, func(tb testing.TB) { sdktest.WantNothingFound(tb, tt.err, "argoGetTenant") })
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("WantNothingFound(%v) reported %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestAttemptLogStampsAttemptsOnTheFakesClock(t *testing.T) {
	t.Parallel()
	a := sdktest.NewAstra(t, sdktest.InProcess)
	ctx := context.Background()
	svc := users.NewAstra(a.Client)
	var after []int
	a.Attempts.AfterEach(func(n int) { after = append(after, n) })
	if _, err := svc.List(ctx); err != nil {
		t.Fatal(err)
	}
	a.Clock.Advance(3 * time.Second)
	if _, err := svc.Organization(ctx); err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "times", []time.Duration{0, 3 * time.Second}, a.Attempts.Times())
	testkit.WantEqual(t, "calls", []string{"getOrganizationUsers GET /v2/organizations/users", "getCurrentOrganization GET /v2/currentOrg"}, a.Attempts.TakeCalls())
	testkit.WantEqual(t, "after each", []int{1, 2}, after)
	if ops := a.Attempts.TakeOps(); len(ops) != 0 {
		t.Errorf("attempts left after Take: %v", ops)
	}
	testkit.WantEqual(t, "the fake's requests", []string{"GET getOrganizationUsers", "GET getCurrentOrganization"}, a.TakeRequests())
}

// A fake checks every exchange against openapi.yaml and fails its test on
// a violation; OffSpec stops that for answers the spec leaves out on
// purpose. This test fails if OffSpec does not: a user endpoint answering
// an error in plain text is not in the spec.
func TestOffSpecFakesAnswerOffTheSpecWithoutFailing(t *testing.T) {
	t.Parallel()
	a := sdktest.NewAstra(t, sdktest.InProcess, fakeserver.WithAstraErrorStyle(fakeserver.AstraErrorsPlainText))
	a.OffSpec()
	_, err := users.NewAstra(a.Client).Get(context.Background(), "00000000-0000-4000-8000-000000000000")
	if !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("err = %v, want a 404", err)
	}
}
