package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The goals, as the performance issue states them.
const (
	overheadMaxRatio  = 1.05    // sdk ns/op ≤ 1.05 × raw
	overheadMaxAllocs = 10      // sdk allocs/op ≤ raw + 10
	throughputMin     = 0.8     // fake req/s ≥ 0.8 × bare handler
	startMaxRatio     = 3.0     // fakeserver.New + Close ≤ 3 × httptest.NewServer + Close
	streamMaxRatio    = 1.0     // sdk ns/op ≤ raw-unmarshal
	streamMaxHeap     = 2 << 20 // sdk peak heap growth ≤ 2 MiB
	lookupMaxRatio    = 1.25    // O(1): largest size ≤ 1.25 × smallest (noise and cache misses, not growth)
	listMaxPer10x     = 10.5    // linear: 10× the data ≤ 10.5× the time
	limiterMaxErrPct  = 2       // |achieved − asked| ≤ 2%
	limiterMaxCPU     = 0.05    // idle while waiting: ≤ 5% of one CPU
)

// row is one line of the table.
type row struct {
	area, bench, figure, value, goal string
	verdict                          string // "ok", "MISS" or "" (no goal)
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISS"
}

// summarize turns the results into rows, area by area; an area without
// results has no rows.
func summarize(r *results) []row {
	var rows []row
	rows = append(rows, overheadRows(r)...)
	rows = append(rows, throughputRows(r)...)
	rows = append(rows, startRows(r)...)
	rows = append(rows, streamRows(r)...)
	rows = append(rows, scaleRows(r)...)
	rows = append(rows, limiterRows(r)...)
	rows = append(rows, bulkInviteRows(r)...)
	return rows
}

func overheadRows(r *results) []row {
	var rows []row
	for _, c := range r.children("SDKOverhead") {
		sdk, raw := "SDKOverhead/"+c+"/sdk", "SDKOverhead/"+c+"/raw-net-http"
		if q, ok := r.ratio(sdk, raw, "ns/op"); ok {
			sNs, _ := r.median(sdk, "ns/op")
			rNs, _ := r.median(raw, "ns/op")
			rows = append(rows, row{"SDK overhead", c, "sdk / raw ns/op",
				fmt.Sprintf("%.3f× (%s vs %s)", q, duration(sNs), duration(rNs)),
				fmt.Sprintf("≤ %.2f×", overheadMaxRatio), verdict(q <= overheadMaxRatio)})
		}
		inter := "SDKOverhead/" + c + "/interleaved"
		if q, ok := r.median(inter, "sdk/raw"); ok {
			sNs, _ := r.median(inter, "sdk-ns/call")
			rNs, _ := r.median(inter, "raw-ns/call")
			rows = append(rows, row{"SDK overhead", c, "sdk / raw, interleaved call by call",
				fmt.Sprintf("%.3f× (%s vs %s)", q, duration(sNs), duration(rNs)),
				fmt.Sprintf("≤ %.2f×", overheadMaxRatio), verdict(q <= overheadMaxRatio)})
		}
		if sA, ok := r.median(sdk, "allocs/op"); ok {
			if rA, ok := r.median(raw, "allocs/op"); ok {
				d := sA - rA
				rows = append(rows, row{"SDK overhead", c, "sdk − raw allocs/op",
					fmt.Sprintf("%+.0f (%.0f vs %.0f)", d, sA, rA),
					fmt.Sprintf("≤ +%d", overheadMaxAllocs), verdict(d <= overheadMaxAllocs)})
			}
		}
	}
	return rows
}

func throughputRows(r *results) []row {
	var rows []row
	for _, c := range r.children("FakeThroughput") {
		fake, bare := "FakeThroughput/"+c+"/fake", "FakeThroughput/"+c+"/bare-handler"
		q, ok := r.ratio(fake, bare, "req/s")
		if !ok {
			continue
		}
		f, _ := r.median(fake, "req/s")
		b, _ := r.median(bare, "req/s")
		rows = append(rows, row{"fake throughput", c + " (32 clients)", "fake / bare req/s",
			fmt.Sprintf("%.2f× (%s vs %s req/s)", q, count(f), count(b)),
			fmt.Sprintf("≥ %.1f×", throughputMin), verdict(q >= throughputMin)})
	}
	return rows
}

// startRows compares a fresh fake with a bare httptest.Server: what a test
// that starts a server of its own pays.
func startRows(r *results) []row {
	fake, bare := "FakeNew/fake", "FakeNew/httptest"
	q, ok := r.ratio(fake, bare, "ns/op")
	if !ok {
		return nil
	}
	f, _ := r.median(fake, "ns/op")
	b, _ := r.median(bare, "ns/op")
	rows := []row{{"fake start", "New + Close", "fake / httptest ns/op",
		fmt.Sprintf("%.2f× (%s vs %s)", q, duration(f), duration(b)),
		fmt.Sprintf("≤ %.0f×", startMaxRatio), verdict(q <= startMaxRatio)}}
	if fB, ok := r.median(fake, "B/op"); ok {
		fA, _ := r.median(fake, "allocs/op")
		bB, _ := r.median(bare, "B/op")
		bA, _ := r.median(bare, "allocs/op")
		rows = append(rows, row{"fake start", "New + Close", "B/op and allocs/op",
			fmt.Sprintf("%.0f B, %.0f allocs (httptest: %.0f B, %.0f allocs)", fB, fA, bB, bA), "small", ""})
	}
	return rows
}

