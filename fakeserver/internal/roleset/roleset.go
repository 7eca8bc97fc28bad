// Package roleset shares equal lists of role names or IDs between the
// users that hold them, in both API halves of the fake.
package roleset

import (
	"strconv"
	"strings"
)

// maxSets bounds a table, so a client sending endless distinct lists
// costs memory per user, not a growing table.
const maxSets = 1024

// Table shares equal role lists between users: a million users with the
// same roles hold one list. Its store's lock guards it, and a copy of the
// store (Snapshot, Restore) must clone it (maps.Clone).
type Table map[string][]string

// Intern returns the shared list equal to roles, storing roles as that
// list if there is room. The caller must not change roles afterwards.
func (t Table) Intern(roles []string) []string {
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
	if len(t) < maxSets {
		t[key] = roles
	}
	return roles
}
