package fakeserver

import (
	"errors"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// Snapshot is a copy of a Server's whole state: Astra organizations with
// their roles, users, tokens and Langflow tenants; ARGO admin keys and
// tenants with their users and engine status. It is taken in one cut (no
// request is half-applied in it), shares nothing a later request can
// change, and can be restored any number of times, into this Server or
// another one. The journal, fault rules, rate-limit buckets and the ID
// generator are not state: Restore leaves them as they are, and time goes
// on (a Langflow tenant provisioning when the snapshot was taken may be
// active when it is restored).
//
// A Remote's Snapshot is a handle on a snapshot the remote fake keeps: it
// restores only through that Remote.
type Snapshot struct {
	states []half.State // one per API, in the Server's order

	remoteName string  // the name the remote fake keeps it under
	remote     *Remote // the Remote that took it; nil for a Server's
}

// Snapshot copies the server's current state.
func (s *Server) Snapshot() *Snapshot {
	snap := &Snapshot{states: make([]half.State, len(s.apis))}
	release := make([]func(), len(s.apis))
	for i, a := range s.apis {
		snap.states[i], release[i] = a.Snapshot()
	}
	for _, r := range release {
		r()
	}
	return snap
}

// Restore replaces the server's state with a copy of snap, in one cut:
// requests see the state before or after, never a mix. Requests in flight
// finish against the state they started with.
func (s *Server) Restore(snap *Snapshot) error {
	switch {
	case snap == nil:
		return errors.New("fakeserver: Restore: nil snapshot")
	case snap.states == nil:
		return errors.New("fakeserver: Restore: the snapshot was taken by a Remote; restore it with that Remote")
	}
	s.restore(snap)
	return nil
}

// restore is Restore of a snapshot known to be there.
func (s *Server) restore(snap *Snapshot) {
	release := make([]func(), len(s.apis))
	for i, a := range s.apis {
		release[i] = a.Restore(snap.states[i])
	}
	for _, r := range release {
		r()
	}
}

// Reset restores the state the server started with: its fixture
// (WithFixture, or DefaultFixture), with the IDs it generated then, or
// the state Load made last.
func (s *Server) Reset() {
	s.startMu.RLock()
	initial := s.initial
	s.startMu.RUnlock()
	s.restore(initial)
}

// views is every API's state as tables, secrets masked, for the control
// API and the inspector page.
func (s *Server) views() []half.View {
	out := make([]half.View, len(s.apis))
	for i, a := range s.apis {
		out[i] = a.View()
	}
	return out
}
