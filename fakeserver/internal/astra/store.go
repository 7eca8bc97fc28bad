package astra

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/tenantkit/tenantkit/fakeserver/internal/roleset"
)

// store is the Astra half's state: organizations with their roles,
// users and Langflow tenants, and the application tokens. One RWMutex guards
// it. Records are immutable once stored: a change stores a new record in
// place of the old one. So a handler may take record pointers under the
// lock and encode them after releasing it, and nothing outside the store can
// change what it holds.
type store struct {
	mu sync.RWMutex
	*data
	// shared reports that a Snapshot holds data too (or that data came
	// from one): the next write works on a copy (copy on write), so
	// taking and restoring a snapshot costs nothing.
	shared bool
}

// data is what the store holds: the state a Snapshot shares.
type data struct {
	orgs    map[string]*organization
	tokens  map[string]*appToken
	tenants map[string]tenantSlot // every org's tenants, by tenant ID
}

// organization is one organization. Maps give O(1) lookups by ID; the order
// slices keep insertion order for lists.
type organization struct {
	id, name string

	roles     map[string]*orgRole
	roleOrder []*orgRole
	roleNames map[string]string // role name → role ID
	roleUse   map[string]int    // role ID → how many users hold it

	users     map[string]userSlot
	emails    map[string]string // lowercase email → user ID
	userOrder []*orgUser        // nil where a user was removed
	userHoles int
	roleSets  roleset.Table // users' role lists, shared between equal ones

	tenants []*langflowTenant
}

// appToken is an application token: "AstraCS:<clientID>:<secret>".
type appToken struct {
	clientID string
	orgID    string
	roles    []string // role IDs
}

type orgRole struct {
	id, name  string
	policy    policy
	builtin   bool
	updatedAt string // RFC 3339, "" for built-in roles
	updatedBy string // client ID of the token that last wrote it, "" for built-ins
}

type policy struct {
	description string
	resources   []string
	actions     []string
	effect      string
	json        []byte // the policy as a JSON object, encoded once: roles are read far more than written
}

func newPolicy(description string, resources, actions []string, effect string) policy {
	p := policy{description: description, resources: resources, actions: actions, effect: effect}
	p.json = appendPolicy(nil, &p)
	return p
}

// User statuses.
const (
	userInvited = "invited"
	userActive  = "active"
)

type orgUser struct {
	id     string
	email  string // lowercase
	status string
	roles  []string // role IDs, sharing the role records' strings
}

type userSlot struct {
	u   *orgUser
	pos int // index in userOrder
}

type tenantSlot struct {
	t   *langflowTenant
	pos int // index in its org's tenants
}

// newStore returns an empty store. Its maps are made by the first write.
func newStore() *store { return &store{data: &data{}} }

// lockWrite locks the store for a change and makes its data its own
// first: a copy, if a snapshot shares it. The caller defers s.mu.Unlock.
func (s *store) lockWrite() {
	s.mu.Lock()
	if s.shared || s.orgs == nil {
		s.data, s.shared = s.data.clone(), false
	}
}

// addOrg creates an organization seeded with the built-in roles.
func (s *store) addOrg(id, name string) error {
	org := &organization{
		id:        id,
		name:      name,
		roles:     make(map[string]*orgRole),
		roleNames: make(map[string]string),
		roleUse:   make(map[string]int),
		users:     make(map[string]userSlot),
		emails:    make(map[string]string),
		roleSets:  roleset.Table{},
	}
	for _, r := range builtinRoleRecords() {
		org.putRole(r)
	}
	s.lockWrite()
	defer s.mu.Unlock()
	if _, dup := s.orgs[id]; dup {
		return fmt.Errorf("organization %s already exists", id)
	}
	s.orgs[id] = org
	return nil
}

// orgInfo returns an organization's name.
func (s *store) orgInfo(orgID string) (name string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	org := s.orgs[orgID]
	if org == nil {
		return "", false
	}
	return org.name, true
}

