package users

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tenantkit/tenantkit/roles"
)

// Access is the access an Astra organization should grant: who is a member
// with which roles, and which custom roles exist with which policies. It is
// the desired state that [Astra.PlanAccess] compares with the organization
// and [Astra.SyncAccess] brings the organization to.
type Access struct {
	// Members are the users who should be in the organization, each with
	// exactly these roles. Emails compare case-insensitively, as the API
	// stores them in lowercase.
	Members []Member
	// Roles are the custom roles that should exist with exactly these
	// policies: created when missing, updated when their policy differs.
	// Custom roles not listed are left alone; built-in roles cannot be
	// defined (the API refuses to change them). Members may name these roles
	// before they exist.
	Roles []roles.Definition
}

// Member is one user of an [Access], or one invitation of
// [Astra.InviteMany]: an email and the roles to give it, each by role name
// ("RO User", or a custom role's name) or role ID. The API requires at
// least one role.
type Member struct {
	Email string
	Roles []string
}

// AccessPlan is what applying an [Access] would change in the
// organization, step by step, as [Astra.PlanAccess] found it; nothing has
// been sent to change anything. It is plain data: print it (String), compare
// it in a test, or apply it with [Astra.ApplyAccess].
//
// Applying it runs the steps in the order of the fields: roles are created
// and updated before users are given them.
type AccessPlan struct {
	// OrgID is the organization the plan is for (the invitations name it).
	OrgID string
	// CreateRoles are the custom roles to create.
	CreateRoles []roles.Definition
	// UpdateRoles are the custom roles whose policy to replace.
	UpdateRoles []RoleUpdate
	// Invite are the users to invite (To holds their roles; UserID and From
	// are empty).
	Invite []UserChange
	// SetRoles are the users whose roles to replace with To.
	SetRoles []UserChange
	// Remove are the users to remove from the organization (an invited
	// user's invitation is cancelled). It is empty unless the plan was made
	// with [RemoveUnlisted]: see [AccessPlan.RemovesUsers].
	Remove []UserChange
	// Unchanged counts the members who already have exactly their roles.
	Unchanged int
	// Unlisted counts the users of the organization that are not members
	// of the Access and are left alone, because removal was not asked for.
	Unlisted int
}

// RoleUpdate is a custom role whose policy a plan replaces.
type RoleUpdate struct {
	ID   string
	Name string
	From roles.Policy
	To   roles.Policy
}

// UserChange is one user in a plan: its email (lowercase), its ID (empty
// for a user still to invite), the roles it has and the roles it gets.
type UserChange struct {
	Email  string
	UserID string
	From   []RoleRef
	To     []RoleRef
}

// RoleRef is a role as a plan names it: its ID and its name. The ID is
// empty for a role the plan creates; applying the plan fills it in.
type RoleRef struct {
	ID   string
	Name string
}

// RemovesUsers reports whether applying p removes users from the
// organization (len(p.Remove) of them). Check it before applying a plan
// made with [RemoveUnlisted]; its String says it too, first and last.
func (p AccessPlan) RemovesUsers() bool { return len(p.Remove) > 0 }

// Empty reports whether applying p would change nothing.
func (p AccessPlan) Empty() bool {
	return len(p.CreateRoles)+len(p.UpdateRoles)+len(p.Invite)+len(p.SetRoles)+len(p.Remove) == 0
}

// steps is how many writes applying p sends.
func (p AccessPlan) steps() int {
	return len(p.CreateRoles) + len(p.UpdateRoles) + len(p.Invite) + len(p.SetRoles) + len(p.Remove)
}

