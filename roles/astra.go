package roles

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// Astra manages the roles of the Astra organization that the client's token
// belongs to (the v2 role endpoints take the organization from the token).
// Built-in roles are listed with the custom ones and cannot be updated or
// deleted. An Astra is safe for concurrent use.
type Astra struct {
	c *client.Client
}

// NewAstra returns the role service of c. It does no I/O.
func NewAstra(c *client.Client) *Astra { return &Astra{c: c} }

const rolesPath = "/v2/organizations/roles"

func rolePath(id string) string { return rolesPath + "/" + url.PathEscape(id) }

// ready reports a service built without a client, instead of panicking.
func (a *Astra) ready(op string) error {
	if a == nil || a.c == nil {
		return sdkerr.Op(op, errors.New("no client (use roles.NewAstra with a *client.Client)"))
	}
	return nil
}

// readyFor is ready for a call addressing the role with ID id, which must
// not be empty.
func (a *Astra) readyFor(op, id string) error {
	if err := a.ready(op); err != nil {
		return err
	}
	if id == "" {
		return sdkerr.Op(op, errors.New("empty role ID"))
	}
	return nil
}

// List returns every role of the organization, built-in roles included, in
// the order the API sends them. The API does not paginate: this is one
// request, sent again if its answer breaks off (client.Collect).
//
//tenantkit:operation getOrganizationRoles
func (a *Astra) List(ctx context.Context) ([]Role, error) {
	if err := a.ready("roles.Astra.List"); err != nil {
		return nil, err
	}
	return client.Collect[Role](ctx, a.c, listRequest())
}

// All streams the roles of the organization, decoding one at a time. An
// error is yielded once and ends the sequence; stopping early closes the
// response.
func (a *Astra) All(ctx context.Context) iter.Seq2[Role, error] {
	if err := a.ready("roles.Astra.All"); err != nil {
		return func(yield func(Role, error) bool) { yield(Role{}, err) }
	}
	return client.Items[Role](ctx, a.c, listRequest())
}

func listRequest() client.Request {
	return client.Request{
		Operation: tenantkit.OpGetOrganizationRoles,
		Method:    http.MethodGet,
		Path:      rolesPath,
	}
}

// Get returns the role with the given ID. An unknown ID is an error matching
// client.ErrNotFound.
//
//tenantkit:operation getOrganizationRole
func (a *Astra) Get(ctx context.Context, id string) (Role, error) {
	const op = "roles.Astra.Get"
	if err := a.readyFor(op, id); err != nil {
		return Role{}, err
	}
	var r Role
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpGetOrganizationRole,
		Method:    http.MethodGet,
		Path:      rolePath(id),
	}, &r)
	if err != nil {
		return Role{}, err
	}
	if r.ID == "" {
		return Role{}, sdkerr.Op(op, errors.New("the answer holds no role"))
	}
	return r, nil
}

// ByName returns the role with exactly this name (names are compared as the
// API compares them, case-sensitively). The API cannot look roles up by
// name, so this lists the roles: one request (sent again if its answer
// breaks off), and time linear in the number of roles. No such role is an
// error matching client.ErrNotFound.
func (a *Astra) ByName(ctx context.Context, name string) (Role, error) {
	const op = "roles.Astra.ByName"
	if err := a.ready(op); err != nil {
		return Role{}, err
	}
	var found *Role
	err := client.Scan(ctx, a.c, listRequest(), func(r Role) bool {
		if r.Name == name {
			found = &r
		}
		return found == nil
	})
	switch {
	case err != nil:
		return Role{}, sdkerr.Op(op, err)
	case found == nil:
		return Role{}, sdkerr.Op(op, fmt.Errorf("no role named %q: %w", name, client.ErrNotFound))
	}
	return *found, nil
}

