package fakeserver

// The ARGO store: tenants in insertion order with O(1) indexes by tenant
// ID, tenant name, user ID and api key (the last two across all tenants).
// Every operation runs its checks in the real server's order and changes
// nothing unless all of them pass. Readers take the tenants' documents
// (immutable once stored) and copies of their status under the lock, and
// render them after releasing it.

import (
	"slices"
	"sync"
)

// argoFailure says why a store operation changed nothing.
type argoFailure uint8

const (
	argoOK        argoFailure = iota
	argoNoTenant              // 404, errors-array form
	argoNoUser                // 404, flat form (user missing in an existing tenant)
	argoNameTaken             // 409 "Tenant with same name already exists"
	argoKeyTaken              // 409 "More than one users found using the key: KEY"
)

// argoOutcome is a failure and, for argoKeyTaken, the key that failed.
type argoOutcome struct {
	fail argoFailure
	key  string
}

type argoStore struct {
	ids *idSource

	mu sync.RWMutex
	argoData
}

// argoData is what the store holds: the state a Snapshot copies.
type argoData struct {
	tenants     map[string]*argoTenant // by tenant ID
	names       map[string]*argoTenant // by info.name (exact)
	users       map[string]*argoUser   // by user ID, across tenants
	keys        map[string]*argoUser   // by api_key, across tenants
	first, last *argoTenant
	roleSets    roleSets
}

func newArgoStore(ids *idSource) *argoStore {
	return &argoStore{ids: ids, argoData: newArgoData()}
}

func newArgoData() argoData {
	return argoData{
		tenants:  make(map[string]*argoTenant),
		names:    make(map[string]*argoTenant),
		users:    make(map[string]*argoUser),
		keys:     make(map[string]*argoUser),
		roleSets: roleSets{},
	}
}

// ---- reads ----

// view copies t for rendering outside the lock: the document is shared
// (never changed once stored), the status copied.
func (t *argoTenant) view() argoTenant {
	return argoTenant{argoTenantDoc: t.argoTenantDoc, status: t.status}
}

// reduced is the document a restricted admin (users nil) or a UI admin
// (its admin_ui users) sees of d: id, info, topology and those users.
func reduced(d *argoTenantDoc, users []*argoUser) *argoTenantDoc {
	return &argoTenantDoc{id: d.id, info: d.info, topology: d.topology, users: users}
}

// argoUIUsers is the real server's removeNonUIUsers for one tenant: the
// users holding admin_ui, each once per admin_ui entry in its roles.
func argoUIUsers(users []*argoUser) []*argoUser {
	var out []*argoUser
	for _, u := range users {
		for _, r := range u.roles {
			if r == "admin_ui" {
				out = append(out, u)
			}
		}
	}
	return out
}

// list returns the tenants in storage order as the flavour may see them:
// restricted admins get id, info and topology; UI admins only the tenants
// with an admin_ui user, each with id, info, topology and those users.
func (s *argoStore) list(f ArgoAdminFlavour) []*argoTenantDoc {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*argoTenantDoc, 0, len(s.tenants))
	for t := s.first; t != nil; t = t.next {
		switch f {
		case ArgoSuperAdminRestricted:
			out = append(out, reduced(t.argoTenantDoc, nil))
		case ArgoSuperAdminUI:
			if ui := argoUIUsers(t.users); len(ui) > 0 {
				out = append(out, reduced(t.argoTenantDoc, ui))
			}
		default:
			out = append(out, t.argoTenantDoc)
		}
	}
	return out
}

// get returns one tenant. A UI admin sees it only if it has an admin_ui
// user, reduced like list; every other flavour sees all of it.
func (s *argoStore) get(id string, f ArgoAdminFlavour) (argoTenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return argoTenant{}, false
	}
	if f == ArgoSuperAdminUI {
		ui := argoUIUsers(t.users)
		if len(ui) == 0 {
			return argoTenant{}, false
		}
		return argoTenant{argoTenantDoc: reduced(t.argoTenantDoc, ui)}, true
	}
	return t.view(), true
}

