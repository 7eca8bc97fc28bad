package fakeserver

import (
	"strconv"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestRateBucketRefillsOnTheClockAndCapsAtBurst(t *testing.T) {
	t.Parallel()
	l := newRateLimiter(10, 3)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var got []bool
	for range 4 {
		_, ok := l.take("k", t0)
		got = append(got, ok)
	}
	wait, ok := l.take("k", t0)
	got = append(got, ok)
	_, ok = l.take("k", t0.Add(100*time.Millisecond))
	got = append(got, ok)
	_, ok = l.take("k", t0.Add(time.Hour)) // refilled to the burst, not beyond
	got = append(got, ok)
	for range 3 {
		_, ok = l.take("k", t0.Add(time.Hour))
		got = append(got, ok)
	}
	if diff := testkit.Diff([]bool{true, true, true, false, false, true, true, true, true, false}, got); diff != "" {
		t.Errorf("takes (-want +got):\n%s", diff)
	}
	if wait != 100*time.Millisecond {
		t.Errorf("wait %v, want 100ms", wait)
	}
}

func TestRateLimiterForgetsFullBucketsWhenTheTableIsFull(t *testing.T) {
	t.Parallel()
	l := newRateLimiter(1, 1)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range maxRateBuckets {
		l.take(strconv.Itoa(i), t0)
	}
	l.take("late", t0.Add(time.Minute))
	if n := len(l.buckets); n != 1 {
		t.Errorf("%d buckets after pruning, want 1 (the new one)", n)
	}
}
