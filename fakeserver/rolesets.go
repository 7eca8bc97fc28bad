package fakeserver

import (
	"strconv"
	"strings"
)

// maxRoleSets bounds a table of shared role lists, so a client sending
// endless distinct lists costs memory per user, not a growing table.
const maxRoleSets = 1024

// roleSets shares equal role lists between users: a million users with
// the same roles hold one list. Its store's lock guards it, and a copy of
// the store (Snapshot, Restore) must clone it.
type roleSets map[string][]string

// intern returns the shared list equal to roles, storing roles as that
// list if there is room. The caller must not change roles afterwards.
func (t roleSets) intern(roles []string) []string {
	var k strings.Builder
	for _, r := range roles {
		k.WriteString(strconv.Itoa(len(r)))
		k.WriteByte(':')
		k.WriteString(r)
	}
	key := k.String()
	if shared, ok := t[key]; ok {
		return shared
	}
	if len(t) < maxRoleSets {
		t[key] = roles
	}
	return roles
}
