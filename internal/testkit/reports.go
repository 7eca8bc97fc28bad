package testkit

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// Reports runs f with a testing.TB that records what f reports (Error,
// Errorf, Fatal, Fatalf; a Fatal is marked "FATAL ") instead of failing
// tb's test, and returns the reports: how a test of an assertion helper
// shows that the helper fails when it should and is silent otherwise. A
// Fatal stops f, as it stops a test; everything else goes to tb.
func Reports(tb testing.TB, f func(tb testing.TB)) []string {
	tb.Helper()
	r := &reportingTB{TB: tb}
	var wg sync.WaitGroup
	wg.Go(func() { f(r) })
	wg.Wait()
	return r.reports
}

type reportingTB struct {
	testing.TB
	mu      sync.Mutex
	reports []string
}

func (r *reportingTB) Helper() {}

func (r *reportingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = append(r.reports, fmt.Sprintf(format, args...))
}

func (r *reportingTB) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *reportingTB) Fatalf(format string, args ...any) {
	r.Errorf("FATAL "+format, args...)
	runtime.Goexit()
}

func (r *reportingTB) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }
