package argo

// The ARGO store: tenants in insertion order with O(1) indexes by tenant
// ID, tenant name, user ID and api key (the last two across all tenants).
// Every operation runs its checks in the real server's order and changes
// nothing unless all of them pass. Readers take the tenants' documents
// (immutable once stored) and copies of their status under the lock, and
// render them after releasing it.

import (
	"slices"
	"sync"

	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
	"github.com/tenantkit/tenantkit/fakeserver/internal/roleset"
)

// failure says why a store operation changed nothing.
type failure uint8

const (
	failNone      failure = iota
	failNoTenant          // 404, errors-array form
	failNoUser            // 404, flat form (user missing in an existing tenant)
	failNameTaken         // 409 "Tenant with same name already exists"
	failKeyTaken          // 409 "More than one users found using the key: KEY"
)

// outcome is a failure and, for failKeyTaken, the key that failed.
type outcome struct {
	fail failure
	key  string
}

type store struct {
	ids *ids.Source

	mu sync.RWMutex
	*data
	// shared reports that a Snapshot holds data too (or that data came
	// from one): the next write works on a copy (copy on write), so
	// taking and restoring a snapshot costs nothing.
	shared bool
}

// lockWrite locks the store for a change and makes its data its own
// first: a copy, if a snapshot shares it. The caller defers s.mu.Unlock.
func (s *store) lockWrite() {
	s.mu.Lock()
	if s.shared || s.tenants == nil {
		s.data, s.shared = s.data.clone(), false
	}
}

// data is what the store holds: the state a Snapshot shares.
type data struct {
	tenants     map[string]*tenant     // by tenant ID
	names       map[string]*tenant     // by info.name (exact)
	users       map[string]*tenantUser // by user ID, across tenants
	keys        map[string]*tenantUser // by api_key, across tenants
	first, last *tenant
	roleSets    roleset.Table
}

func newStore(ids *ids.Source) *store {
	return &store{ids: ids, data: &data{}} // the first write makes the maps
}

func newData() *data {
	return &data{
		tenants:  make(map[string]*tenant),
		names:    make(map[string]*tenant),
		users:    make(map[string]*tenantUser),
		keys:     make(map[string]*tenantUser),
		roleSets: roleset.Table{},
	}
}

// ---- reads ----

// view copies t for rendering outside the lock: the document is shared
// (never changed once stored), the status copied.
func (t *tenant) view() tenant {
	return tenant{tenantDoc: t.tenantDoc, status: t.status}
}

// reduced is the document a restricted admin (users nil) or a UI admin
// (its admin_ui users) sees of d: id, info, topology and those users.
func reduced(d *tenantDoc, users []*tenantUser) *tenantDoc {
	return &tenantDoc{id: d.id, info: d.info, topology: d.topology, users: users}
}

// uiUsers is the real server's removeNonUIUsers for one tenant: the
// users holding admin_ui, each once per admin_ui entry in its roles.
func uiUsers(users []*tenantUser) []*tenantUser {
	var out []*tenantUser
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
func (s *store) list(f Flavour) []*tenantDoc {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]*tenantDoc, 0, len(s.tenants))
	for t := s.first; t != nil; t = t.next {
		switch f {
		case SuperAdminRestricted:
			out = append(out, reduced(t.tenantDoc, nil))
		case SuperAdminUI:
			if ui := uiUsers(t.users); len(ui) > 0 {
				out = append(out, reduced(t.tenantDoc, ui))
			}
		default:
			out = append(out, t.tenantDoc)
		}
	}
	return out
}

// get returns one tenant. A UI admin sees it only if it has an admin_ui
// user, reduced like list; every other flavour sees all of it.
func (s *store) get(id string, f Flavour) (tenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return tenant{}, false
	}
	if f == SuperAdminUI {
		ui := uiUsers(t.users)
		if len(ui) == 0 {
			return tenant{}, false
		}
		return tenant{tenantDoc: reduced(t.tenantDoc, ui)}, true
	}
	return t.view(), true
}

// status returns a tenant without its users, with its engine status.
func (s *store) status(id string) (tenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return tenant{}, false
	}
	return t.view(), true
}

func (s *store) exists(id string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tenants[id] != nil
}

// listUsers returns a tenant's users (nil and empty kept apart).
func (s *store) listUsers(id string) ([]*tenantUser, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tenants[id]
	if t == nil {
		return nil, false
	}
	return t.users, true
}

// user returns a user of a tenant.
func (s *store) user(tenantID, userID string) (*tenantUser, failure) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, u, fail := s.lookupUser(tenantID, userID)
	return u, fail
}

// lookupUser finds a tenant and one of its users: failNoTenant for an
// unknown tenant, failNoUser for a user not in it. s.mu is held.
func (s *data) lookupUser(tenantID, userID string) (*tenant, *tenantUser, failure) {
	t := s.tenants[tenantID]
	if t == nil {
		return nil, nil, failNoTenant
	}
	u := s.users[userID]
	if u == nil || u.tenant != t {
		return nil, nil, failNoUser
	}
	return t, u, failNone
}