// Create adds a custom role and returns it as the API stored it, with its
// new ID. Names are unique in an organization, built-in names included: a
// taken name is an error matching client.ErrConflict. The API rejects (400,
// client.ErrBadRequest) an empty name, a policy whose effect is not "allow",
// and empty actions or resources; every resource must start with
// "drn:astra:org:" (see OrgResource and Allow).
//
// Create is a POST and is never retried after an ambiguous failure (the role
// may have been created). Should the response not carry the role, Create
// reads it back by name, one more request.
//
//tenantkit:operation addOrganizationRole
func (a *Astra) Create(ctx context.Context, def Definition) (Role, error) {
	const op = "roles.Astra.Create"
	if err := a.ready(op); err != nil {
		return Role{}, err
	}
	var body roleBody
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpAddOrganizationRole,
		Method:    http.MethodPost,
		Path:      rolesPath,
		Body:      def,
	}, &body)
	if err != nil {
		return Role{}, err
	}
	if body.ok {
		return body.r, nil
	}
	r, err := a.ByName(ctx, def.Name)
	if err != nil {
		return Role{}, sdkerr.While(op, "the response carried no role; reading it back", err)
	}
	return r, nil
}

// Update replaces the name and the policy of a custom role (PUT: a full
// replacement, not a patch, so send the whole Definition) and returns the
// role as updated. Built-in roles cannot be updated (client.ErrForbidden);
// a name taken by another role is client.ErrConflict; an unknown ID is
// client.ErrNotFound.
//
// The API's answer is decided as 200 with the role; an empty body, or an
// array holding the role (as one version of the spec says), is accepted
// too, and when the body does not carry the role Update reads it with Get.
//
//tenantkit:operation updateRole
func (a *Astra) Update(ctx context.Context, id string, def Definition) (Role, error) {
	const op = "roles.Astra.Update"
	if err := a.readyFor(op, id); err != nil {
		return Role{}, err
	}
	body := roleBody{id: id}
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpUpdateRole,
		Method:    http.MethodPut,
		Path:      rolePath(id),
		Body:      def,
	}, &body)
	if err != nil {
		return Role{}, err
	}
	if body.ok {
		return body.r, nil
	}
	r, err := a.Get(ctx, id)
	if err != nil {
		return Role{}, sdkerr.While(op, "the update succeeded but reading the role back failed", err)
	}
	return r, nil
}

// Delete deletes a custom role. Built-in roles cannot be deleted
// (client.ErrForbidden); a role still assigned to a user cannot either
// (client.ErrConflict: change the users' roles first); an unknown ID is
// client.ErrNotFound.
//
//tenantkit:operation deleteOrganizationRole
func (a *Astra) Delete(ctx context.Context, id string) error {
	const op = "roles.Astra.Delete"
	if err := a.readyFor(op, id); err != nil {
		return err
	}
	_, err := a.c.Do(ctx, client.Request{
		Operation: tenantkit.OpDeleteOrganizationRole,
		Method:    http.MethodDelete,
		Path:      rolePath(id),
	}, nil)
	return err
}

// roleBody finds the role in the success body of a write (a
// client.BodyDecoder): a Role object, or an array of them (the one with the
// ID id, when id is not empty). ok is false for an empty body or anything
// else, so the caller reads the role itself: the write succeeded, and an odd
// body must not turn that into a failure. Only malformed JSON fails the
// call. The body is parsed once.
type roleBody struct {
	id string // the role written; "" on create
	r  Role
	ok bool
}

func (d *roleBody) DecodeBody(body []byte) error {
	var err error
	switch raw := bytes.TrimSpace(body); raw[0] { // never empty: Do keeps empty bodies
	case '{':
		var r Role
		if err = json.Unmarshal(body, &r); err == nil && r.ID != "" && (d.id == "" || r.ID == d.id) {
			d.r, d.ok = r, true
		}
	case '[':
		var rs []Role
		if err = json.Unmarshal(body, &rs); err == nil {
			for _, r := range rs {
				if r.ID != "" && (r.ID == d.id || (d.id == "" && len(rs) == 1)) {
					d.r, d.ok = r, true
					break
				}
			}
		}
	default:
		err = json.Unmarshal(body, new(json.RawMessage))
	}
	if err != nil && !json.Valid(body) {
		return err // the body is not JSON: json.Unmarshal's syntax error
	}
	return nil
}
