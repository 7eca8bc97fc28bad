package main

import (
	"bufio"
	"io"
	"slices"
	"strconv"
	"strings"
)

// results holds every value of every benchmark in the input, by name
// (without "Benchmark" and the GOMAXPROCS suffix) and unit.
type results struct {
	values map[string]map[string][]float64
	order  []string // names in order of first appearance
}

func newResults() *results { return &results{values: make(map[string]map[string][]float64)} }

// parse reads benchmark lines in the Go format:
//
//	BenchmarkName-2   1000   1234 ns/op   56 B/op   7 allocs/op
//
// and ignores everything else.
func (r *results) parse(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || len(f)%2 != 0 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			continue
		}
		name := trimProcs(strings.TrimPrefix(f[0], "Benchmark"))
		units := r.values[name]
		if units == nil {
			units = make(map[string][]float64)
			r.values[name] = units
			r.order = append(r.order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			units[f[i+1]] = append(units[f[i+1]], v)
		}
	}
	return sc.Err()
}

// trimProcs drops the "-N" GOMAXPROCS suffix the testing package appends.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || i == len(name)-1 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// median returns the median of name's values in unit, and whether there
// were any.
func (r *results) median(name, unit string) (float64, bool) {
	vs := r.values[name][unit]
	if len(vs) == 0 {
		return 0, false
	}
	return medianOf(vs), true
}

func medianOf(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ratio is a's values over b's in unit: the median of the ratios of the
// values paired by position (bench/run's rounds, so each pair ran minutes
// apart at most, and a drift of the machine cancels out), or the ratio of
// the medians when the two have different numbers of values.
func (r *results) ratio(a, b, unit string) (float64, bool) {
	va, vb := r.values[a][unit], r.values[b][unit]
	if len(va) == 0 || len(vb) == 0 {
		return 0, false
	}
	if len(va) != len(vb) {
		ma, _ := r.median(a, unit)
		mb, _ := r.median(b, unit)
		return ma / mb, true
	}
	q := make([]float64, len(va))
	for i := range va {
		q[i] = va[i] / vb[i]
	}
	return medianOf(q), true
}

// children returns the names directly under prefix+"/" that have results
// below them, in order of first appearance, without duplicates.
func (r *results) children(prefix string) []string {
	var out []string
	for _, name := range r.order {
		rest, ok := strings.CutPrefix(name, prefix+"/")
		if !ok {
			continue
		}
		child, _, _ := strings.Cut(rest, "/")
		if !slices.Contains(out, child) {
			out = append(out, child)
		}
	}
	return out
}
