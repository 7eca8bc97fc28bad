package argo

// Seeding: tenants put in place without going through the API, for
// fixtures that must match documented responses byte for byte (fixed IDs,
// api keys and timestamps).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// SeedTenant is a tenant as SeedArgoTenants takes it: the shape GET
// /tenants returns, plus an optional engine status.
type SeedTenant struct {
	TenantBody
	Status *Status `json:"status"`
}

// ParseSeed decodes SeedArgoTenants' data: one JSON array of tenants,
// without members the tenants do not have.
func ParseSeed(data []byte) ([]SeedTenant, error) {
	// Strict, unlike the API (whose server ignores unknown members): a
	// seed's misspelt member would otherwise vanish without a word.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var in []SeedTenant
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("want a JSON array of tenants: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("want one JSON array of tenants, found more after it")
	}
	if in == nil {
		return nil, errors.New("want a JSON array of tenants, got null")
	}
	return in, nil
}

// Seed stores tenants as fakeserver.Server.SeedArgoTenants describes,
// all or none, and returns their IDs in order.
func (a *API) Seed(in []SeedTenant) ([]string, error) {
	return a.store.seed(in, a.now())
}

func (s *store) seed(in []SeedTenant, now string) ([]string, error) {
	s.lockWrite()
	defer s.mu.Unlock()
	tenantIDs := make(map[string]struct{}, len(in))
	names := make(map[string]struct{}, len(in))
	userIDs := make(map[string]struct{})
	keys := make(map[string]struct{})
	built := make([]*tenant, 0, len(in))
	for i := range in {
		st := &in[i]
		fail := func(format string, args ...any) ([]string, error) {
			return nil, fmt.Errorf("tenant %d (name %q): %s", i, st.Info.Name, fmt.Sprintf(format, args...))
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
		t := &tenant{tenantDoc: &tenantDoc{id: id, info: st.Info, dbConf: st.DBConf, topology: st.Topology}}
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
			t.users = make([]*tenantUser, len(st.Users))
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
				key = s.ids.HexKey(32)
			}
			if _, dup := keys[key]; dup || s.keys[key] != nil {
				return fail("user %d (ID %q): the api key is already used by another user", j, uid)
			}
			keys[key] = struct{}{}
			t.users[j] = newTenantUser(t, uid, u.Name, u.Email, key, s.internRoles(u.Roles))
		}
		built = append(built, t)
	}
	ids := make([]string, len(built))
	for i, t := range built {
		s.insert(t)
		ids[i] = t.id
	}
	return ids, nil
}