// status returns a tenant without its users, with its engine status.
func (s *argoStore) status(id string) (argoTenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return argoTenant{}, false
	}
	return t.view(), true
}

func (s *argoStore) exists(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tenants[id] != nil
}

// listUsers returns a tenant's users (nil and empty kept apart).
func (s *argoStore) listUsers(id string) ([]*argoUser, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return nil, false
	}
	return t.users, true
}

// user returns a user of a tenant.
func (s *argoStore) user(tenantID, userID string) (*argoUser, argoFailure) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[tenantID]
	if t == nil {
		return nil, argoNoTenant
	}
	u := s.users[userID]
	if u == nil || u.tenant != t {
		return nil, argoNoUser
	}
	return u, argoOK
}

// userByID returns a user of any tenant.
func (s *argoStore) userByID(userID string) *argoUser {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.users[userID]
}

// ---- writes (all under s.mu held for writing) ----

// keyConflict is the real server's validateTenantUsers: for keys in body
// order, the first that a user of another tenant holds, or that an earlier
// key repeats, fails. owner is the tenant being written (nil on create, when
// every tenant counts as another).
func (s *argoStore) keyConflict(owner *argoTenant, keys []string) (string, bool) {
	var seen map[string]struct{}
	if len(keys) > 1 {
		seen = make(map[string]struct{}, len(keys))
	}
	for _, k := range keys {
		if u := s.keys[k]; u != nil && u.tenant != owner {
			return k, true
		}
		if seen != nil {
			if _, dup := seen[k]; dup {
				return k, true
			}
			seen[k] = struct{}{}
		}
	}
	return "", false
}

// newTenantID and newUserID draw UUIDs, drawing again in the (practically
// impossible) case of a clash, which would corrupt the indexes.
func (s *argoStore) newTenantID() string {
	for {
		if id := s.ids.uuid(); s.tenants[id] == nil {
			return id
		}
	}
}

func (s *argoStore) newUserID(taken map[string]struct{}) string {
	for {
		id := s.ids.uuid()
		if _, t := taken[id]; s.users[id] == nil && !t {
			return id
		}
	}
}

// internRoles shares equal role lists between users. Empty lists are
// stored as nil: the real server drops them (omitempty) either way.
func (s *argoStore) internRoles(roles []string) []string {
	if len(roles) == 0 {
		return nil
	}
	return s.roleSets.intern(roles)
}

func (s *argoData) indexUsers(users []*argoUser) {
	for _, u := range users {
		s.users[u.id] = u
		s.keys[u.apiKey] = u
	}
}

func (s *argoData) unindexUsers(users []*argoUser) {
	for _, u := range users {
		if s.users[u.id] == u {
			delete(s.users, u.id)
		}
		if s.keys[u.apiKey] == u {
			delete(s.keys, u.apiKey)
		}
	}
}

func (s *argoData) link(t *argoTenant) {
	t.prev = s.last
	if s.last != nil {
		s.last.next = t
	} else {
		s.first = t
	}
	s.last = t
}

func (s *argoData) unlink(t *argoTenant) {
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		s.first = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		s.last = t.prev
	}
	t.prev, t.next = nil, nil
}

// indexOf finds u in t's users (a linear scan, as the real server's own).
func (t *argoTenant) indexOf(u *argoUser) int {
	for i, x := range t.users {
		if x == u {
			return i
		}
	}
	return -1
}

// create is POST /tenants after parsing: name conflict, then api keys
// (given, or generated for users without one), then insert.
func (s *argoStore) create(in *argoTenantBody, now string) (string, argoOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.names[in.Info.Name] != nil {
		return "", argoOutcome{fail: argoNameTaken}
	}
	keys := make([]string, len(in.Users))
	for i, u := range in.Users {
		keys[i] = u.APIKey
		if keys[i] == "" {
			keys[i] = s.ids.hexKey(32)
		}
	}
	if k, bad := s.keyConflict(nil, keys); bad {
		return "", argoOutcome{fail: argoKeyTaken, key: k}
	}
	t := &argoTenant{argoTenantDoc: &argoTenantDoc{id: s.newTenantID(), info: in.Info, dbConf: in.DBConf, topology: in.Topology}}
	t.info.Created, t.info.Updated = now, now // the new document, not yet shared
	t.users = s.buildUsers(t, in.Users, keys, nil)
	s.insert(t)
	return t.id, argoOutcome{}
}