// addToken stores a token whose roles are given by ID or by name.
func (s *store) addToken(token, clientID, orgID string, roleRefs []string) error {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return fmt.Errorf("unknown organization %q", orgID)
	}
	if _, dup := s.tokens[token]; dup {
		return errors.New("token already exists")
	}
	ids, err := org.resolveRoles(roleRefs)
	if err != nil {
		return err
	}
	s.tokens[token] = &appToken{clientID: clientID, orgID: orgID, roles: ids}
	return nil
}

// resolveRoles turns role references, each a role ID or a role name, into
// role IDs (the store's own strings), deduplicated.
func (org *organization) resolveRoles(refs []string) ([]string, error) {
	ids := make([]string, 0, len(refs))
	for _, ref := range refs {
		if r := org.roles[ref]; r != nil {
			ids = append(ids, r.id)
		} else if id, ok := org.roleNames[ref]; ok {
			ids = append(ids, id)
		} else {
			return nil, fmt.Errorf("organization %s has no role with ID or name %q", org.id, ref)
		}
	}
	return dedupe(ids), nil
}

// authorize looks a token up and tells whether its roles grant action
// (the union of their policies' actions, effect allow). An empty action is
// granted to any valid token. A nil token means the token is unknown.
func (s *store) authorize(token, action string) (*appToken, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tokens[token]
	if t == nil {
		return nil, false
	}
	if action == "" {
		return t, true
	}
	org := s.orgs[t.orgID]
	for _, id := range t.roles {
		r := org.roles[id]
		if r == nil || r.policy.effect != policyEffectAllow {
			continue // a role deleted after the token was made grants nothing
		}
		for _, a := range r.policy.actions {
			if a == action {
				return t, true
			}
		}
	}
	return t, false
}

func (org *organization) putRole(r *orgRole) {
	org.roles[r.id] = r
	org.roleNames[r.name] = r.id
	org.roleOrder = append(org.roleOrder, r)
}

// checkRoles resolves role IDs for an invite or a role assignment: each must
// exist in org. It returns them deduplicated, as the store's own strings,
// in a slice shared with every user holding the same list (never modify
// it).
func (org *organization) checkRoles(ids []string) ([]string, *failure) {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		r := org.roles[id]
		if r == nil {
			return nil, errBadRequest("Role ID not found: " + id)
		}
		out = append(out, r.id)
	}
	return org.internRoles(dedupe(out)), nil
}

// internRoles returns the organization's shared copy of a role list equal
// to ids (see roleSets).
func (org *organization) internRoles(ids []string) []string { return org.roleSets.Intern(ids) }

func (org *organization) useRoles(ids []string, delta int) {
	for _, id := range ids {
		if n := org.roleUse[id] + delta; n > 0 {
			org.roleUse[id] = n
		} else {
			delete(org.roleUse, id)
		}
	}
}

// dedupe drops repeated strings, keeping the first of each, in place.
// Short lists (the usual case) use a scan; long ones a set, so a body with
// a hundred thousand role IDs costs linear time.
func dedupe(ss []string) []string {
	out := ss[:0]
	if len(ss) <= 16 {
	outer:
		for _, s := range ss {
			for _, o := range out {
				if o == s {
					continue outer
				}
			}
			out = append(out, s)
		}
		return out
	}
	seen := make(map[string]struct{}, len(ss))
	for _, s := range ss {
		if _, dup := seen[s]; !dup {
			seen[s] = struct{}{}
			out = append(out, s)
		}
	}
	return out
}

// clone copies the maps and slices that requests change in place; the
// records themselves are immutable once stored and are shared.
func (d *data) clone() *data {
	c := &data{
		orgs:    make(map[string]*organization, len(d.orgs)),
		tokens:  make(map[string]*appToken, len(d.tokens)),
		tenants: make(map[string]tenantSlot, len(d.tenants)),
	}
	maps.Copy(c.tokens, d.tokens)
	maps.Copy(c.tenants, d.tenants)
	for id, org := range d.orgs {
		c.orgs[id] = org.clone()
	}
	return c
}

func (org *organization) clone() *organization {
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
