package bench_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/time/rate"

	"github.com/tenantkit/tenantkit/client"
)

// limiterRate is the pace BenchmarkRateLimiter asks for, in requests per
// second.
const limiterRate = 50

// BenchmarkRateLimiter sends b.N requests through a client limited to 50
// requests per second (burst 1), beside the same requests paced by hand
// with golang.org/x/time/rate's Limiter.Wait. Each reports the achieved
// rate's error ("rate-err-%", from the first request to the last) and the
// process's CPU time over its wall time while pacing ("cpu/wall": near 0
// when it sleeps instead of spinning). b.N sets the window: bench/run uses
// -benchtime=500x, ten seconds; -benchtime=1x sends one request, which
// waits for nothing and reports neither figure.
//
// Goal: rate within ±2%, and the process idle while it waits.
func BenchmarkRateLimiter(b *testing.B) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)

	b.Run("sdk", func(b *testing.B) {
		c, err := client.New(client.WithBaseURL(srv.URL), client.WithRateLimit(limiterRate, 1))
		if err != nil {
			b.Fatal(err)
		}
		req := client.Request{Operation: "ping", Method: http.MethodGet, Path: "/ping"}
		paced(b, func() error {
			_, err := c.Do(ctx, req, nil)
			return err
		})
	})
	b.Run("raw-x-time-rate", func(b *testing.B) {
		lim := rate.NewLimiter(limiterRate, 1)
		hc := cleanhttp.DefaultPooledClient()
		paced(b, func() error {
			if err := lim.Wait(ctx); err != nil {
				return err
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/ping", nil)
			if err != nil {
				return err
			}
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				return fmt.Errorf("status %d", resp.StatusCode)
			}
			return nil
		})
	})
}

// paced runs call b.N times and reports the rate achieved between the
// first and the last call's return, and the CPU time spent meanwhile.
func paced(b *testing.B, call func() error) {
	var (
		n           int
		first, last time.Time
		cpu0, cpu1  time.Duration
		cpuOK       = true
	)
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
		last = time.Now()
		cpu, ok := cpuTime()
		cpuOK = cpuOK && ok
		if n == 0 {
			first, cpu0 = last, cpu
		}
		cpu1 = cpu
		n++
	}
	wall := last.Sub(first)
	if n < 2 || wall <= 0 {
		return // the first request never waits: nothing to measure
	}
	achieved := float64(n-1) / wall.Seconds()
	b.ReportMetric((achieved-limiterRate)/limiterRate*100, "rate-err-%")
	if cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(wall), "cpu/wall")
	}
}
