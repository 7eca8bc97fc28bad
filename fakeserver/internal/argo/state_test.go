package argo

import (
	"strconv"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half/halftest"
)

// Snapshots taken while requests write restore into stores whose indexes
// agree with their lists: no write is half in a snapshot.
func TestSnapshotsTakenUnderWritesRestoreConsistentStores(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, `[{"id":"t","info":{"name":"load"}}]`)
	snaps := halftest.UnderWrites(func(w, i int) {
		name := "w" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
		serve(a, "POST", "/tenants/t/users", `{"name":"`+name+`"}`)
		serve(a, "POST", "/tenants", `{"info":{"name":"`+name+`"},"users":[{"name":"u"}]}`)
	}, func() half.State {
		s, release := a.Snapshot()
		release()
		return s
	})
	for _, s := range snaps {
		b := newTestAPI(t, "")
		b.Restore(s)()
		checkIndexes(t, b.store)
	}
}
