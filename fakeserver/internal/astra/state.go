package astra

import "github.com/tenantkit/tenantkit/fakeserver/internal/half"

// Snapshot shares the state with the snapshot (copy on write: the next
// write copies it) and holds it still until release.
func (a *API) Snapshot() (half.State, func()) {
	s := a.store
	s.mu.Lock()
	s.shared = true
	return s.data, s.mu.Unlock
}

// Restore puts snap's state in place, shared with the snapshot (the next
// write copies it), and holds it back from requests until release.
func (a *API) Restore(snap half.State) func() {
	d, _ := snap.(*data) // the core restores what this kind of API snapshotted
	s := a.store
	s.mu.Lock()
	s.data, s.shared = d, true
	return s.mu.Unlock
}
