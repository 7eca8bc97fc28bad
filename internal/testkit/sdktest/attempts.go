package sdktest

import (
	"context"
	"sync"
	"time"

	"github.com/tenantkit/tenantkit/client"
)

// AttemptLog records every attempt of the clients it is installed in
// (Option), stamped with the time of a clock.
type AttemptLog struct {
	clock client.Clock
	since time.Time

	mu       sync.Mutex
	attempts []client.Attempt
	at       []time.Duration
	after    func(n int)
}

// NewAttemptLog returns an empty log that stamps attempts with clock's time
// since since.
func NewAttemptLog(clock client.Clock, since time.Time) *AttemptLog {
	return &AttemptLog{clock: clock, since: since}
}

// Option installs the log in a client (client.WithAttemptHook).
func (l *AttemptLog) Option() client.Option { return client.WithAttemptHook(l.record) }

// AfterEach makes the log call f after recording each attempt, with the
// number of attempts recorded since the last Take: a test's way to act
// between two attempts (change the fake, cancel the context).
func (l *AttemptLog) AfterEach(f func(n int)) {
	l.mu.Lock()
	l.after = f
	l.mu.Unlock()
}

func (l *AttemptLog) record(_ context.Context, a client.Attempt) {
	l.mu.Lock()
	l.attempts = append(l.attempts, a)
	l.at = append(l.at, l.clock.Now().Sub(l.since))
	n, after := len(l.attempts), l.after
	l.mu.Unlock()
	if after != nil {
		after(n)
	}
}

// Take returns the attempts recorded so far and forgets them.
func (l *AttemptLog) Take() []client.Attempt {
	l.mu.Lock()
	defer l.mu.Unlock()
	as := l.attempts
	l.attempts, l.at = nil, nil
	return as
}

// TakeOps returns the operation of each attempt recorded so far and
// forgets them.
func (l *AttemptLog) TakeOps() []string {
	var out []string
	for _, a := range l.Take() {
		out = append(out, string(a.Operation))
	}
	return out
}

// TakeCalls returns "operation METHOD path" for each attempt recorded so
// far and forgets them.
func (l *AttemptLog) TakeCalls() []string {
	var out []string
	for _, a := range l.Take() {
		out = append(out, string(a.Operation)+" "+a.Method+" "+a.Path)
	}
	return out
}

// Times returns when each attempt since the last Take was made, on the
// log's clock, counted from its start.
func (l *AttemptLog) Times() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Duration(nil), l.at...)
}