func streamRows(r *results) []row {
	var rows []row
	for _, kind := range r.children("StreamList") {
		for _, size := range sortedSizes(r.children("StreamList/" + kind)) {
			base := "StreamList/" + kind + "/" + size
			name := kind + " " + size
			if q, ok := r.ratio(base+"/sdk", base+"/raw-unmarshal", "ns/op"); ok {
				sNs, _ := r.median(base+"/sdk", "ns/op")
				rNs, _ := r.median(base+"/raw-unmarshal", "ns/op")
				rows = append(rows, row{"streaming", name, "sdk / unmarshal ns/op",
					fmt.Sprintf("%.2f× (%s vs %s)", q, duration(sNs), duration(rNs)),
					fmt.Sprintf("≤ %.1f×", streamMaxRatio), verdict(q <= streamMaxRatio)})
			}
			if sH, ok := r.median(base+"/sdk", "peak-heap-B"); ok {
				v := mib(sH)
				if rH, ok := r.median(base+"/raw-unmarshal", "peak-heap-B"); ok {
					v += " (unmarshal: " + mib(rH) + ")"
				}
				rows = append(rows, row{"streaming", name, "sdk peak heap growth", v,
					"≤ 2 MiB", verdict(sH <= streamMaxHeap)})
			}
		}
	}
	return rows
}

func scaleRows(r *results) []row {
	var rows []row
	for _, kind := range r.children("FakeScale") {
		sizes := sortedSizes(r.children("FakeScale/" + kind))
		if len(sizes) == 0 {
			continue
		}
		name := func(size, op string) string { return "FakeScale/" + kind + "/" + size + "/" + op }
		at := func(size, op, unit string) (float64, bool) { return r.median(name(size, op), unit) }
		first, last := sizes[0], sizes[len(sizes)-1]
		if len(sizes) > 1 {
			a, okA := at(first, "get-by-id", "ns/op")
			z, okZ := at(last, "get-by-id", "ns/op")
			q, okQ := r.ratio(name(last, "get-by-id"), name(first, "get-by-id"), "ns/op")
			if okA && okZ && okQ {
				rows = append(rows, row{"fake scale", kind, "get-by-id " + short(last) + " / " + short(first),
					fmt.Sprintf("%.2f× (%s → %s)", q, duration(a), duration(z)),
					fmt.Sprintf("O(1): ≤ %.2f×", lookupMaxRatio), verdict(q <= lookupMaxRatio)})
			}
		}
		for i := 1; i < len(sizes); i++ {
			lo, hi := sizes[i-1], sizes[i]
			a, okA := at(lo, "list", "ns/op")
			z, okZ := at(hi, "list", "ns/op")
			q, okQ := r.ratio(name(hi, "list"), name(lo, "list"), "ns/op")
			if !okA || !okZ || !okQ {
				continue
			}
			data := float64(sizeOf(hi)) / float64(sizeOf(lo))
			limit := listMaxPer10x / 10 * data
			rows = append(rows, row{"fake scale", kind, fmt.Sprintf("list %s / %s (%.0f× data)", short(hi), short(lo), data),
				fmt.Sprintf("%.2f× (%s → %s)", q, duration(a), duration(z)),
				fmt.Sprintf("≤ %.1f×", limit), verdict(q <= limit)})
		}
		var per []string
		unit := ""
		for _, s := range sizes {
			for _, u := range []string{"B/user", "B/tenant"} {
				if v, ok := at(s, "get-by-id", u); ok {
					per = append(per, fmt.Sprintf("%.0f @%s", v, short(s)))
					unit = u
				}
			}
		}
		if len(per) > 0 {
			rows = append(rows, row{"fake scale", kind, "live heap " + unit, strings.Join(per, ", "), "small", ""})
		}
	}
	return rows
}

func limiterRows(r *results) []row {
	var rows []row
	for _, v := range []string{"sdk", "raw-x-time-rate"} {
		name := "RateLimiter/" + v
		if e, ok := r.median(name, "rate-err-%"); ok {
			rows = append(rows, row{"rate limiter", "50/s, " + v, "rate error",
				fmt.Sprintf("%+.3f%%", e), fmt.Sprintf("±%d%%", limiterMaxErrPct), verdict(math.Abs(e) <= limiterMaxErrPct)})
		}
		if c, ok := r.median(name, "cpu/wall"); ok {
			rows = append(rows, row{"rate limiter", "50/s, " + v, "CPU time / wall time",
				fmt.Sprintf("%.4f", c), fmt.Sprintf("≤ %.2f (idle)", limiterMaxCPU), verdict(c <= limiterMaxCPU)})
		}
	}
	return rows
}

// sizeOf reads n from "n=10000"; 0 if it is not a size.
func sizeOf(s string) int {
	v, ok := strings.CutPrefix(s, "n=")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return n
}

// sortedSizes keeps the "n=N" names, smallest first.
func sortedSizes(names []string) []string {
	var out []string
	for _, n := range names {
		if sizeOf(n) > 0 {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return sizeOf(a) - sizeOf(b) })
	return out
}

// short writes a size as 10k or 1M.
func short(size string) string {
	n := sizeOf(size)
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1_000 && n%1_000 == 0:
		return strconv.Itoa(n/1_000) + "k"
	}
	return strconv.Itoa(n)
}

// duration writes nanoseconds with a unit that keeps three digits.
func duration(ns float64) string {
	switch {
	case ns >= 1e9:
		return digits3(ns/1e9) + "s"
	case ns >= 1e6:
		return digits3(ns/1e6) + "ms"
	case ns >= 1e3:
		return digits3(ns/1e3) + "µs"
	}
	return digits3(ns) + "ns"
}

// digits3 writes v with three significant digits, never in e-notation.
func digits3(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// count writes a rate with a k suffix.
func count(v float64) string {
	if v >= 1e3 {
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

func mib(b float64) string { return fmt.Sprintf("%.2f MiB", b/(1<<20)) }
