package roles_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/roles"
)

// TestAstraGetRefusesAnAnswerWithoutTheObject: a 2xx without a body (or
// with null or {}) is not the object asked for.
func TestAstraGetRefusesAnAnswerWithoutTheObject(t *testing.T) {
	t.Parallel()
	for _, answer := range []astraStubRoute{{204, ""}, {200, ""}, {200, "null"}, {200, "{}"}} {
		stub := newAstraStub(t, map[string]astraStubRoute{"GET /v2/organizations/roles/r1": answer})
		_, err := roles.NewAstra(stub.client(t)).Get(context.Background(), "r1")
		if err == nil || !strings.Contains(err.Error(), "the answer holds no") {
			t.Errorf("answer %d %q: error = %v, want one saying the answer holds nothing", answer.status, answer.body, err)
		}
	}
}
