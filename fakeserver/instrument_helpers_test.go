package fakeserver_test

import (
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// mustAddFault adds fault rules or fails the test.
func mustAddFault(t testing.TB, srv *fakeserver.Server, rules ...fakeserver.Fault) {
	t.Helper()
	if err := srv.AddFault(rules...); err != nil {
		t.Fatal(err)
	}
}

// statuses lists the statuses of calls; 0 for none.
func statuses(calls []fakeserver.Call) []int {
	out := make([]int, len(calls))
	for i, c := range calls {
		out[i] = c.Status
	}
	return out
}