// buildUsers makes stored users from body users with the given keys,
// keeping the ID of a stored user of t with the same key (PUT) and drawing
// new IDs for the others. nil stays nil, empty stays empty.
func (s *argoStore) buildUsers(t *argoTenant, in []argoUserBody, keys []string, old *argoTenant) []*argoUser {
	if in == nil {
		return nil
	}
	users := make([]*argoUser, len(in))
	var fresh map[string]struct{} // IDs drawn for this body, not yet indexed
	for i, b := range in {
		var id string
		if o := s.keys[keys[i]]; old != nil && o != nil && o.tenant == old {
			id = o.id
		} else {
			if fresh == nil {
				fresh = make(map[string]struct{})
			}
			id = s.newUserID(fresh)
			fresh[id] = struct{}{}
		}
		users[i] = newArgoUser(t, id, b.Name, b.Email, keys[i], s.internRoles(b.Roles))
	}
	return users
}

func (s *argoData) insert(t *argoTenant) {
	s.tenants[t.id] = t
	s.names[t.info.Name] = t
	s.indexUsers(t.users)
	s.link(t)
}

// replace is PUT /tenants/{ID} after parsing: lookup, api keys (no
// generation: missing keys stay ""), name conflict on rename, then the whole
// record is replaced, keeping info.created, user IDs matched by api key and
// the position in the list, and wiping the engine status.
func (s *argoStore) replace(id string, in *argoTenantBody, now string) argoOutcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[id]
	if t == nil {
		return argoOutcome{fail: argoNoTenant}
	}
	keys := make([]string, len(in.Users))
	for i, u := range in.Users {
		keys[i] = u.APIKey
	}
	if k, bad := s.keyConflict(t, keys); bad {
		return argoOutcome{fail: argoKeyTaken, key: k}
	}
	if in.Info.Name != t.info.Name && s.names[in.Info.Name] != nil {
		return argoOutcome{fail: argoNameTaken}
	}
	users := s.buildUsers(t, in.Users, keys, t)
	s.unindexUsers(t.users)
	delete(s.names, t.info.Name)
	info := in.Info
	info.Created, info.Updated = t.info.Created, now
	t.argoTenantDoc = &argoTenantDoc{id: t.id, info: info, dbConf: in.DBConf, topology: in.Topology, users: users}
	t.status = argoStatus{}
	s.names[t.info.Name] = t
	s.indexUsers(t.users)
	return argoOutcome{}
}

// remove is DELETE /tenants/{ID}.
func (s *argoStore) remove(id string) argoOutcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[id]
	if t == nil {
		return argoOutcome{fail: argoNoTenant}
	}
	s.unindexUsers(t.users)
	delete(s.names, t.info.Name)
	delete(s.tenants, id)
	s.unlink(t)
	return argoOutcome{}
}

// setStatus is PUT /tenants/{ID}/status after parsing: the whole status is
// replaced; info.updated is left alone.
func (s *argoStore) setStatus(id string, st argoStatus) argoOutcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[id]
	if t == nil {
		return argoOutcome{fail: argoNoTenant}
	}
	st.TotalStatus = false
	t.status = st
	return argoOutcome{}
}

// touch records a user write as the real server's document replacement
// does: info.updated moves, the engine status is gone.
func (t *argoTenant) touch(now string) {
	t.edit(func(d *argoTenantDoc) { d.info.Updated = now })
	t.status = argoStatus{}
}

