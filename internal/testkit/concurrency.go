package testkit

import (
	"slices"
	"sync"
	"testing"
)

// Concurrently calls f(0) … f(n-1), each on its own goroutine, and returns
// when every call has.
func Concurrently(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { f(i) })
	}
	wg.Wait()
}

// WantSameElements fails the test unless want and got hold the same
// strings as many times each, in any order; what names them in the
// message.
func WantSameElements(tb testing.TB, what string, want, got []string) {
	tb.Helper()
	w, g := slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(got))
	if diff := Diff(w, g); diff != "" {
		tb.Errorf("%s, sorted (-want +got):\n%s", what, diff)
	}
}

// WantUnique fails the test for each string that stands more than once in
// ss; what names them in the message.
func WantUnique(tb testing.TB, what string, ss []string) {
	tb.Helper()
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		if seen[s] {
			tb.Errorf("%s %q stands twice", what, s)
		}
		seen[s] = true
	}
}
