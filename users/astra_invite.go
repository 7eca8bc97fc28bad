package users

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// Invite invites email to the organization with the given roles, each named
// by role name ("RO User", or a custom role's name) or by role ID, and
// returns the invited user (status "invited" until the invitation is
// accepted).
//
// Invite is an upsert, as the API's PUT is: inviting an email that is still
// invited resends the invitation and replaces its roles; inviting an active
// member fails with client.ErrConflict. An email the API does not accept is
// client.ErrBadRequest.
//
// Cost: role names are resolved through the roles API (roles.Astra
// ResolveIDs: one request to list the roles, none when every role is given
// as an ID); an unknown name is an error matching client.ErrNotFound and
// nothing is sent. The invite body names the organization: the client's
// (client.WithOrgID), or without one the token's, read with Organization
// (one request); the API refuses an organization that is not the token's
// with client.ErrForbidden. The API answers the
// invite with an empty body, so Invite then finds the user with ByEmail (one
// more request); if the answer does carry the user, that is used instead.
// That read grows with the organization: to invite many users, use
// InviteMany (one roles list and one read-back for all of them) or
// SyncAccess.
//
//tenantkit:operation inviteUserToOrganization
func (a *Astra) Invite(ctx context.Context, email string, roleNamesOrIDs ...string) (OrgUser, error) {
	const op = "users.Astra.Invite"
	if err := a.ready(op); err != nil {
		return OrgUser{}, err
	}
	if strings.TrimSpace(email) == "" {
		return OrgUser{}, sdkerr.Op(op, errors.New("empty email"))
	}
	ids, err := a.resolveRoles(ctx, roleNamesOrIDs)
	if err != nil {
		return OrgUser{}, sdkerr.Op(op, err)
	}
	orgID := a.c.OrgID()
	if orgID == "" {
		org, err := a.Organization(ctx)
		if err != nil {
			return OrgUser{}, sdkerr.While(op, "finding the organization ID", err)
		}
		orgID = org.ID
	}
	var raw json.RawMessage
	_, err = a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpInviteUserToOrganization,
		Method:    http.MethodPut,
		Path:      astraUsersPath,
		Body:      inviteRequest{Email: email, OrgID: orgID, Roles: ids},
	}, &raw)
	if err != nil {
		return OrgUser{}, err
	}
	if u, ok := invitedFromBody(raw, email); ok {
		return u, nil
	}
	u, err := a.ByEmail(ctx, email)
	if err != nil {
		return OrgUser{}, sdkerr.While(op, "the invitation was sent but reading the user back failed", err)
	}
	return u, nil
}

// SetRoles replaces the roles of a user (PUT: the user ends up with exactly
// these roles). Roles are named by name or ID, resolved as Invite resolves
// them: an unknown name is an error matching client.ErrNotFound and nothing
// is sent. An unknown user is client.ErrNotFound from the API.
//
//tenantkit:operation UpdateRolesForUserInOrganization
func (a *Astra) SetRoles(ctx context.Context, userID string, roleNamesOrIDs ...string) error {
	const op = "users.Astra.SetRoles"
	if err := a.readyFor(op, userID); err != nil {
		return err
	}
	ids, err := a.resolveRoles(ctx, roleNamesOrIDs)
	if err != nil {
		return sdkerr.Op(op, err)
	}
	_, err = a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpUpdateRolesForUserInOrganization,
		Method:    http.MethodPut,
		Path:      astraUserPath(userID) + "/roles",
		Body:      setRolesRequest{Roles: ids},
	}, nil)
	return err
}

// resolveRoles turns role names and IDs into IDs; the API requires at least
// one role.
func (a *Astra) resolveRoles(ctx context.Context, namesOrIDs []string) ([]string, error) {
	if len(namesOrIDs) == 0 {
		return nil, errors.New("no roles: name at least one role")
	}
	return a.roles.ResolveIDs(ctx, namesOrIDs...)
}

// invitedFromBody returns the user in an invite response, if the body holds
// one for this email (the decided answer is an empty body).
func invitedFromBody(raw json.RawMessage, email string) (OrgUser, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return OrgUser{}, false
	}
	var u OrgUser
	if json.Unmarshal(raw, &u) != nil || u.UserID == "" || !strings.EqualFold(u.Email, email) {
		return OrgUser{}, false
	}
	return u, true
}
