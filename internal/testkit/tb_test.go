package testkit_test

import (
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// failures is testkit.Reports.
func failures(t *testing.T, f func(tb testing.TB)) []string {
	t.Helper()
	return testkit.Reports(t, f)
}

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

func TestReportsRecordsInsteadOfFailingAndStopsAtAFatal(t *testing.T) {
	t.Parallel()
	after := false
	got := testkit.Reports(t, func(tb testing.TB) {
		tb.Errorf("one %d", 1)
		tb.Error("two")
		tb.Fatal("three")
		after = true
	})
	testkit.WantEqual(t, "reports", []string{"one 1", "two", "FATAL three"}, got)
	if after {
		t.Error("f went on after its Fatal")
	}
}
