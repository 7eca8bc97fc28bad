package astra

import (
	"fmt"
	"slices"
)

// roleList is a snapshot of an organization's roles in list order.
type roleList struct {
	orgID string
	roles []*orgRole
}

func (s *store) listRoles(orgID string) (roleList, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	org := s.orgs[orgID]
	if org == nil {
		return roleList{}, false
	}
	return roleList{orgID: org.id, roles: append([]*orgRole(nil), org.roleOrder...)}, true
}

func (s *store) role(orgID, roleID string) (*orgRole, *failure) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	org := s.orgs[orgID]
	if org == nil {
		return nil, errNotFound("role not found")
	}
	r := org.roles[roleID]
	if r == nil {
		return nil, errNotFound("role not found")
	}
	return r, nil
}

// createRole stores a new custom role built by the handler (ID, name,
// policy and update stamp already set and validated).
func (s *store) createRole(orgID string, r *orgRole) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return errNotFound("organization not found")
	}
	if _, dup := org.roleNames[r.name]; dup {
		return errConflict("role with name " + r.name + " already exists")
	}
	org.putRole(r)
	return nil
}

// updateRole replaces a custom role's name and policy. r carries the new
// values; its ID names the role.
func (s *store) updateRole(orgID string, r *orgRole) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return errNotFound("role not found")
	}
	old := org.roles[r.id]
	if old == nil {
		return errNotFound("role not found")
	}
	if old.builtin {
		return errForbidden("cannot modify a built-in role")
	}
	if id, dup := org.roleNames[r.name]; dup && id != old.id {
		return errConflict("role with name " + r.name + " already exists")
	}
	r.id = old.id // the store's string, shared with user records
	delete(org.roleNames, old.name)
	org.roleNames[r.name] = r.id
	org.roles[r.id] = r
	for i, x := range org.roleOrder {
		if x == old {
			org.roleOrder[i] = r
			break
		}
	}
	return nil
}

// deleteRole removes a custom role no user holds.
func (s *store) deleteRole(orgID, roleID string) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return errNotFound("role not found")
	}
	r := org.roles[roleID]
	if r == nil {
		return errNotFound("role not found")
	}
	if r.builtin {
		return errForbidden("cannot delete a built-in role")
	}
	if org.roleUse[r.id] > 0 {
		return errConflict("role is assigned to users")
	}
	delete(org.roles, r.id)
	delete(org.roleNames, r.name)
	for i, x := range org.roleOrder {
		if x == r {
			org.roleOrder = slices.Delete(org.roleOrder, i, i+1)
			break
		}
	}
	return nil
}

// addRole stores a custom role directly (fixtures): the ID and the name
// must be new in the organization.
func (s *store) addRole(orgID string, r *orgRole) error {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return fmt.Errorf("unknown organization %q", orgID)
	}
	if org.roles[r.id] != nil {
		return fmt.Errorf("role ID %s is already used", r.id)
	}
	if _, dup := org.roleNames[r.name]; dup {
		return fmt.Errorf("role with name %s already exists", r.name)
	}
	org.putRole(r)
	return nil
}
