package users

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tenantkit/tenantkit/internal/sdkerr"
	"github.com/tenantkit/tenantkit/roles"
)

// InviteMany invites every member with its roles and returns the invited
// users as the API then lists them, in the order given: the bulk form of
// [Astra.Invite], whose cost does not grow with the organization per user.
//
// Cost: one request for the roles list (none with [WithRoleResolver] and a
// resolver already loaded), one invitation per member, one request for the
// organization's ID when the client has none, and one users list at the
// end for all of them: N + 2 requests (N + 3) and M + N user records read
// for N members in an organization of M, where a loop over Invite sends
// about 3N requests and reads about N·M records.
//
// Members are checked whole before anything is sent: every empty, malformed
// or repeated email (case-insensitively), member without roles and role
// name or ID that names no role is named in one *[ValidationError].
//
// Each invitation is an upsert, as with Invite: an email still invited gets
// the invitation again with these roles; an active member fails with
// client.ErrConflict. InviteMany stops at the first invitation that fails
// and returns an *[ApplyError] whose Done.Invite lists the members invited
// and NotDone.Invite the others, first the one that failed. It does not
// skip members who already have their roles; [Astra.SyncAccess] does.
func (a *Astra) InviteMany(ctx context.Context, members []Member, opts ...AccessOption) ([]OrgUser, error) {
	const op = "users.Astra.InviteMany"
	if err := a.ready(op); err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return []OrgUser{}, nil
	}
	problems := memberProblems(members, "member")
	resolver := accessOptionsOf(opts).resolver
	if resolver == nil {
		resolver = roles.NewResolver(a.c)
	}
	p := AccessPlan{Invite: make([]UserChange, 0, len(members))}
	for i, m := range members {
		refs, err := memberRoles(ctx, resolver, m.Roles, nil)
		if err != nil {
			var unknown *roles.UnknownRoleError
			if !errors.As(err, &unknown) {
				return nil, sdkerr.While(op, "resolving roles", err)
			}
			problems = append(problems, fmt.Errorf("member %d (%s): %w", i+1, strings.ToLower(m.Email), unknown))
		}
		p.Invite = append(p.Invite, UserChange{Email: strings.ToLower(m.Email), To: refs})
	}
	if err := invalid(op, problems); err != nil {
		return nil, err
	}
	var err error
	if p.OrgID, err = a.orgID(ctx); err != nil {
		return nil, sdkerr.While(op, "finding the organization ID", err)
	}
	res, err := a.apply(ctx, op, p)
	return res.Users, err
}
