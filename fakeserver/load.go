package fakeserver

import (
	"fmt"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// Load replaces the server's whole state with fixture f's, in one cut, as
// Restore does, and makes it the state Reset returns to; Credentials
// become f's. IDs f leaves out are drawn from the server's generator.
// On an invalid fixture Load fails and changes nothing. The journal,
// fault rules, rate limit and clock are not state and stay as they are.
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
	snap := staging.Snapshot()
	s.startMu.Lock()
	defer s.startMu.Unlock()
	s.restore(snap)
	s.creds, s.initial = creds, snap
	return nil
}

// checkControlTokenIsNoCredential refuses a control token that is also a
// credential of the fixture: it must open the control API only.
func (s *Server) checkControlTokenIsNoCredential(token string) error {
	for _, secret := range s.creds.secrets() {
		if secret != "" && secret == token {
			return fmt.Errorf("fakeserver: WithControlToken: the control token is one of the fixture's API credentials; choose another")
		}
	}
	return nil
}