// userByID returns a user of any tenant.
func (s *store) userByID(userID string) *tenantUser {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.users[userID]
}

// ---- writes (all under s.mu held for writing) ----

// keyConflict is the real server's validateTenantUsers: for keys in body
// order, the first that a user of another tenant holds, or that an earlier
// key repeats, fails. owner is the tenant being written (nil on create, when
// every tenant counts as another).
func (s *store) keyConflict(owner *tenant, keys []string) (string, bool) {
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
func (s *store) newTenantID() string {
	for {
		if id := s.ids.UUID(); s.tenants[id] == nil {
			return id
		}
	}
}

func (s *store) newUserID(taken map[string]struct{}) string {
	for {
		id := s.ids.UUID()
		if _, t := taken[id]; s.users[id] == nil && !t {
			return id
		}
	}
}

// internRoles shares equal role lists between users. Empty lists are
// stored as nil: the real server drops them (omitempty) either way.
func (s *store) internRoles(roles []string) []string {
	if len(roles) == 0 {
		return nil
	}
	return s.roleSets.Intern(roles)
}

func (s *data) indexUsers(users []*tenantUser) {
	for _, u := range users {
		s.users[u.id] = u
		s.keys[u.apiKey] = u
	}
}

func (s *data) unindexUsers(users []*tenantUser) {
	for _, u := range users {
		if s.users[u.id] == u {
			delete(s.users, u.id)
		}
		if s.keys[u.apiKey] == u {
			delete(s.keys, u.apiKey)
		}
	}
}

func (s *data) link(t *tenant) {
	t.prev = s.last
	if s.last != nil {
		s.last.next = t
	} else {
		s.first = t
	}
	s.last = t
}

func (s *data) unlink(t *tenant) {
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
func (t *tenant) indexOf(u *tenantUser) int {
	for i, x := range t.users {
		if x == u {
			return i
		}
	}
	return -1
}

// create is POST /tenants after parsing: name conflict, then api keys
// (given, or generated for users without one), then insert.
func (s *store) create(in *TenantBody, now string) (string, outcome) {
	s.lockWrite()
	defer s.mu.Unlock()
	if s.names[in.Info.Name] != nil {
		return "", outcome{fail: failNameTaken}
	}
	keys := make([]string, len(in.Users))
	for i, u := range in.Users {
		keys[i] = u.APIKey
		if keys[i] == "" {
			keys[i] = s.ids.HexKey(32)
		}
	}
	if k, bad := s.keyConflict(nil, keys); bad {
		return "", outcome{fail: failKeyTaken, key: k}
	}
	t := &tenant{tenantDoc: &tenantDoc{id: s.newTenantID(), info: in.Info, dbConf: in.DBConf, topology: in.Topology}}
	t.info.Created, t.info.Updated = now, now // the new document, not yet shared
	t.users = s.buildUsers(t, in.Users, keys, nil)
	s.insert(t)
	return t.id, outcome{}
}

// buildUsers makes stored users from body users with the given keys,
// keeping the ID of a stored user of t with the same key (PUT) and drawing
// new IDs for the others. nil stays nil, empty stays empty.
func (s *store) buildUsers(t *tenant, in []UserBody, keys []string, old *tenant) []*tenantUser {
	if in == nil {
		return nil
	}
	users := make([]*tenantUser, len(in))
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
		users[i] = newTenantUser(t, id, b.Name, b.Email, keys[i], s.internRoles(b.Roles))
	}
	return users
}

func (s *data) insert(t *tenant) {
	s.tenants[t.id] = t
	s.names[t.info.Name] = t
	s.indexUsers(t.users)
	s.link(t)
}

// replace is PUT /tenants/{ID} after parsing: lookup, api keys (no
// generation: missing keys stay ""), name conflict on rename, then the whole
// record is replaced, keeping info.created, user IDs matched by api key and
// the position in the list, and wiping the engine status.
func (s *store) replace(id string, in *TenantBody, now string) outcome {
	s.lockWrite()
	defer s.mu.Unlock()
	t := s.tenants[id]
	if t == nil {
		return outcome{fail: failNoTenant}
	}
	keys := make([]string, len(in.Users))
	for i, u := range in.Users {
		keys[i] = u.APIKey
	}
	if k, bad := s.keyConflict(t, keys); bad {
		return outcome{fail: failKeyTaken, key: k}
	}
	if in.Info.Name != t.info.Name && s.names[in.Info.Name] != nil {
		return outcome{fail: failNameTaken}
	}
	users := s.buildUsers(t, in.Users, keys, t)
	s.unindexUsers(t.users)
	delete(s.names, t.info.Name)
	info := in.Info
	info.Created, info.Updated = t.info.Created, now
	t.tenantDoc = &tenantDoc{id: t.id, info: info, dbConf: in.DBConf, topology: in.Topology, users: users}
	t.status = Status{}
	s.names[t.info.Name] = t
	s.indexUsers(t.users)
	return outcome{}
}

// remove is DELETE /tenants/{ID}.
func (s *store) remove(id string) outcome {
	s.lockWrite()
	defer s.mu.Unlock()
	t := s.tenants[id]
	if t == nil {
		return outcome{fail: failNoTenant}
	}
	s.unindexUsers(t.users)
	delete(s.names, t.info.Name)
	delete(s.tenants, id)
	s.unlink(t)
	return outcome{}
}

// setStatus is PUT /tenants/{ID}/status after parsing: the whole status is
// replaced; info.updated is left alone.
func (s *store) setStatus(id string, st Status) outcome {
	s.lockWrite()
	defer s.mu.Unlock()
	t := s.tenants[id]
	if t == nil {
		return outcome{fail: failNoTenant}
	}
	st.TotalStatus = false
	t.status = st
	return outcome{}
}

// touch records a user write as the real server's document replacement
// does: info.updated moves, the engine status is gone.
func (t *tenant) touch(now string) {
	t.edit(func(d *tenantDoc) { d.info.Updated = now })
	t.status = Status{}
}

// createUser is POST /tenants/{ID}/users after parsing: the body's id and
// api_key are ignored; a new key is always generated.
func (s *store) createUser(tenantID string, in *UserBody, now string) (string, outcome) {
	s.lockWrite()
	defer s.mu.Unlock()
	t := s.tenants[tenantID]
	if t == nil {
		return "", outcome{fail: failNoTenant}
	}
	key := s.ids.HexKey(32)
	if s.keys[key] != nil {
		return "", outcome{fail: failKeyTaken, key: key}
	}
	u := newTenantUser(t, s.newUserID(nil), in.Name, in.Email, key, s.internRoles(in.Roles))
	t.edit(func(d *tenantDoc) {
		d.users = append(d.users, u) // past the end of older documents: see tenantDoc
		d.info.Updated = now
	})
	t.status = Status{}
	s.indexUsers([]*tenantUser{u})
	return u.id, outcome{}
}

// updateUser is PUT /tenants/{ID}/users/{USER_ID} after parsing: a patch in
// which empty strings and an empty roles list change nothing.
func (s *store) updateUser(tenantID, userID string, in *UserBody, now string) outcome {
	s.lockWrite()
	defer s.mu.Unlock()
	t, u, fail := s.lookupUser(tenantID, userID)
	if fail != failNone {
		return outcome{fail: fail}
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
			return outcome{fail: failKeyTaken, key: key}
		}
	}
	if !s.swapUser(t, u, newTenantUser(t, u.id, name, email, key, roles)) {
		return outcome{fail: failNoUser}
	}
	t.touch(now)
	return outcome{}
}

