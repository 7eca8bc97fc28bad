package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSummaryTableMatchesGolden pins the table for a sample of two rounds:
// medians across rounds, ratios, deltas and verdicts. Set
// TENANTKIT_UPDATE_GOLDEN=1 to rewrite the golden file.
func TestSummaryTableMatchesGolden(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run([]string{filepath.Join("testdata", "results.txt")}, nil, &out); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "summary.golden.md")
	if os.Getenv("TENANTKIT_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("summary (-golden +got):\n%s", diff)
	}
}

func TestSummaryWithoutResultsFails(t *testing.T) {
	t.Parallel()
	err := run(nil, strings.NewReader("PASS\nok  \tx\t0.1s\n"), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "no benchmark results") {
		t.Errorf("run on input without results: err = %v, want one saying there are none", err)
	}
}

func TestMedianTakesTheMiddleOfTheRounds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		lines string
		want  float64
	}{
		{"odd", "BenchmarkX-2 1 3 ns/op\nBenchmarkX-2 1 1 ns/op\nBenchmarkX-2 1 2 ns/op\n", 2},
		{"even", "BenchmarkX-2 1 4 ns/op\nBenchmarkX-2 1 1 ns/op\nBenchmarkX-2 1 2 ns/op\nBenchmarkX-2 1 3 ns/op\n", 2.5},
		{"one", "BenchmarkX 1 7 ns/op\n", 7},
	} {
		r := newResults()
		if err := r.parse(strings.NewReader(tc.lines)); err != nil {
			t.Fatal(err)
		}
		got, ok := r.median("X", "ns/op")
		if !ok || got != tc.want {
			t.Errorf("%s: median = %v, %v; want %v", tc.name, got, ok, tc.want)
		}
	}
}

func TestTrimProcsDropsOnlyTheGOMAXPROCSSuffix(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"FakeScale/argo-users/n=10000/list-2": "FakeScale/argo-users/n=10000/list",
		"SDKOverhead/astra-role-get/sdk-16":   "SDKOverhead/astra-role-get/sdk",
		"SDKOverhead/astra-role-get/sdk":      "SDKOverhead/astra-role-get/sdk",
		"StreamList/raw-unmarshal":            "StreamList/raw-unmarshal",
		"X-":                                  "X-",
	} {
		if got := trimProcs(in); got != want {
			t.Errorf("trimProcs(%q) = %q, want %q", in, got, want)
		}
	}
}
