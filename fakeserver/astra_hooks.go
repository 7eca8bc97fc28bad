package fakeserver

// Set-up hooks for the Astra half: state put in place without going through
// the API. (Fixtures do the same declaratively; see Fixture.) Each is safe
// for concurrent use and reports bad input as an error, never a panic. The
// hooks that trigger what the real service does on its own are in
// events.go.

// AddOrganization creates an Astra organization named name, seeded with the
// built-in roles, and returns its new ID. It has no users or tokens; add a
// token with AddToken.
func (s *Server) AddOrganization(name string) (orgID string) {
	for {
		// A repeated UUID is all addOrg can fail on; draw again.
		id := s.env.IDs.UUID()
		if s.astra.store.addOrg(id, name) == nil {
			return id
		}
	}
}

// AddToken creates an application token for the organization orgID with
// the given roles, each named by role ID or by role name ("Organization
// Administrator"). The token has the real form,
// AstraCS:<24 letters>:<64 hex digits>, drawn from the server's ID source
// (repeatable under WithSeed). A token with no roles is valid but may only
// read GET /v2/currentOrg.
func (s *Server) AddToken(orgID string, roles ...string) (token string, err error) {
	token = newAstraToken(s.env.IDs)
	if err := s.astra.store.addToken(token, astraClientID(token), orgID, roles); err != nil {
		return "", err
	}
	return token, nil
}
