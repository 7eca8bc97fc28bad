package astra

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// inviteRequest is the body of PUT /v2/organizations/users. Pointers tell a
// missing key from an empty one only for the messages; both are rejected.
type inviteRequest struct {
	Email *string  `json:"email"`
	OrgID *string  `json:"orgID"`
	Roles []string `json:"roles"`
}

// userRolesRequest is the body of PUT /v2/organizations/users/{userID}/roles.
type userRolesRequest struct {
	Roles []string `json:"roles"`
}

// listUsers serves GET /v2/organizations/users:
// {"OrgID","OrgName","Users":[User…]} in invitation order, streamed.
func (a *API) listUsers(c *call) {
	list, ok := a.store.listUsers(c.token.orgID)
	if !ok {
		a.fail(c, http.StatusNotFound, "organization not found")
		return
	}
	nameOf := func(_ int, id string) string { return list.roleNames[id] }
	a.send.Stream(c.w, http.StatusOK, contentTypeJSON, wire.Chunked, func(b []byte, flush func([]byte) []byte) []byte {
		b, o := wire.Compact.OpenObject(b, 0)
		b = o.String(b, "OrgID", list.orgID)
		b = o.String(b, "OrgName", list.orgName)
		b, arr := wire.Compact.OpenArray(o.Key(b, "Users"), 0)
		for _, u := range list.users {
			b = flush(appendUser(arr.Next(b), u, nameOf))
		}
		return o.Close(arr.Close(b))
	})
}

// getUser serves GET /v2/organizations/users/{userID}.
func (a *API) getUser(c *call) {
	v, err := a.store.user(c.token.orgID, c.params[0])
	if err != nil {
		a.failWith(c, err)
		return
	}
	buf := a.send.Buffer()
	buf.B = appendUser(buf.B, v.u, func(i int, _ string) string { return v.roleNames[i] })
	a.send.Reply(c.w, http.StatusOK, contentTypeJSON, buf)
}

// appendUser appends {"UserID","Email","Status","Roles":[{"ID","Name"}…]}.
func appendUser(b []byte, u *orgUser, roleName func(i int, id string) string) []byte {
	b, o := wire.Compact.OpenObject(b, 0)
	b = o.String(b, "UserID", u.id)
	b = o.String(b, "Email", u.email)
	b = o.String(b, "Status", u.status)
	b, arr := wire.Compact.OpenArray(o.Key(b, "Roles"), 0)
	for i, id := range u.roles {
		var ro wire.Object
		b, ro = wire.Compact.OpenObject(arr.Next(b), 0)
		b = ro.String(b, "ID", id)
		b = ro.String(b, "Name", roleName(i, id))
		b = ro.Close(b)
	}
	return o.Close(arr.Close(b))
}

// inviteUser serves PUT /v2/organizations/users: 200 with an empty body.
func (a *API) inviteUser(c *call) {
	var req inviteRequest
	if err := decodeBody(c, &req); err != nil {
		a.failWith(c, err)
		return
	}
	switch {
	case req.OrgID == nil || *req.OrgID == "":
		a.fail(c, http.StatusBadRequest, "orgID is required")
		return
	case *req.OrgID != c.token.orgID:
		a.fail(c, http.StatusForbidden, "orgID does not match the token's organization")
		return
	case req.Email == nil || *req.Email == "":
		a.fail(c, http.StatusBadRequest, "email is required")
		return
	case !validEmail(*req.Email):
		a.fail(c, http.StatusBadRequest, fmt.Sprintf("invalid email address %q", *req.Email))
		return
	case len(req.Roles) == 0:
		a.fail(c, http.StatusBadRequest, "roles must name at least one role ID")
		return
	}
	if err := a.store.invite(c.token.orgID, strings.ToLower(*req.Email), req.Roles, a.env.IDs.UUID); err != nil {
		a.failWith(c, err)
		return
	}
	wire.WriteEmpty(c.w, http.StatusOK)
}

// setUserRoles serves PUT /v2/organizations/users/{userID}/roles: 204.
func (a *API) setUserRoles(c *call) {
	var req userRolesRequest
	if err := decodeBody(c, &req); err != nil {
		a.failWith(c, err)
		return
	}
	if len(req.Roles) == 0 {
		a.fail(c, http.StatusBadRequest, "roles must name at least one role ID")
		return
	}
	if err := a.store.setUserRoles(c.token.orgID, c.params[0], req.Roles); err != nil {
		a.failWith(c, err)
		return
	}
	wire.WriteEmpty(c.w, http.StatusNoContent)
}

// removeUser serves DELETE /v2/organizations/users/{userID}: 204, for active
// and invited users alike.
func (a *API) removeUser(c *call) {
	if err := a.store.removeUser(c.token.orgID, c.params[0]); err != nil {
		a.failWith(c, err)
		return
	}
	wire.WriteEmpty(c.w, http.StatusNoContent)
}

// validEmail is the fake's (decided) notion of an email address: exactly
// one '@', a non-empty local part, a domain containing a dot, no spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.IndexByte(domain, '@') >= 0 || strings.IndexByte(domain, '.') < 0 {
		return false
	}
	return strings.IndexFunc(s, unicode.IsSpace) < 0
}
