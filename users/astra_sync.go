package users

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
	"github.com/tenantkit/tenantkit/roles"
)

// AccessOption configures [Astra.PlanAccess], [Astra.SyncAccess] and
// [Astra.InviteMany].
type AccessOption func(*accessOptions)

type accessOptions struct {
	removeUnlisted bool
	dryRun         bool
	resolver       *roles.Resolver
}

// RemoveUnlisted makes the plan remove every user of the organization that
// is not a member of the Access: invited users lose their invitation,
// active ones their membership. Without it nothing is ever removed. A plan
// made with it says how many users it removes in its String, first and
// last, and in [AccessPlan.RemovesUsers].
func RemoveUnlisted() AccessOption { return func(o *accessOptions) { o.removeUnlisted = true } }

// DryRun makes [Astra.SyncAccess] plan without applying: it sends only the
// reads of [Astra.PlanAccess] and returns the plan.
func DryRun() AccessOption { return func(o *accessOptions) { o.dryRun = true } }

// WithRoleResolver resolves role names with r instead of reading the
// organization's roles afresh: a caller that plans again and again (a
// reconciler) reads the roles once. r's list is a snapshot, so refresh it
// when roles may have changed since; r is not refreshed for you, and a
// plan whose roles are created meanwhile by someone else fails when applied
// (the role name conflicts).
func WithRoleResolver(r *roles.Resolver) AccessOption {
	return func(o *accessOptions) { o.resolver = r }
}

