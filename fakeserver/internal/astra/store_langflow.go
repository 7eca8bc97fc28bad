package astra

// addTenant stores a new tenant in its organization.
func (s *store) addTenant(t *langflowTenant) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[t.orgID]
	if org == nil {
		return errNotFound("organization not found")
	}
	s.tenants[t.id] = tenantSlot{t: t, pos: len(org.tenants)}
	org.tenants = append(org.tenants, t)
	return nil
}

// tenant returns a tenant of orgID; tenants of other organizations are not
// found.
func (s *store) tenant(orgID, tenantID string) (*langflowTenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	slot, ok := s.tenants[tenantID]
	if !ok || slot.t.orgID != orgID {
		return nil, false
	}
	return slot.t, true
}

// listTenants snapshots an organization's tenants, oldest first.
func (s *store) listTenants(orgID string) []*langflowTenant {
	s.mu.RLock()
	defer s.mu.RUnlock()
	org := s.orgs[orgID]
	if org == nil {
		return nil
	}
	return append([]*langflowTenant(nil), org.tenants...)
}

// updateTenant replaces a tenant with what next returns for it, atomically.
// orgID, if not empty, must be the tenant's organization. next may return
// the tenant unchanged, or an error that is passed through.
func (s *store) updateTenant(orgID, tenantID string, next func(*langflowTenant) (*langflowTenant, error)) (*langflowTenant, error) {
	s.lockWrite()
	defer s.mu.Unlock()
	slot, ok := s.tenants[tenantID]
	if !ok || (orgID != "" && slot.t.orgID != orgID) {
		return nil, errTenantNotFound()
	}
	t, err := next(slot.t)
	if err != nil {
		return nil, err
	}
	if t != slot.t {
		s.tenants[tenantID] = tenantSlot{t: t, pos: slot.pos}
		s.orgs[t.orgID].tenants[slot.pos] = t
	}
	return t, nil
}

// errTenantNotFound is the 404 every tenant lookup answers.
func errTenantNotFound() *failure { return errNotFound("tenant not found") }
