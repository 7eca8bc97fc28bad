package fakeserver

// Test hooks for the ARGO half: state put in place without going through
// the API, for fixtures that must match documented responses byte for byte
// (fixed IDs, api keys and timestamps).

import (
	"encoding/json"
	"errors"
	"fmt"
)

// argoSeedTenant is a tenant as SeedArgoTenants takes it: the shape GET
// /tenants returns, plus an optional engine status.
type argoSeedTenant struct {
	argoTenantBody
	Status *argoStatus `json:"status"`
}

// SeedArgoTenants stores ARGO tenants directly, bypassing the API. data is
// a JSON array of tenants in the shape the "data" member of GET
// /api/v2/admin/tenants has (id, info, db_conf, topology, users), each
// optionally with a "status" member in the shape PUT .../status takes.
// Unlike the API it keeps what it is given: tenant and user IDs, api keys,
// info.created and info.updated. Missing IDs and api keys are generated, a
// missing created is the clock's now and a missing updated is created.
// Seeded tenants come after the existing ones, in the given order.
//
// The same rules as the API hold, checked against the store and within
// data: tenant names, tenant IDs, user IDs and api keys are unique. On any
// error nothing is stored. It returns the tenants' IDs in order.
func (s *Server) SeedArgoTenants(data []byte) ([]string, error) {
	var in []argoSeedTenant
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("fakeserver: SeedArgoTenants: want a JSON array of tenants: %w", err)
	}
	return s.argo.store.seed(in, s.argo.now())
}

func (s *argoStore) seed(in []argoSeedTenant, now string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tenantIDs := make(map[string]struct{}, len(in))
	names := make(map[string]struct{}, len(in))
	userIDs := make(map[string]struct{})
	keys := make(map[string]struct{})
	built := make([]*argoTenant, 0, len(in))
	for i := range in {
		st := &in[i]
		fail := func(format string, args ...any) ([]string, error) {
			return nil, fmt.Errorf("fakeserver: SeedArgoTenants: tenant %d (name %q): %s", i, st.Info.Name, fmt.Sprintf(format, args...))
		}
		id := st.ID
		if id == "" {
			id = s.newTenantID()
			for _, dup := tenantIDs[id]; dup; _, dup = tenantIDs[id] {
				id = s.newTenantID()
			}
		}
		if _, dup := tenantIDs[id]; dup || s.tenants[id] != nil {
			return fail("tenant ID %q is already used", id)
		}
		tenantIDs[id] = struct{}{}
		if _, dup := names[st.Info.Name]; dup || s.names[st.Info.Name] != nil {
			return fail("the name is already used by another tenant")
		}
		names[st.Info.Name] = struct{}{}
		t := &argoTenant{argoTenantDoc: &argoTenantDoc{id: id, info: st.Info, dbConf: st.DBConf, topology: st.Topology}}
		if t.info.Created == "" {
			t.info.Created = now
		}
		if t.info.Updated == "" {
			t.info.Updated = t.info.Created
		}
		if st.Status != nil {
			t.status = *st.Status
			t.status.TotalStatus = false
		}
		if st.Users != nil {
			t.users = make([]*argoUser, len(st.Users))
		}
		for j, u := range st.Users {
			uid := u.ID
			if uid == "" {
				uid = s.newUserID(userIDs)
			}
			if _, dup := userIDs[uid]; dup || s.users[uid] != nil {
				return fail("user %d: user ID %q is already used", j, uid)
			}
			userIDs[uid] = struct{}{}
			key := u.APIKey
			if key == "" {
				key = s.ids.hexKey(32)
			}
			if _, dup := keys[key]; dup || s.keys[key] != nil {
				return fail("user %d (ID %q): the api key is already used by another user", j, uid)
			}
			keys[key] = struct{}{}
			t.users[j] = newArgoUser(t, uid, u.Name, u.Email, key, s.internRoles(u.Roles))
		}
		built = append(built, t)
	}
	if len(built) == 0 && in == nil {
		return nil, errors.New("fakeserver: SeedArgoTenants: want a JSON array of tenants, got null")
	}
	ids := make([]string, len(built))
	for i, t := range built {
		s.insert(t)
		ids[i] = t.id
	}
	return ids, nil
}
