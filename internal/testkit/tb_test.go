package testkit_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// failures runs f with a testing.TB that records what it reports instead
// of failing the test, and returns the reports; a Fatal stops f, as it
// would stop a test.
func failures(t *testing.T, f func(tb testing.TB)) []string {
	t.Helper()
	r := &reportingTB{TB: t}
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

// wantReport fails the test unless reports holds one report containing
// each of the texts.
func wantReport(t *testing.T, reports []string, texts ...string) {
	t.Helper()
	all := strings.Join(reports, "\n")
	if len(reports) == 0 {
		t.Errorf("nothing reported, want %q", texts)
	}
	for _, s := range texts {
		if !strings.Contains(all, s) {
			t.Errorf("reports %q lack %q", reports, s)
		}
	}
}