func accessOptionsOf(opts []AccessOption) accessOptions {
	var o accessOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// AccessResult is what [Astra.ApplyAccess] or [Astra.SyncAccess] did.
type AccessResult struct {
	// Plan is the plan that was applied (SyncAccess: the plan it made;
	// with DryRun, the plan that would have been applied).
	Plan AccessPlan
	// Done holds the steps of Plan that took effect: all of them on
	// success, those before the failed step on failure, none with DryRun.
	Done AccessPlan
	// Roles are the roles created and updated, as the API returned them.
	Roles []roles.Role
	// Users are the users the plan invited or gave new roles, as the API
	// lists them after the last step (one read for all of them), invited
	// ones first, in the order of the plan. Empty when the plan changed no
	// user, and after a failure.
	Users []OrgUser
}

// ApplyError reports an apply that stopped at a failed step: which steps
// took effect and which did not. Apply the same Access again with
// [Astra.SyncAccess] to finish the job: it plans from the organization as
// it now is, so it sends only what is still missing.
type ApplyError struct {
	// Op is the method that applied the plan, such as
	// "users.Astra.ApplyAccess".
	Op string
	// Done holds the steps that took effect.
	Done AccessPlan
	// NotDone holds the step that failed, first, and every step after it,
	// which were not attempted. The failed step took no effect, unless Err
	// matches client.ErrOutcomeUnknown: a role create may then have
	// happened (roles.Astra.ByName tells).
	NotDone AccessPlan
	// Step describes the failed step, as a line of AccessPlan.String.
	Step string
	// Err is the failed step's error.
	Err error
}

// Error says what failed and how much was done.
func (e *ApplyError) Error() string {
	return fmt.Sprintf("tenantkit: %s: %s failed after %d of %s: %s",
		e.Op, e.Step, e.Done.steps(), count(e.Done.steps()+e.NotDone.steps(), "step"),
		strings.TrimPrefix(e.Err.Error(), "tenantkit: "))
}

// Unwrap returns the failed step's error.
func (e *ApplyError) Unwrap() error { return e.Err }

// PlanAccess compares the organization with want and returns what applying
// it would change, without changing anything: a dry run. Print the plan,
// check it, then apply it with [Astra.ApplyAccess] (or do both with
// [Astra.SyncAccess]).
//
// A member not in the organization is invited; a user whose roles differ
// (as sets of roles) gets exactly the member's roles; a custom role of want
// is created when no role has its name and updated when its policy differs
// (actions and resources compared as sets). Users not in want are kept,
// unless [RemoveUnlisted] is given. A plan says in its String what it
// does, and loudly when it removes users.
//
// Input is checked whole before anything is written: every empty,
// malformed or repeated email (case-insensitively), member without roles,
// role name or ID that names no role (neither existing nor defined in
// want), and custom role without a name or a policy the API accepts, or
// with a built-in role's name, is named in one *[ValidationError], and the
// plan is empty.
//
// Cost: one request for the roles (none with [WithRoleResolver] and a
// resolver already loaded), one for the users (streamed: memory grows with
// the members, not the organization), and one for the organization's ID
// when the client has none (client.WithOrgID). Roles are resolved once for
// the whole plan.
func (a *Astra) PlanAccess(ctx context.Context, want Access, opts ...AccessOption) (AccessPlan, error) {
	const op = "users.Astra.PlanAccess"
	if err := a.ready(op); err != nil {
		return AccessPlan{}, err
	}
	o := accessOptionsOf(opts)
	problems := append(memberProblems(want.Members, "member"), roleProblems(want.Roles)...)

	resolver := o.resolver
	if resolver == nil {
		resolver = roles.NewResolver(a.c)
	}
	existing, err := resolver.Roles(ctx)
	if err != nil {
		return AccessPlan{}, sdkerr.While(op, "reading the roles", err)
	}
	var p AccessPlan
	defined := make(map[string]bool, len(want.Roles)) // names of want's roles
	for _, d := range want.Roles {
		defined[d.Name] = true
		i := slices.IndexFunc(existing, func(r roles.Role) bool { return r.Name == d.Name })
		switch {
		case d.Name == "" || roles.IsBuiltin(d.Name):
			// a problem already
		case i < 0:
			p.CreateRoles = append(p.CreateRoles, d)
		case !samePolicy(existing[i].Policy, d.Policy):
			p.UpdateRoles = append(p.UpdateRoles, RoleUpdate{ID: existing[i].ID, Name: d.Name, From: existing[i].Policy, To: d.Policy})
		}
	}

	// Each member's roles, by ID and name; "" IDs for roles to create.
	wantRoles := make([][]RoleRef, len(want.Members))
	for i, m := range want.Members {
		refs, err := memberRoles(ctx, resolver, m.Roles, defined)
		if err != nil {
			var unknown *roles.UnknownRoleError
			if !errors.As(err, &unknown) {
				return AccessPlan{}, sdkerr.While(op, "resolving roles", err)
			}
			problems = append(problems, fmt.Errorf("member %d (%s): %w", i+1, strings.ToLower(m.Email), unknown))
		}
		wantRoles[i] = refs
	}
	if err := invalid(op, problems); err != nil {
		return AccessPlan{}, err
	}

	if p.OrgID, err = a.orgID(ctx); err != nil {
		return AccessPlan{}, sdkerr.While(op, "finding the organization ID", err)
	}
	index := make(map[string]int, len(want.Members)) // lowercase email → member
	for i, m := range want.Members {
		index[strings.ToLower(m.Email)] = i
	}
	found := make([]bool, len(want.Members))
	var setRoles []int // members to re-role, by index, to keep their order
	current := make([]OrgUser, len(want.Members))
	err = client.Scan(ctx, a.c, a.listRequest(), func(u OrgUser) bool {
		i, member := index[strings.ToLower(u.Email)]
		switch {
		case member && !found[i]:
			found[i], current[i] = true, u
			if sameRoles(u.Roles, wantRoles[i]) {
				p.Unchanged++
			} else {
				setRoles = append(setRoles, i)
			}
		case member:
			// the same email twice in the list: the first counts
		case o.removeUnlisted:
			p.Remove = append(p.Remove, UserChange{Email: strings.ToLower(u.Email), UserID: u.UserID, From: refsOf(u.Roles)})
		default:
			p.Unlisted++
		}
		return true
	}, "Users")
	if err != nil {
		return AccessPlan{}, sdkerr.While(op, "reading the users", err)
	}
	for i, m := range want.Members {
		if !found[i] {
			p.Invite = append(p.Invite, UserChange{Email: strings.ToLower(m.Email), To: wantRoles[i]})
		}
	}
	slices.Sort(setRoles)
	for _, i := range setRoles {
		u := current[i]
		p.SetRoles = append(p.SetRoles, UserChange{Email: strings.ToLower(u.Email), UserID: u.UserID, From: refsOf(u.Roles), To: wantRoles[i]})
	}
	return p, nil
}

// memberRoles resolves a member's role names and IDs, without duplicates:
// existing roles through r, want's new roles by name (their ID still
// unknown).
func memberRoles(ctx context.Context, r *roles.Resolver, namesOrIDs []string, defined map[string]bool) ([]RoleRef, error) {
	refs := make([]RoleRef, 0, len(namesOrIDs))
	var unknown *roles.UnknownRoleError
	for _, s := range namesOrIDs {
		if s == "" {
			continue // a problem already
		}
		role, err := r.Role(ctx, s)
		var ref RoleRef
		switch {
		case err == nil:
			ref = RoleRef{ID: role.ID, Name: role.Name}
		case defined[s] && errors.Is(err, roles.ErrUnknownRole):
			ref = RoleRef{Name: s}
		default:
			var u *roles.UnknownRoleError
			if !errors.As(err, &u) {
				return nil, err
			}
			if unknown == nil {
				unknown = &roles.UnknownRoleError{}
			}
			unknown.Roles = append(unknown.Roles, u.Roles...)
			unknown.Hints = append(unknown.Hints, u.Hints...)
			continue
		}
		if !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
	}
	if unknown != nil {
		return refs, unknown
	}
	return refs, nil
}

// sameRoles reports whether a user has exactly the roles of want (as sets
// of IDs); a role still to create is never held.
func sameRoles(have []UserRole, want []RoleRef) bool {
	ids := make([]string, 0, len(have))
	for _, r := range have {
		ids = append(ids, r.ID)
	}
	wantIDs := make([]string, 0, len(want))
	for _, r := range want {
		if r.ID == "" {
			return false
		}
		wantIDs = append(wantIDs, r.ID)
	}
	return sameSet(ids, wantIDs)
}

func refsOf(rs []UserRole) []RoleRef {
	refs := make([]RoleRef, len(rs))
	for i, r := range rs {
		refs[i] = RoleRef{ID: r.ID, Name: r.Name}
	}
	return refs
}

// orgID returns the client's organization ID, or the token's (one request).
func (a *Astra) orgID(ctx context.Context) (string, error) {
	if id := a.c.OrgID(); id != "" {
		return id, nil
	}
	org, err := a.Organization(ctx)
	if err != nil {
		return "", err
	}
	return org.ID, nil
}

// ApplyAccess applies a plan, step by step in the order of its fields
// (create roles, update roles, invite, set roles, remove), one request a
// step, then reads the users back once to return the ones it invited or
// re-roled. It stops at the first step that fails and returns an
// *[ApplyError] saying which steps took effect and which did not, along
// with a result whose Done holds the former; nothing is undone. To finish
// the job, plan again from the same Access (or call [Astra.SyncAccess]
// again): the new plan holds only what is still missing, so nothing is
// done twice.
//
// A plan's steps are applied as they are: a plan made long ago can meet an
// organization that changed since (an invited user who became active gets
// client.ErrConflict). Inviting N users into an organization of M costs
// N + 1 requests and reads M + N user records.
func (a *Astra) ApplyAccess(ctx context.Context, p AccessPlan) (AccessResult, error) {
	const op = "users.Astra.ApplyAccess"
	if err := a.ready(op); err != nil {
		return AccessResult{}, err
	}
	return a.apply(ctx, op, p)
}

// apply is ApplyAccess on behalf of the method op.
func (a *Astra) apply(ctx context.Context, op string, p AccessPlan) (AccessResult, error) {
	ap := applier{a: a, op: op, plan: p, res: AccessResult{Plan: p}, created: map[string]string{}}
	if err := ap.run(ctx); err != nil {
		return ap.res, err
	}
	if len(ap.res.Done.Invite)+len(ap.res.Done.SetRoles) == 0 {
		return ap.res, nil
	}
	changed := make(map[string]int, len(p.Invite)+len(p.SetRoles)) // email → position in the result
	for _, u := range append(slices.Clone(p.Invite), p.SetRoles...) {
		if _, dup := changed[u.Email]; !dup {
			changed[u.Email] = len(changed)
		}
	}
	found := make([]OrgUser, len(changed))
	seen := make([]bool, len(changed))
	err := client.Scan(ctx, a.c, a.listRequest(), func(u OrgUser) bool {
		if i, ok := changed[strings.ToLower(u.Email)]; ok && !seen[i] {
			found[i], seen[i] = u, true
		}
		return true
	}, "Users")
	if err != nil {
		return ap.res, sdkerr.While(op, "every step took effect, but reading the users back failed", err)
	}
	for i, u := range found {
		if seen[i] {
			ap.res.Users = append(ap.res.Users, u)
		}
	}
	return ap.res, nil
}

// SyncAccess brings the organization to want: [Astra.PlanAccess], then,
// unless [DryRun] is given, [Astra.ApplyAccess]. The result holds the plan
// and what was done. Calling it again after a failure finishes the job
// without doing anything twice; calling it on an organization already in
// the state of want sends only the plan's reads.
//
// Cost: inviting N users into an organization of M takes N + 3 requests
// (N + 4 when the client has no organization ID) and reads 2M + N user
// records: the plan's list, the invitations, and one list at the end.
func (a *Astra) SyncAccess(ctx context.Context, want Access, opts ...AccessOption) (AccessResult, error) {
	p, err := a.PlanAccess(ctx, want, opts...)
	if err != nil {
		return AccessResult{}, err
	}
	if accessOptionsOf(opts).dryRun {
		return AccessResult{Plan: p}, nil
	}
	return a.ApplyAccess(ctx, p)
}

// applier runs a plan's steps, recording what was done.
type applier struct {
	a       *Astra
	op      string
	plan    AccessPlan
	res     AccessResult
	created map[string]string // name → ID of the roles this apply created
}

func (ap *applier) run(ctx context.Context) error {
	p, done := ap.plan, &ap.res.Done
	done.OrgID = p.OrgID
	for i, d := range p.CreateRoles {
		r, err := ap.a.roles.Create(ctx, d)
		if err != nil {
			return ap.fail(fmt.Sprintf("create role %q", d.Name), AccessPlan{CreateRoles: p.CreateRoles[i:], UpdateRoles: p.UpdateRoles, Invite: p.Invite, SetRoles: p.SetRoles, Remove: p.Remove}, err)
		}
		ap.created[d.Name] = r.ID
		ap.res.Roles = append(ap.res.Roles, r)
		done.CreateRoles = append(done.CreateRoles, d)
	}
	for i, u := range p.UpdateRoles {
		r, err := ap.a.roles.Update(ctx, u.ID, roles.Definition{Name: u.Name, Policy: u.To})
		if err != nil {
			return ap.fail(fmt.Sprintf("update role %q", u.Name), AccessPlan{UpdateRoles: p.UpdateRoles[i:], Invite: p.Invite, SetRoles: p.SetRoles, Remove: p.Remove}, err)
		}
		ap.res.Roles = append(ap.res.Roles, r)
		done.UpdateRoles = append(done.UpdateRoles, u)
	}
	if len(p.Invite) > 0 && p.OrgID == "" {
		id, err := ap.a.orgID(ctx)
		if err != nil {
			return ap.fail("find the organization ID", AccessPlan{Invite: p.Invite, SetRoles: p.SetRoles, Remove: p.Remove}, err)
		}
		ap.plan.OrgID, done.OrgID = id, id
	}
	for i, u := range p.Invite {
		u.To = ap.withIDs(u.To)
		if err := ap.a.sendInvite(ctx, ap.plan.OrgID, u.Email, roleIDs(u.To)); err != nil {
			return ap.fail("invite "+u.Email, AccessPlan{Invite: p.Invite[i:], SetRoles: p.SetRoles, Remove: p.Remove}, err)
		}
		done.Invite = append(done.Invite, u)
	}
	for i, u := range p.SetRoles {
		u.To = ap.withIDs(u.To)
		if err := ap.a.sendSetRoles(ctx, u.UserID, roleIDs(u.To)); err != nil {
			return ap.fail("set the roles of "+u.Email, AccessPlan{SetRoles: p.SetRoles[i:], Remove: p.Remove}, err)
		}
		done.SetRoles = append(done.SetRoles, u)
	}
	for i, u := range p.Remove {
		if err := ap.a.Remove(ctx, u.UserID); err != nil {
			return ap.fail("REMOVE "+u.Email, AccessPlan{Remove: p.Remove[i:]}, err)
		}
		done.Remove = append(done.Remove, u)
	}
	return nil
}

// fail builds the ApplyError of a failed step.
func (ap *applier) fail(step string, notDone AccessPlan, err error) error {
	notDone.OrgID = ap.plan.OrgID
	return &ApplyError{Op: ap.op, Done: ap.res.Done, NotDone: notDone, Step: step, Err: err}
}

// withIDs fills in the IDs of roles this apply created.
func (ap *applier) withIDs(refs []RoleRef) []RoleRef {
	out := slices.Clone(refs)
	for i, r := range out {
		if r.ID == "" {
			out[i].ID = ap.created[r.Name]
		}
	}
	return out
}

func roleIDs(refs []RoleRef) []string {
	ids := make([]string, 0, len(refs))
	for _, r := range refs {
		if r.ID != "" && !slices.Contains(ids, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// sendInvite sends one invitation (PUT /v2/organizations/users), role IDs
// resolved; the answer's body, if any, is not needed.
func (a *Astra) sendInvite(ctx context.Context, orgID, email string, roleIDs []string) error {
	if len(roleIDs) == 0 {
		return fmt.Errorf("tenantkit: invite %s: no role ID (a role of the plan was not created)", email)
	}
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpInviteUserToOrganization,
		Method:    http.MethodPut,
		Path:      astraUsersPath,
		Body:      inviteRequest{Email: email, OrgID: orgID, Roles: roleIDs},
	}, nil)
	return err
}

// sendSetRoles replaces a user's roles (PUT …/users/{userID}/roles).
func (a *Astra) sendSetRoles(ctx context.Context, userID string, roleIDs []string) error {
	if userID == "" {
		return errors.New("tenantkit: set roles: empty user ID (a plan's SetRoles names users by ID)")
	}
	if len(roleIDs) == 0 {
		return fmt.Errorf("tenantkit: set the roles of %s: no role ID (a role of the plan was not created)", userID)
	}
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpUpdateRolesForUserInOrganization,
		Method:    http.MethodPut,
		Path:      astraUserPath(userID) + "/roles",
		Body:      setRolesRequest{Roles: roleIDs},
	}, nil)
	return err
}
