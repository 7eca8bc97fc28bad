package bench_test

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// liveHeap returns the bytes held by live heap objects, measured by a full
// garbage collection: runtime.GC blocks until the cycle (mark and sweep)
// is complete, and /gc/heap/live:bytes is what that cycle found reachable.
// Garbage never counts, however the GC pacer would have let it pile up.
// The first of two collections empties the sync.Pools into their victim
// caches, the second drops those, so pooled buffers do not count either.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	return readLive()
}

// readLive reads /gc/heap/live:bytes: the live heap the last collection
// found.
func readLive() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// peakHeapGrowth runs f once and returns the most live heap seen while it
// ran, above what was live before it started.
//
// Method: a sampler goroutine forces a collection and reads
// /gc/heap/live:bytes, again and again, resting between samples as long
// as the last one took (so collections take at most about half of the
// run); and f takes extra samples (sample) at the moments it holds the
// most, such as right after decoding a whole list while the result is
// still reachable, or every few thousand items of a stream. Forced
// collections slow f down many times, so this runs outside the timed loop.
// A sample can miss a peak that lasts less than the rest between two; a
// buffer that lives that briefly is not what this measures (memory that
// grows with the list), and f's own samples cover the moments that matter.
func peakHeapGrowth(f func(sample func())) uint64 {
	base := liveHeap()
	var (
		mu   sync.Mutex
		peak = base
	)
	sample := func() {
		runtime.GC() // one collection: pooled buffers may count, which only overstates
		v := readLive()
		mu.Lock()
		peak = max(peak, v)
		mu.Unlock()
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			start := time.Now()
			sample()
			select {
			case <-stop:
				return
			case <-time.After(max(time.Millisecond, time.Since(start))):
			}
		}
	}()
	f(sample)
	close(stop)
	<-done
	sample()
	return peak - base
}
