package astra

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// roleRequest is the body of POST /v2/organizations/roles and of PUT
// /v2/organizations/roles/{roleID} (a full replacement).
type roleRequest struct {
	Name   *string        `json:"name"`
	Policy *policyRequest `json:"policy"`
}

type policyRequest struct {
	Description *string  `json:"description"` // required, may be ""
	Resources   []string `json:"resources"`
	Actions     []string `json:"actions"`
	Effect      string   `json:"effect"`
}

const (
	maxRoleName       = 256
	drnOrgPrefix      = "drn:astra:org:"
	policyEffectAllow = "allow"
)

// listRoles serves GET /v2/organizations/roles: a top-level array of Role,
// built-in roles first, then custom roles in creation order.
func (a *API) listRoles(c *call) {
	list, ok := a.store.listRoles(c.token.orgID)
	if !ok {
		a.fail(c, http.StatusNotFound, "organization not found")
		return
	}
	a.send.Stream(c.w, http.StatusOK, contentTypeJSON, wire.Chunked, func(b []byte, flush func([]byte) []byte) []byte {
		b, arr := wire.Compact.OpenArray(b, 0)
		for _, r := range list.roles {
			b = flush(a.appendRole(arr.Next(b), r, list.orgID))
		}
		return arr.Close(b)
	})
}

// getRole serves GET /v2/organizations/roles/{roleID}.
func (a *API) getRole(c *call) {
	r, err := a.store.role(c.token.orgID, c.params[0])
	if err != nil {
		a.failWith(c, err)
		return
	}
	a.writeRole(c, http.StatusOK, r)
}

// createRole serves POST /v2/organizations/roles: 201 with the Role.
func (a *API) createRole(c *call) {
	r, err := a.roleFromRequest(c)
	if err != nil {
		a.failWith(c, err)
		return
	}
	r.id = a.env.IDs.UUID()
	if err := a.store.createRole(c.token.orgID, r); err != nil {
		a.failWith(c, err)
		return
	}
	a.writeRole(c, http.StatusCreated, r)
}

// updateRole serves PUT /v2/organizations/roles/{roleID}: 200 with the
// updated Role (openapi.yaml).
func (a *API) updateRole(c *call) {
	r, err := a.roleFromRequest(c)
	if err != nil {
		a.failWith(c, err)
		return
	}
	r.id = c.params[0]
	if err := a.store.updateRole(c.token.orgID, r); err != nil {
		a.failWith(c, err)
		return
	}
	a.writeRole(c, http.StatusOK, r)
}

// deleteRole serves DELETE /v2/organizations/roles/{roleID}: 204.
func (a *API) deleteRole(c *call) {
	if err := a.store.deleteRole(c.token.orgID, c.params[0]); err != nil {
		a.failWith(c, err)
		return
	}
	wire.WriteEmpty(c.w, http.StatusNoContent)
}

// roleFromRequest decodes and validates a role body into a new record
// stamped with the time and the writing token's client ID.
func (a *API) roleFromRequest(c *call) (*orgRole, *failure) {
	var req roleRequest
	if err := decodeBody(c, &req); err != nil {
		return nil, err
	}
	if err := checkRole(req.Name, req.Policy); err != nil {
		return nil, err
	}
	p := req.Policy
	return &orgRole{
		name:      *req.Name,
		policy:    newPolicy(*p.Description, p.Resources, p.Actions, p.Effect),
		updatedAt: a.now().UTC().Format(time.RFC3339),
		updatedBy: c.token.clientID,
	}, nil
}

// checkRole applies the role validation rules (openapi.yaml) to a name and
// a policy, either of which may be missing.
func checkRole(name *string, p *policyRequest) *failure {
	switch {
	case name == nil || strings.TrimSpace(*name) == "":
		return errBadRequest("name is required")
	case utf8.RuneCountInString(*name) > maxRoleName:
		return errBadRequest(fmt.Sprintf("name must be at most %d characters", maxRoleName))
	case p == nil:
		return errBadRequest("policy is required")
	case p.Description == nil:
		return errBadRequest("policy.description is required (it may be empty)")
	case p.Effect != policyEffectAllow:
		return errBadRequest(`policy.effect must be "allow"`)
	case len(p.Actions) == 0:
		return errBadRequest("policy.actions must not be empty")
	case len(p.Resources) == 0:
		return errBadRequest("policy.resources must not be empty")
	}
	for _, res := range p.Resources {
		if !strings.HasPrefix(res, drnOrgPrefix) {
			return errBadRequest(fmt.Sprintf("invalid resource %q: must start with %q", res, drnOrgPrefix))
		}
	}
	return nil
}

func (a *API) writeRole(c *call, status int, r *orgRole) {
	buf := a.send.Buffer()
	buf.B = a.appendRole(buf.B, r, c.token.orgID)
	a.send.Reply(c.w, status, contentTypeJSON, buf)
}

// appendRole appends {"ID","Name","Policy","OrgID","LastUpdateDateTime",
// "LastUpdateUserID"}; Policy is an object, or a string holding one with
// WithPolicyAsString.
func (a *API) appendRole(b []byte, r *orgRole, orgID string) []byte {
	b, o := wire.Compact.OpenObject(b, 0)
	b = o.String(b, "ID", r.id)
	b = o.String(b, "Name", r.name)
	b = o.Key(b, "Policy")
	if a.cfg.policyAsString {
		b = wire.Compact.AppendString(b, string(r.policy.json))
	} else {
		b = append(b, r.policy.json...)
	}
	b = o.String(b, "OrgID", orgID)
	b = o.String(b, "LastUpdateDateTime", r.updatedAt)
	b = o.String(b, "LastUpdateUserID", r.updatedBy)
	return o.Close(b)
}

// appendPolicy appends {"description","resources","actions","effect"}.
func appendPolicy(b []byte, p *policy) []byte {
	b, o := wire.Compact.OpenObject(b, 0)
	b = o.String(b, "description", p.description)
	b = o.Strings(b, "resources", p.resources)
	b = o.Strings(b, "actions", p.actions)
	b = o.String(b, "effect", p.effect)
	return o.Close(b)
}