// createUser is POST /tenants/{ID}/users after parsing: the body's id and
// api_key are ignored; a new key is always generated.
func (s *argoStore) createUser(tenantID string, in *argoUserBody, now string) (string, argoOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenantID]
	if t == nil {
		return "", argoOutcome{fail: argoNoTenant}
	}
	key := s.ids.hexKey(32)
	if s.keys[key] != nil {
		return "", argoOutcome{fail: argoKeyTaken, key: key}
	}
	u := newArgoUser(t, s.newUserID(nil), in.Name, in.Email, key, s.internRoles(in.Roles))
	t.edit(func(d *argoTenantDoc) {
		d.users = append(d.users, u) // past the end of older documents: see argoTenantDoc
		d.info.Updated = now
	})
	t.status = argoStatus{}
	s.indexUsers([]*argoUser{u})
	return u.id, argoOutcome{}
}

// updateUser is PUT /tenants/{ID}/users/{USER_ID} after parsing: a patch in
// which empty strings and an empty roles list change nothing.
func (s *argoStore) updateUser(tenantID, userID string, in *argoUserBody, now string) argoOutcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenantID]
	if t == nil {
		return argoOutcome{fail: argoNoTenant}
	}
	u := s.users[userID]
	if u == nil || u.tenant != t {
		return argoOutcome{fail: argoNoUser}
	}
	name, email, key, roles := u.name, u.email, u.apiKey, u.roles
	if in.Name != "" {
		name = in.Name
	}
	if in.Email != "" {
		email = in.Email
	}
	if len(in.Roles) > 0 {
		roles = s.internRoles(in.Roles)
	}
	if in.APIKey != "" {
		key = in.APIKey
		if o := s.keys[key]; o != nil && o != u {
			return argoOutcome{fail: argoKeyTaken, key: key}
		}
	}
	if !s.swapUser(t, u, newArgoUser(t, u.id, name, email, key, roles)) {
		return argoOutcome{fail: argoNoUser}
	}
	t.touch(now)
	return argoOutcome{}
}

// swapUser puts n in the place of u (same ID) in t and the indexes. It
// reports false, changing nothing, if u is not in t (which the indexes
// rule out; the check keeps a broken invariant from becoming a panic).
func (s *argoStore) swapUser(t *argoTenant, u, n *argoUser) bool {
	i := t.indexOf(u)
	if i < 0 {
		return false
	}
	t.edit(func(d *argoTenantDoc) {
		d.users = slices.Clone(d.users)
		d.users[i] = n
	})
	s.unindexUsers([]*argoUser{u})
	s.indexUsers([]*argoUser{n})
	return true
}

// deleteUser is DELETE /tenants/{ID}/users/{USER_ID}. Removing the last
// user leaves an empty (not nil) list, as the real server's does.
func (s *argoStore) deleteUser(tenantID, userID, now string) argoOutcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenantID]
	if t == nil {
		return argoOutcome{fail: argoNoTenant}
	}
	u := s.users[userID]
	if u == nil || u.tenant != t {
		return argoOutcome{fail: argoNoUser}
	}
	i := t.indexOf(u)
	if i < 0 {
		return argoOutcome{fail: argoNoUser}
	}
	t.edit(func(d *argoTenantDoc) {
		// A new slice: older documents keep theirs. Empty, not nil, when
		// the last user goes.
		d.users = slices.Delete(slices.Clone(d.users), i, i+1)
	})
	s.unindexUsers([]*argoUser{u})
	t.touch(now)
	return argoOutcome{}
}

// renewKey is POST .../renew_api_key: a new generated key.
func (s *argoStore) renewKey(tenantID, userID, now string) (string, argoOutcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenantID]
	if t == nil {
		return "", argoOutcome{fail: argoNoTenant}
	}
	u := s.users[userID]
	if u == nil || u.tenant != t {
		return "", argoOutcome{fail: argoNoUser}
	}
	key := s.ids.hexKey(32)
	if o := s.keys[key]; o != nil && o != u {
		return "", argoOutcome{fail: argoKeyTaken, key: key}
	}
	if !s.swapUser(t, u, newArgoUser(t, u.id, u.name, u.email, key, u.roles)) {
		return "", argoOutcome{fail: argoNoUser}
	}
	t.touch(now)
	return key, argoOutcome{}
}
