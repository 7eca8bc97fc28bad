// Package halftest holds what the tests of every API of the fake, and of
// the core, do alike to check the state of an API: it imports neither the
// fake nor any API, so the APIs' own white-box tests can use it.
package halftest

import (
	"context"
	"sync"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
)

// UnderWrites runs write from 4 goroutines, 25 times each, and while they
// run calls take up to 50 times (at least once); it returns what take
// returned. Tests of snapshots use it to take them in the middle of
// writes.
func UnderWrites[S any](write func(worker, i int), take func() S) []S {
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 25 {
				write(w, i)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var out []S
	for len(out) < 50 {
		out = append(out, take())
		select {
		case <-done:
			return out
		default:
		}
	}
	<-done
	return out
}

// Env is the environment of an API tested on its own: a clock that stands
// at 2025-06-01 12:00:00 UTC (Sleep returns at once) and IDs drawn from
// seed 7.
func Env() half.Env {
	return half.Env{Clock: fixedClock{}, IDs: ids.NewSource(7, true)}
}

type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

func (fixedClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }
