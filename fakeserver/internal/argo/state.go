package argo

import (
	"maps"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// state is the API's whole state as a Snapshot holds it: the tenants with
// their users and engine status, and the admin keys. The API shares both
// with the snapshot until its next write (copy on write).
type state struct {
	data   *data
	admins map[string]Flavour
}

// Snapshot shares the state with the snapshot and holds it still until
// release.
func (a *API) Snapshot() (snap half.State, release func()) {
	s, k := a.store, a.admins
	s.mu.Lock()
	k.mu.Lock()
	s.shared, k.shared = true, true
	return &state{data: s.data, admins: k.keys}, func() {
		k.mu.Unlock()
		s.mu.Unlock()
	}
}

// Restore puts snap's state in place, shared with the snapshot, and holds
// it back from requests until release.
func (a *API) Restore(snap half.State) (release func()) {
	st, _ := snap.(*state) // the core restores what this kind of API snapshotted
	s, k := a.store, a.admins
	s.mu.Lock()
	k.mu.Lock()
	s.data, k.keys = st.data, st.admins
	s.shared, k.shared = true, true
	return func() {
		k.mu.Unlock()
		s.mu.Unlock()
	}
}

// clone rebuilds the tenants (which requests change) and their documents
// and users (immutable, but the users point at their tenant), with fresh
// indexes. db_conf, role lists and HDFS sync maps are never changed once
// stored and are shared.
func (d *data) clone() *data {
	c := newData()
	maps.Copy(c.roleSets, d.roleSets)
	for t := d.first; t != nil; t = t.next {
		n := &tenant{tenantDoc: &tenantDoc{id: t.id, info: t.info, dbConf: t.dbConf, topology: t.topology}, status: t.status}
		if t.users != nil {
			n.users = make([]*tenantUser, len(t.users))
			for i, u := range t.users {
				n.users[i] = &tenantUser{tenant: n, id: u.id, name: u.name, email: u.email, apiKey: u.apiKey, roles: u.roles}
			}
		}
		c.insert(n)
	}
	return c
}