// String lists the plan, one step a line, after a summary line; a plan
// that removes users says so in capitals on the first and the last line:
//
//	access plan for organization 5b2f…: create 1 role, invite 2 users, REMOVE 1 USER; 3 unchanged
//	  + create role "Auditors": org-audits-read on drn:astra:org:5b2f…
//	  + invite ada@example.com: "Auditors", "RO User"
//	  + invite bob@example.com: "RO User"
//	  - REMOVE carol@example.com (had "RO User")
//	WARNING: applying this plan REMOVES 1 USER from the organization.
func (p AccessPlan) String() string {
	var b strings.Builder
	b.WriteString("access plan for organization ")
	b.WriteString(p.OrgID)
	b.WriteString(": ")
	var parts []string
	add := func(n int, verb, noun string) {
		if n > 0 {
			parts = append(parts, verb+" "+count(n, noun))
		}
	}
	add(len(p.CreateRoles), "create", "role")
	add(len(p.UpdateRoles), "update", "role")
	add(len(p.Invite), "invite", "user")
	add(len(p.SetRoles), "change the roles of", "user")
	if n := len(p.Remove); n > 0 {
		parts = append(parts, "REMOVE "+strings.ToUpper(count(n, "user")))
	}
	if len(parts) == 0 {
		b.WriteString("no changes")
	} else {
		b.WriteString(strings.Join(parts, ", "))
	}
	var kept []string
	if p.Unchanged > 0 {
		kept = append(kept, strconv.Itoa(p.Unchanged)+" unchanged")
	}
	if p.Unlisted > 0 {
		kept = append(kept, count(p.Unlisted, "user")+" not listed, kept")
	}
	if len(kept) > 0 {
		b.WriteString("; ")
		b.WriteString(strings.Join(kept, ", "))
	}
	b.WriteByte('\n')
	for _, d := range p.CreateRoles {
		fmt.Fprintf(&b, "  + create role %q: %s\n", d.Name, policyText(d.Policy))
	}
	for _, u := range p.UpdateRoles {
		fmt.Fprintf(&b, "  ~ update role %q: %s → %s\n", u.Name, policyText(u.From), policyText(u.To))
	}
	for _, u := range p.Invite {
		fmt.Fprintf(&b, "  + invite %s: %s\n", u.Email, roleNames(u.To))
	}
	for _, u := range p.SetRoles {
		fmt.Fprintf(&b, "  ~ set the roles of %s: %s → %s\n", u.Email, roleNames(u.From), roleNames(u.To))
	}
	for _, u := range p.Remove {
		fmt.Fprintf(&b, "  - REMOVE %s (had %s)\n", u.Email, roleNames(u.From))
	}
	if n := len(p.Remove); n > 0 {
		fmt.Fprintf(&b, "WARNING: applying this plan REMOVES %s from the organization.\n", strings.ToUpper(count(n, "user")))
	}
	return b.String()
}

// count writes "1 user", "2 users".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// roleNames writes roles by name, quoted, or by ID when the name is unknown.
func roleNames(refs []RoleRef) string {
	if len(refs) == 0 {
		return "no roles"
	}
	names := make([]string, len(refs))
	for i, r := range refs {
		if r.Name != "" {
			names[i] = strconv.Quote(r.Name)
		} else {
			names[i] = r.ID
		}
	}
	return strings.Join(names, ", ")
}

// policyText writes a policy on one line: its actions on its resources.
func policyText(p roles.Policy) string {
	actions := make([]string, len(p.Actions))
	for i, a := range p.Actions {
		actions[i] = string(a)
	}
	s := strings.Join(actions, ", ") + " on " + strings.Join(p.Resources, ", ")
	if p.Effect != "" && p.Effect != roles.EffectAllow {
		s = string(p.Effect) + " " + s
	}
	if p.Description != "" {
		s += " (" + strconv.Quote(p.Description) + ")"
	}
	return s
}

// samePolicy reports whether two policies allow the same: the same effect
// and description, and the same actions and resources in any order.
func samePolicy(a, b roles.Policy) bool {
	return a.Effect == b.Effect && a.Description == b.Description &&
		sameSet(a.Actions, b.Actions) && sameSet(a.Resources, b.Resources)
}

func sameSet[T ~string](a, b []T) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
