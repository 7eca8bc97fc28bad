package client_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestSystemClockSleeps(t *testing.T) {
	t.Parallel()
	clock := client.SystemClock()
	start := time.Now()
	if err := clock.Sleep(context.Background(), 20*time.Millisecond); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
		t.Errorf("Sleep(20ms) returned after %v", elapsed)
	}
	if now := clock.Now(); now.Before(start) || time.Since(now) > time.Second {
		t.Errorf("Now() = %v; want the wall clock", now)
	}
}

func TestSystemClockSleepReturnsPromptlyOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- client.SystemClock().Sleep(ctx, time.Hour) }()
	time.Sleep(5 * time.Millisecond)
	start := time.Now()
	cancel()
	err := <-done
	if elapsed := time.Since(start); elapsed > 50*time.Millisecond {
		t.Errorf("Sleep returned %v after cancel; want promptly", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep error = %v; want context.Canceled", err)
	}
}

func TestSystemClockNonPositiveSleepReturnsAtOnce(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	if err := client.SystemClock().Sleep(ctx, 0); err != nil {
		t.Errorf("Sleep(0) = %v; want nil", err)
	}
	cancel()
	if err := client.SystemClock().Sleep(ctx, -time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(-1s) on a cancelled context = %v; want context.Canceled", err)
	}
}

func TestVirtualClockSleepAdvancesTime(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(testStart)
	if err := clock.Sleep(context.Background(), 3*time.Second); err != nil {
		t.Fatalf("Sleep: %v", err)
	}
	clock.Advance(time.Minute)
	_ = clock.Sleep(context.Background(), -time.Second) // no effect
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := clock.Sleep(ctx, time.Hour)
	got := []any{clock.Now(), clock.Slept(), errors.Is(err, context.Canceled)}
	want := []any{testStart.Add(3*time.Second + time.Minute), 3 * time.Second, true}
	testkit.WantEqual(t, "Now, Slept, cancelled", want, got)
}

func TestVirtualClockIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(testStart)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				_ = clock.Sleep(context.Background(), time.Millisecond)
				_ = clock.Now()
			}
		}()
	}
	wg.Wait()
	testkit.WantEqual(t, "Slept", time.Second, clock.Slept())
	testkit.WantEqual(t, "Now", testStart.Add(time.Second), clock.Now())
}

func TestVirtualClockZeroValueIsUsable(t *testing.T) {
	t.Parallel()
	var clock client.VirtualClock
	if err := clock.Sleep(context.Background(), time.Second); err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Now", time.Time{}.Add(time.Second), clock.Now())
}
