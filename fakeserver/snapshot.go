package fakeserver

import (
	"errors"
	"maps"
	"slices"
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
type Snapshot struct {
	astra  astraData
	argo   argoData
	admins map[string]ArgoAdminFlavour
}

// Snapshot copies the server's current state.
func (s *Server) Snapshot() *Snapshot {
	as, gs, ks := s.astra.store, s.argo.store, s.argo.admins
	as.mu.RLock()
	gs.mu.RLock()
	ks.mu.RLock()
	snap := &Snapshot{astra: as.astraData.clone(), argo: gs.argoData.clone(), admins: maps.Clone(ks.keys)}
	ks.mu.RUnlock()
	gs.mu.RUnlock()
	as.mu.RUnlock()
	return snap
}

// Restore replaces the server's state with a copy of snap, in one cut:
// requests see the state before or after, never a mix. Requests in flight
// finish against the state they started with.
func (s *Server) Restore(snap *Snapshot) error {
	if snap == nil {
		return errors.New("fakeserver: Restore: nil snapshot")
	}
	astra, argo, admins := snap.astra.clone(), snap.argo.clone(), maps.Clone(snap.admins)
	as, gs, ks := s.astra.store, s.argo.store, s.argo.admins
	as.mu.Lock()
	gs.mu.Lock()
	ks.mu.Lock()
	as.astraData, gs.argoData, ks.keys = astra, argo, admins
	ks.mu.Unlock()
	gs.mu.Unlock()
	as.mu.Unlock()
	return nil
}

// Reset restores the state the server started with: its fixture
// (WithFixture, or DefaultFixture), with the IDs it generated then.
func (s *Server) Reset() {
	_ = s.Restore(s.initial) // initial is never nil
}

// clone copies the maps and slices that requests change in place; the
// records themselves are immutable once stored and are shared.
func (d *astraData) clone() astraData {
	c := astraData{
		orgs:    make(map[string]*astraOrg, len(d.orgs)),
		tokens:  maps.Clone(d.tokens),
		tenants: maps.Clone(d.tenants),
	}
	for id, org := range d.orgs {
		c.orgs[id] = org.clone()
	}
	return c
}

func (org *astraOrg) clone() *astraOrg {
	c := *org
	c.roles = maps.Clone(org.roles)
	c.roleOrder = slices.Clone(org.roleOrder)
	c.roleNames = maps.Clone(org.roleNames)
	c.roleUse = maps.Clone(org.roleUse)
	c.roleSets = maps.Clone(org.roleSets)
	c.users = maps.Clone(org.users)
	c.emails = maps.Clone(org.emails)
	c.userOrder = slices.Clone(org.userOrder)
	c.tenants = slices.Clone(org.tenants)
	return &c
}

// clone rebuilds the tenants (which requests change) and their documents
// and users (immutable, but the users point at their tenant), with fresh
// indexes.
// db_conf, role lists and HDFS sync maps are never changed once stored
// and are shared.
func (d *argoData) clone() argoData {
	c := newArgoData()
	c.roleSets = maps.Clone(d.roleSets)
	for t := d.first; t != nil; t = t.next {
		n := &argoTenant{argoTenantDoc: &argoTenantDoc{id: t.id, info: t.info, dbConf: t.dbConf, topology: t.topology}, status: t.status}
		if t.users != nil {
			n.users = make([]*argoUser, len(t.users))
			for i, u := range t.users {
				n.users[i] = &argoUser{tenant: n, id: u.id, name: u.name, email: u.email, apiKey: u.apiKey, roles: u.roles}
			}
		}
		c.insert(n)
	}
	return c
}
