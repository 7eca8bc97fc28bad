package tenants

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// LangflowStatusError reports a tenant that cannot become active by
// waiting: it is deactivated (Reactivate it first), failed or terminated.
// WaitActive returns it, wrapped; find it with errors.As.
type LangflowStatusError struct {
	// TenantID is the tenant's ID.
	TenantID string
	// Status is the status the tenant was found in.
	Status LangflowStatus
}

// Error says which status stopped the wait and what it means.
func (e *LangflowStatusError) Error() string {
	if e.Status.IsTerminal() {
		return fmt.Sprintf("tenant %s is %q and can never become active", e.TenantID, e.Status)
	}
	return fmt.Sprintf("tenant %s is %q and cannot become active until it is reactivated (Langflow.Reactivate)",
		e.TenantID, e.Status)
}

// WaitActive polls the tenant with Get until it is active and returns it.
//
// It fails at once, with a *LangflowStatusError, when the tenant is in a
// status from which it cannot become active without action: "deactivated"
// (call Reactivate, then wait again), "failed" or "terminated". It keeps
// polling through "created", "provisioning", "reactivating" and any status
// it does not know, so give ctx a deadline. It stops when ctx ends, or as
// soon as the next poll could not happen before ctx's deadline, with an
// error that names the last status seen and matches ctx's error (such as
// context.DeadlineExceeded); a failed Get ends it too (the client has
// already retried what could be retried).
//
// The waits between polls start at DefaultLangflowPollInterval and double
// up to DefaultLangflowMaxPollInterval (see WithLangflowPollInterval); they
// run on the client's clock, so a client.VirtualClock makes them instant.
// On failure WaitActive returns the last state it read with the error.
func (l *Langflow) WaitActive(ctx context.Context, id string) (LangflowTenant, error) {
	const op = "tenants.Langflow.WaitActive"
	var last LangflowTenant
	for t, err := range l.poll(ctx, id, op) {
		if err != nil {
			return last, err
		}
		last = t
	}
	if last.Status.IsActive() {
		return last, nil
	}
	return last, sdkerr.Op(op, &LangflowStatusError{TenantID: id, Status: last.Status})
}

// Watch polls the tenant as WaitActive does and yields every state it
// reads, the first one at once, so a caller can follow the statuses a
// tenant passes through. The sequence ends after an active tenant or one
// that cannot become active without action (check its Status); a failed
// Get or the end of ctx is yielded as an error, once, and ends it.
func (l *Langflow) Watch(ctx context.Context, id string) iter.Seq2[LangflowTenant, error] {
	return l.poll(ctx, id, "tenants.Langflow.Watch")
}

// poll is Watch with the error prefix of the calling method.
func (l *Langflow) poll(ctx context.Context, id, op string) iter.Seq2[LangflowTenant, error] {
	return func(yield func(LangflowTenant, error) bool) {
		if _, err := l.tenantPath(op, id); err != nil {
			yield(LangflowTenant{}, err)
			return
		}
		clk := l.c.Clock()
		start := clk.Now()
		delay := l.pollFirst
		var last LangflowTenant
		for polls := 1; ; polls++ {
			t, err := l.Get(ctx, id)
			if err != nil {
				if polls > 1 && ctx.Err() != nil {
					err = stillWaiting(op, id, last, polls-1, clk.Now().Sub(start), err)
				} else {
					err = sdkerr.Op(op, err)
				}
				yield(LangflowTenant{}, err)
				return
			}
			last = t
			if !yield(t, nil) || t.Status.IsActive() || !t.Status.CanBecomeActive() {
				return
			}
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= delay {
				// Sleeping into a certain timeout would only delay the answer.
				yield(LangflowTenant{}, stillWaiting(op, id, last, polls, clk.Now().Sub(start), context.DeadlineExceeded))
				return
			}
			if err := clk.Sleep(ctx, delay); err != nil {
				yield(LangflowTenant{}, stillWaiting(op, id, last, polls, clk.Now().Sub(start), err))
				return
			}
			delay = min(2*delay, l.pollMax)
		}
	}
}

// stillWaiting describes a wait that ended before the tenant was active.
func stillWaiting(op, id string, last LangflowTenant, polls int, waited time.Duration, cause error) error {
	noun := "polls"
	if polls == 1 {
		noun = "poll"
	}
	return sdkerr.While(op, fmt.Sprintf("tenant %s still %q after %d %s in %s", id, last.Status, polls, noun, waited.Round(time.Millisecond)), cause)
}
