package argo

import (
	"strconv"
	"sync"
	"testing"
)

// Snapshots taken while requests write restore into stores whose indexes
// agree with their lists: no write is half in a snapshot.
func TestSnapshotsTakenUnderWritesRestoreConsistentStores(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, `[{"id":"t","info":{"name":"load"}}]`)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 25 {
				serve(a, "POST", "/tenants/t/users", `{"name":"w`+strconv.Itoa(w)+`-`+strconv.Itoa(i)+`"}`)
				serve(a, "POST", "/tenants", `{"info":{"name":"w`+strconv.Itoa(w)+`-`+strconv.Itoa(i)+`"},"users":[{"name":"u"}]}`)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var snaps []any
take:
	for len(snaps) < 50 {
		select {
		case <-done:
			break take
		default:
			s, release := a.Snapshot()
			release()
			snaps = append(snaps, s)
		}
	}
	<-done
	for _, s := range snaps {
		b := newTestAPI(t, "")
		b.Restore(s)()
		checkIndexes(t, b.store)
	}
}
