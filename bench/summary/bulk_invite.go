package main

import (
	"fmt"
	"strconv"
	"strings"
)

// The goals of BenchmarkBulkInvite (issue 13): inviting N users into an
// organization of M costs N + O(1) requests and O(N + M) records read.
const (
	bulkMaxExtraRequests = 4 // beyond one per user: the roles, the users, the read-back, the organization's ID
	bulkMaxRecordsFactor = 2 // records read ≤ 2(M + N): the plan's list and the read-back
	bulkMaxTimeRatio     = 1.0
)

// bulkInviteRows compares each bulk way of inviting with the loop over
// Invite, per organization size: requests and records per invited user
// against their goals, and time per invited user as a ratio to the loop's.
func bulkInviteRows(r *results) []row {
	var rows []row
	for _, size := range r.children("BulkInvite") {
		m, ok := orgSize(size)
		if !ok {
			continue
		}
		base := "BulkInvite/" + size + "/invite-loop"
		baseReq, _ := r.median(base, "req/user")
		baseRec, _ := r.median(base, "records/user")
		for _, way := range r.children("BulkInvite/" + size) {
			if way == "invite-loop" {
				continue
			}
			name := "BulkInvite/" + size + "/" + way
			n, okN := r.median(name, "invited/op")
			if !okN || n <= 0 {
				continue
			}
			bench := fmt.Sprintf("m=%s, %.0f invited: %s", shortCount(m), n, way)
			if q, ok := r.median(name, "req/user"); ok {
				limit := 1 + bulkMaxExtraRequests/n
				rows = append(rows, row{"bulk invite", bench, "requests per invited user",
					fmt.Sprintf("%.2f (Invite loop: %.2f)", q, baseReq),
					fmt.Sprintf("N + %d: ≤ %.2f", bulkMaxExtraRequests, limit), verdict(q <= limit+1e-9)})
			}
			if q, ok := r.median(name, "records/user"); ok {
				limit := bulkMaxRecordsFactor * (float64(m) + n) / n
				rows = append(rows, row{"bulk invite", bench, "user records read per invited user",
					fmt.Sprintf("%s (Invite loop: %s)", grouped(q), grouped(baseRec)),
					fmt.Sprintf("2(M + N): ≤ %s", grouped(limit)), verdict(q <= limit+1e-9)})
			}
			if q, ok := r.ratio(name, base, "ns/user"); ok {
				a, _ := r.median(name, "ns/user")
				z, _ := r.median(base, "ns/user")
				rows = append(rows, row{"bulk invite", bench, "time per invited user / Invite loop",
					fmt.Sprintf("%.3f× (%s vs %s)", q, duration(a), duration(z)),
					fmt.Sprintf("≤ %.1f×", bulkMaxTimeRatio), verdict(q <= bulkMaxTimeRatio)})
			}
		}
	}
	return rows
}

// orgSize reads M from "m=10000".
func orgSize(s string) (int, bool) {
	v, ok := strings.CutPrefix(s, "m=")
	if !ok {
		return 0, false
	}
	m, err := strconv.Atoi(v)
	return m, err == nil && m > 0
}

// shortCount writes 1000 as 1k and 1000000 as 1M.
func shortCount(n int) string { return short("n=" + strconv.Itoa(n)) }

// grouped writes a count with thousands separators, and one decimal below
// a hundred: 100,050 or 21.0.
func grouped(v float64) string {
	if v < 100 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
