package astra

import (
	"fmt"
	"strings"
)

// userList is a consistent snapshot of an organization's users for a list
// response: the records (immutable) and the role names they refer to.
type userList struct {
	orgID, orgName string
	users          []*orgUser
	roleNames      map[string]string // role ID → name
}

// userView is one user with its role names resolved.
type userView struct {
	u         *orgUser
	roleNames []string
}

// listUsers snapshots an organization's users in insertion order.
func (s *store) listUsers(orgID string) (userList, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	org := s.orgs[orgID]
	if org == nil {
		return userList{}, false
	}
	users := make([]*orgUser, 0, len(org.userOrder)-org.userHoles)
	for _, u := range org.userOrder {
		if u != nil {
			users = append(users, u)
		}
	}
	names := make(map[string]string, len(org.roles))
	for id, r := range org.roles {
		names[id] = r.name
	}
	return userList{orgID: org.id, orgName: org.name, users: users, roleNames: names}, true
}

// user returns one user with role names resolved.
func (s *store) user(orgID, userID string) (userView, *failure) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	org := s.orgs[orgID]
	if org == nil {
		return userView{}, errNotFound("user not found")
	}
	slot, ok := org.users[userID]
	if !ok {
		return userView{}, errNotFound("user not found")
	}
	return userView{u: slot.u, roleNames: org.roleNamesOf(slot.u.roles)}, nil
}

func (org *organization) roleNamesOf(ids []string) []string {
	names := make([]string, len(ids))
	for i, id := range ids {
		if r := org.roles[id]; r != nil {
			names[i] = r.name
		}
	}
	return names
}

// invite creates an invited user, or resends the invitation of an invited
// user with new roles. newID draws the ID of a new user. The email is
// already validated and lowercase.
func (s *store) invite(orgID, email string, roles []string, newID func() string) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return errNotFound("organization not found")
	}
	ids, err := org.checkRoles(roles)
	if err != nil {
		return err
	}
	if id, exists := org.emails[email]; exists {
		slot := org.users[id]
		if slot.u.status != userInvited {
			return errConflict("user is already a member of the organization")
		}
		org.useRoles(slot.u.roles, -1)
		org.useRoles(ids, +1)
		org.replaceUser(slot, &orgUser{id: slot.u.id, email: slot.u.email, status: userInvited, roles: ids})
		return nil
	}
	org.insertUser(newOrgUser(newID(), email, userInvited, ids))
	return nil
}

// newOrgUser packs the user's ID and email into one allocation: a
// million users then cost one object fewer each, and a list reads one
// place in memory fewer per user.
func newOrgUser(id, email, status string, roles []string) *orgUser {
	buf := id + email
	return &orgUser{id: buf[:len(id)], email: buf[len(id):], status: status, roles: roles}
}

// setUserRoles replaces a user's roles. Role validation comes before the
// user lookup, as request validation comes before the handler.
func (s *store) setUserRoles(orgID, userID string, roles []string) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return errNotFound("user not found")
	}
	ids, err := org.checkRoles(roles)
	if err != nil {
		return err
	}
	slot, ok := org.users[userID]
	if !ok {
		return errNotFound("user not found")
	}
	org.useRoles(slot.u.roles, -1)
	org.useRoles(ids, +1)
	org.replaceUser(slot, &orgUser{id: slot.u.id, email: slot.u.email, status: slot.u.status, roles: ids})
	return nil
}

// removeUser removes an active user or cancels an invitation.
func (s *store) removeUser(orgID, userID string) *failure {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return errNotFound("user not found")
	}
	slot, ok := org.users[userID]
	if !ok {
		return errNotFound("user not found")
	}
	org.useRoles(slot.u.roles, -1)
	delete(org.users, userID)
	delete(org.emails, slot.u.email)
	org.userOrder[slot.pos] = nil
	org.userHoles++
	org.compactUsers()
	return nil
}

// acceptInvitation turns an invited user active, as clicking the link in the
// invitation email does.
func (s *store) acceptInvitation(orgID, email string) error {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return fmt.Errorf("unknown organization %q", orgID)
	}
	id, ok := org.emails[strings.ToLower(email)]
	if !ok {
		return fmt.Errorf("organization %s has no user %q", orgID, email)
	}
	slot := org.users[id]
	if slot.u.status != userInvited {
		return fmt.Errorf("user %q is %s, not invited", email, slot.u.status)
	}
	org.replaceUser(slot, &orgUser{id: slot.u.id, email: slot.u.email, status: userActive, roles: slot.u.roles})
	return nil
}

// addUser stores a user directly (fixtures and test hooks); its roles may
// be given by ID or by name.
func (s *store) addUser(orgID string, u *orgUser) error {
	s.lockWrite()
	defer s.mu.Unlock()
	org := s.orgs[orgID]
	if org == nil {
		return fmt.Errorf("unknown organization %q", orgID)
	}
	if _, dup := org.users[u.id]; dup {
		return fmt.Errorf("user %s already exists", u.id)
	}
	if _, dup := org.emails[u.email]; dup {
		return fmt.Errorf("user %q already exists", u.email)
	}
	ids, err := org.resolveRoles(u.roles)
	if err != nil {
		return err
	}
	u.roles = ids
	org.insertUser(u)
	return nil
}

func (org *organization) insertUser(u *orgUser) {
	org.useRoles(u.roles, +1)
	org.users[u.id] = userSlot{u: u, pos: len(org.userOrder)}
	org.emails[u.email] = u.id
	org.userOrder = append(org.userOrder, u)
}

func (org *organization) replaceUser(old userSlot, u *orgUser) {
	org.users[u.id] = userSlot{u: u, pos: old.pos}
	org.userOrder[old.pos] = u
}

// compactUsers drops the holes removals leave in userOrder once they are
// the majority, so removal stays O(1) amortized and lists stay linear in
// the number of users.
func (org *organization) compactUsers() {
	if org.userHoles < 64 || org.userHoles*2 < len(org.userOrder) {
		return
	}
	order := make([]*orgUser, 0, len(org.userOrder)-org.userHoles)
	for _, u := range org.userOrder {
		if u != nil {
			org.users[u.id] = userSlot{u: u, pos: len(order)}
			order = append(order, u)
		}
	}
	org.userOrder, org.userHoles = order, 0
}
