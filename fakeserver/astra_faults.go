package fakeserver

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// AstraFault is a failure, or a delay, that the fake applies to Astra
// requests before serving them, to test retries, backoff and timeouts.
type AstraFault struct {
	// Status is the HTTP status to answer instead of serving the request,
	// such as 429, 502 or 503, with an Astra error body ("over rate limit"
	// for 429). 0 serves the request normally, after Delay.
	Status int
	// RetryAfter, if not empty, is sent as the Retry-After header: seconds
	// ("2") or an HTTP-date.
	RetryAfter string
	// Delay is waited on the server's Clock before answering. The wait ends
	// early if the request's context is done.
	Delay time.Duration
	// Method and PathPrefix, if not empty, limit the fault to requests with
	// that method and a path starting with that prefix.
	Method     string
	PathPrefix string
	// Times is how many matching requests the fault affects; 0 means 1.
	Times int
}

// InjectAstraFault queues a fault for the next matching Astra requests
// (ARGO requests are never affected). Faults apply in the order they were
// injected; each is used up after Times requests.
func (s *Server) InjectAstraFault(f AstraFault) error {
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("fakeserver: InjectAstraFault: status %d is not 0 or an HTTP error status", f.Status)
	}
	if f.Delay < 0 || f.Times < 0 {
		return fmt.Errorf("fakeserver: InjectAstraFault: negative Delay or Times")
	}
	if f.Times == 0 {
		f.Times = 1
	}
	s.astra.faults.push(f)
	return nil
}

// faultQueue holds injected faults. The counter lets requests skip the
// mutex when no fault is queued, which is nearly always.
type faultQueue struct {
	n      atomic.Int64
	mu     sync.Mutex
	faults []AstraFault
}

func (q *faultQueue) pending() bool { return q.n.Load() > 0 }

func (q *faultQueue) push(f AstraFault) {
	q.mu.Lock()
	q.faults = append(q.faults, f)
	q.n.Store(int64(len(q.faults)))
	q.mu.Unlock()
}

// take returns the first fault matching the request and uses one of its
// Times.
func (q *faultQueue) take(method, path string) (AstraFault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := range q.faults {
		f := &q.faults[i]
		if (f.Method != "" && f.Method != method) || !strings.HasPrefix(path, f.PathPrefix) {
			continue
		}
		out := *f
		if f.Times--; f.Times == 0 {
			q.faults = append(q.faults[:i], q.faults[i+1:]...)
			q.n.Store(int64(len(q.faults)))
		}
		return out, true
	}
	return AstraFault{}, false
}

// injectFault applies a queued fault to r; it reports whether the response
// has been written.
func (a *astraAPI) injectFault(w http.ResponseWriter, r *http.Request) bool {
	f, ok := a.faults.take(r.Method, r.URL.Path)
	if !ok {
		return false
	}
	if f.Delay > 0 {
		if err := a.env.clock.Sleep(r.Context(), f.Delay); err != nil {
			return true // the client is gone; nobody reads an answer
		}
	}
	if f.Status == 0 {
		return false
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	msg := http.StatusText(f.Status)
	if f.Status == http.StatusTooManyRequests {
		msg = "over rate limit"
	}
	if msg == "" {
		msg = fmt.Sprintf("error %d", f.Status)
	}
	writeAstraError(w, a.cfg.errorStyle, f.Status, msg)
	return true
}
