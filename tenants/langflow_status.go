package tenants

import "strings"

// Langflow statuses are an open set: the API may send values this SDK does
// not know. These helpers classify any value, compare case-insensitively,
// and treat an unknown status as one that may still become active, so a
// new transitional status never makes WaitActive give up.

// IsActive reports whether the tenant is active (ready for use).
func (s LangflowStatus) IsActive() bool { return s.is(LangflowStatusActive) }

// CanBecomeActive reports whether the tenant is active or may still become
// active without anyone acting on it: every status except "deactivated"
// (which needs Reactivate), "failed" and "terminated". Unknown statuses
// count as able to become active.
func (s LangflowStatus) CanBecomeActive() bool {
	return !s.is(LangflowStatusDeactivated) && !s.IsTerminal()
}

// IsTerminal reports whether the tenant can never become active again, not
// even through Reactivate: "failed" or "terminated".
func (s LangflowStatus) IsTerminal() bool {
	return s.is(LangflowStatusFailed) || s.is(LangflowStatusTerminated)
}

func (s LangflowStatus) is(want LangflowStatus) bool {
	return strings.EqualFold(strings.TrimSpace(string(s)), string(want))
}
