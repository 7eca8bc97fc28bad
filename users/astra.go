package users

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
	"github.com/tenantkit/tenantkit/roles"
)

// Astra manages the members of the Astra organization that the client's
// token belongs to: the v2 user endpoints take the organization from the
// token. Only Invite names an organization, in its body; the API refuses
// (403) one that is not the token's. Users are "invited" until they
// accept the invitation by email, then "active". An Astra is safe for
// concurrent use.
type Astra struct {
	c     *client.Client
	roles *roles.Astra
}

// NewAstra returns the organization-user service of c. It does no I/O.
func NewAstra(c *client.Client) *Astra { return &Astra{c: c, roles: roles.NewAstra(c)} }

const astraUsersPath = "/v2/organizations/users"

func astraUserPath(id string) string { return astraUsersPath + "/" + url.PathEscape(id) }

// ready reports a service built without a client, instead of panicking.
func (a *Astra) ready(op string) error {
	if a == nil || a.c == nil {
		return sdkerr.Op(op, errors.New("no client (use users.NewAstra with a *client.Client)"))
	}
	return nil
}

// readyFor is ready for a call addressing the user with ID id, which must
// not be empty.
func (a *Astra) readyFor(op, id string) error {
	if err := a.ready(op); err != nil {
		return err
	}
	if id == "" {
		return sdkerr.Op(op, errors.New("empty user ID"))
	}
	return nil
}

// Organization returns the organization of the client's token
// (GET /v2/currentOrg). Any valid token may call it.
//
//tenantkit:operation getCurrentOrganization
func (a *Astra) Organization(ctx context.Context) (Organization, error) {
	if err := a.ready("users.Astra.Organization"); err != nil {
		return Organization{}, err
	}
	var org Organization
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpGetCurrentOrganization,
		Method:    http.MethodGet,
		Path:      "/v2/currentOrg",
	}, &org)
	if err != nil {
		return Organization{}, err
	}
	return org, nil
}

// List returns every user of the organization, invited ones included, in
// the order the API sends them. The API does not paginate: this is one
// request, sent again if its answer breaks off (client.Collect).
//
//tenantkit:operation getOrganizationUsers
func (a *Astra) List(ctx context.Context) ([]OrgUser, error) {
	if err := a.ready("users.Astra.List"); err != nil {
		return nil, err
	}
	return client.Collect[OrgUser](ctx, a.c, a.listRequest(), "Users")
}

// All streams the users of the organization, decoding one at a time. An
// error is yielded once and ends the sequence; stopping early closes the
// response.
func (a *Astra) All(ctx context.Context) iter.Seq2[OrgUser, error] {
	if err := a.ready("users.Astra.All"); err != nil {
		return func(yield func(OrgUser, error) bool) { yield(OrgUser{}, err) }
	}
	return client.Items[OrgUser](ctx, a.c, a.listRequest(), "Users")
}

func (a *Astra) listRequest() client.Request {
	return client.Request{
		Operation: tenantkit.OpGetOrganizationUsers,
		Method:    http.MethodGet,
		Path:      astraUsersPath,
	}
}

// Get returns the user with the given ID. An unknown ID is an error
// matching client.ErrNotFound.
//
//tenantkit:operation getOrganizationUser
func (a *Astra) Get(ctx context.Context, userID string) (OrgUser, error) {
	const op = "users.Astra.Get"
	if err := a.readyFor(op, userID); err != nil {
		return OrgUser{}, err
	}
	var u OrgUser
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpGetOrganizationUser,
		Method:    http.MethodGet,
		Path:      astraUserPath(userID),
	}, &u)
	if err != nil {
		return OrgUser{}, err
	}
	if u.UserID == "" {
		return OrgUser{}, sdkerr.Op(op, errors.New("the answer holds no user"))
	}
	return u, nil
}

// ByEmail returns the user with this email, compared case-insensitively
// (the API stores emails in lowercase). The API cannot look users up by
// email, so this lists the users: one request (sent again if its answer
// breaks off), and time linear in the number of users. No such user is an
// error matching client.ErrNotFound.
func (a *Astra) ByEmail(ctx context.Context, email string) (OrgUser, error) {
	const op = "users.Astra.ByEmail"
	if err := a.ready(op); err != nil {
		return OrgUser{}, err
	}
	if strings.TrimSpace(email) == "" {
		return OrgUser{}, sdkerr.Op(op, errors.New("empty email"))
	}
	var found *OrgUser
	err := client.Scan(ctx, a.c, a.listRequest(), func(u OrgUser) bool {
		if strings.EqualFold(u.Email, email) {
			found = &u
		}
		return found == nil
	}, "Users")
	switch {
	case err != nil:
		return OrgUser{}, sdkerr.Op(op, err)
	case found == nil:
		return OrgUser{}, sdkerr.Op(op, fmt.Errorf("no user with email %q: %w", email, client.ErrNotFound))
	}
	return *found, nil
}

// Remove removes a member from the organization, or cancels the invitation
// of an invited user. An unknown ID is an error matching client.ErrNotFound.
//
//tenantkit:operation removeUserFromOrganization
func (a *Astra) Remove(ctx context.Context, userID string) error {
	const op = "users.Astra.Remove"
	if err := a.readyFor(op, userID); err != nil {
		return err
	}
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpRemoveUserFromOrganization,
		Method:    http.MethodDelete,
		Path:      astraUserPath(userID),
	}, nil)
	return err
}
