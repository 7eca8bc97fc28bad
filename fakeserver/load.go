package fakeserver

import (
	"errors"
	"fmt"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// Load replaces the server's whole state with fixture f's, in one cut, as
// Restore does, and makes it the state Reset returns to; Credentials
// become f's. IDs f leaves out are drawn from the server's generator.
// On an invalid fixture, or one that makes the control token
// (WithControlToken) a credential of either API, Load fails and changes
// nothing. The journal, fault rules, rate limit and clock are not state
// and stay as they are.
func (s *Server) Load(f Fixture) error {
	c, err := f.clone()
	if err != nil {
		return fmt.Errorf("fakeserver: Load: %w", err)
	}
	// The fixture goes into APIs of its own, built like this server's, so
	// a bad fixture leaves nothing behind; their snapshot is then restored
	// here.
	staging := &Server{env: half.Env{Clock: s.env.Clock, IDs: s.env.IDs}}
	staging.wire(&s.cfg)
	creds, err := staging.loadFixture(&c)
	if err != nil {
		return fmt.Errorf("fakeserver: Load: %w", err)
	}
	if s.control != nil && staging.opensAnAPI(s.control.token) {
		return fmt.Errorf("fakeserver: Load: %w", errControlTokenAsCredential)
	}
	snap := staging.Snapshot()
	s.startMu.Lock()
	defer s.startMu.Unlock()
	s.restore(snap)
	s.creds, s.initial = creds, snap
	return nil
}

// opensAnAPI reports whether secret is a credential of either API now.
func (s *Server) opensAnAPI(secret string) bool {
	for _, api := range s.apis {
		if api.Accepts(secret) {
			return true
		}
	}
	return false
}

// errControlTokenAsCredential is why the control token may not become an
// API credential: it opens the control API only.
var errControlTokenAsCredential = errors.New("the control token would open an API; it opens the control API only (choose another credential)")
