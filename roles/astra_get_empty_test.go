package roles_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// TestAstraGetRefusesAnAnswerWithoutTheObject: a 2xx without a body (or
// with null or {}) is not the object asked for.
func TestAstraGetRefusesAnAnswerWithoutTheObject(t *testing.T) {
	t.Parallel()
	for _, answer := range []testkit.Reply{{Status: 204}, {Status: 200}, {Status: 200, Body: "null"}, {Status: 200, Body: "{}"}} {
		stub := testkit.NewAstraStub(t, map[string]testkit.Reply{"GET /v2/organizations/roles/r1": answer})
		_, err := roles.NewAstra(sdktest.AstraStubClient(t, stub)).Get(context.Background(), "r1")
		if err == nil || !strings.Contains(err.Error(), "the answer holds no") {
			t.Errorf("answer %d %q: error = %v, want one saying the answer holds nothing", answer.Status, answer.Body, err)
		}
	}
}