// swapUser puts n in the place of u (same ID) in t and the indexes. It
// reports false, changing nothing, if u is not in t (which the indexes
// rule out; the check keeps a broken invariant from becoming a panic).
func (s *store) swapUser(t *tenant, u, n *tenantUser) bool {
	i := t.indexOf(u)
	if i < 0 {
		return false
	}
	t.edit(func(d *tenantDoc) {
		d.users = slices.Clone(d.users)
		d.users[i] = n
	})
	s.unindexUsers([]*tenantUser{u})
	s.indexUsers([]*tenantUser{n})
	return true
}

// deleteUser is DELETE /tenants/{ID}/users/{USER_ID}. Removing the last
// user leaves an empty (not nil) list, as the real server's does.
func (s *store) deleteUser(tenantID, userID, now string) outcome {
	s.lockWrite()
	defer s.mu.Unlock()
	t, u, fail := s.lookupUser(tenantID, userID)
	if fail != failNone {
		return outcome{fail: fail}
	}
	i := t.indexOf(u)
	if i < 0 {
		return outcome{fail: failNoUser}
	}
	t.edit(func(d *tenantDoc) {
		// A new slice: older documents keep theirs. Empty, not nil, when
		// the last user goes.
		d.users = slices.Delete(slices.Clone(d.users), i, i+1)
	})
	s.unindexUsers([]*tenantUser{u})
	t.touch(now)
	return outcome{}
}

// renewKey is POST .../renew_api_key: a new generated key.
func (s *store) renewKey(tenantID, userID, now string) (string, outcome) {
	s.lockWrite()
	defer s.mu.Unlock()
	t, u, fail := s.lookupUser(tenantID, userID)
	if fail != failNone {
		return "", outcome{fail: fail}
	}
	key := s.ids.HexKey(32)
	if o := s.keys[key]; o != nil && o != u {
		return "", outcome{fail: failKeyTaken, key: key}
	}
	if !s.swapUser(t, u, newTenantUser(t, u.id, u.name, u.email, key, u.roles)) {
		return "", outcome{fail: failNoUser}
	}
	t.touch(now)
	return key, outcome{}
}
