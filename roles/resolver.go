package roles

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// Resolver turns role names and IDs into roles from one list of the
// organization's roles, read on first use (one request) and kept until
// [Resolver.Refresh] reads it again. Reuse one across calls to resolve any
// number of names for the price of one list: invitations and role
// assignments take role IDs only.
//
// Names and IDs match as the API compares them: exactly, letter case
// included. A Resolver is safe for concurrent use; concurrent first uses
// share one request, and a Refresh does not disturb resolutions under way
// (each sees the old list or the new one, whole).
//
// The list is a snapshot: a role created, renamed or deleted after it was
// read is not seen until Refresh.
type Resolver struct {
	c *client.Client

	mu  sync.RWMutex
	idx *roleIndex // nil until the first load

	loading chan struct{} // a one-slot lock held while the list is read; waiting honours ctx
}

// NewResolver returns a resolver of the roles of the organization of c's
// token. It does no I/O.
func NewResolver(c *client.Client) *Resolver {
	return &Resolver{c: c, loading: make(chan struct{}, 1)}
}

// NewResolverOf returns a resolver over roles, a list already read (from
// [Astra.List] or [Resolver.Roles]): it sends no request until Refresh,
// which needs c. The slice is copied.
func NewResolverOf(c *client.Client, roles []Role) *Resolver {
	r := NewResolver(c)
	r.idx = newRoleIndex(slices.Clone(roles))
	return r
}

// Resolve returns the IDs of the roles named by namesOrIDs, in the order
// given, without duplicates (a role named by its name and by its ID counts
// once). It reads the roles list on first use.
//
// If any input matches no role, nothing is returned and the error is an
// *[UnknownRoleError] naming every such input, matching [ErrUnknownRole]
// (and [client.ErrNotFound]). An empty input is an error. No inputs give
// no IDs and no request.
func (r *Resolver) Resolve(ctx context.Context, namesOrIDs ...string) ([]string, error) {
	const op = "roles.Resolver.Resolve"
	if len(namesOrIDs) == 0 {
		return []string{}, nil
	}
	if slices.Contains(namesOrIDs, "") {
		return nil, sdkerr.Op(op, errors.New("empty role name or ID"))
	}
	idx, err := r.index(ctx, op)
	if err != nil {
		return nil, err
	}
	ids, err := idx.resolve(namesOrIDs)
	if err != nil {
		return nil, sdkerr.Op(op, err)
	}
	return ids, nil
}

// Role returns the role with this ID or, failing that, this exact name. No
// such role is an *[UnknownRoleError].
func (r *Resolver) Role(ctx context.Context, nameOrID string) (Role, error) {
	const op = "roles.Resolver.Role"
	if nameOrID == "" {
		return Role{}, sdkerr.Op(op, errors.New("empty role name or ID"))
	}
	idx, err := r.index(ctx, op)
	if err != nil {
		return Role{}, err
	}
	i, ok := idx.find(nameOrID)
	if !ok {
		return Role{}, sdkerr.Op(op, idx.unknown([]string{nameOrID}))
	}
	return cloneRole(idx.list[i]), nil
}

// Roles returns the list the resolver holds, in the order the API sent it,
// reading it on first use. The roles are the caller's own copies.
func (r *Resolver) Roles(ctx context.Context) ([]Role, error) {
	idx, err := r.index(ctx, "roles.Resolver.Roles")
	if err != nil {
		return nil, err
	}
	out := make([]Role, len(idx.list))
	for i, role := range idx.list {
		out[i] = cloneRole(role)
	}
	return out, nil
}

// Refresh reads the roles list again (one request) and resolves with it
// from then on. If the read fails, the resolver keeps the list it had.
func (r *Resolver) Refresh(ctx context.Context) error {
	const op = "roles.Resolver.Refresh"
	if err := r.lock(ctx, op); err != nil {
		return err
	}
	defer r.unlock()
	_, err := r.load(ctx, op)
	return err
}

// index returns the loaded list, reading it first if it never was.
func (r *Resolver) index(ctx context.Context, op string) (*roleIndex, error) {
	if r == nil || r.c == nil {
		return nil, sdkerr.Op(op, errors.New("no client (use roles.NewResolver with a *client.Client)"))
	}
	r.mu.RLock()
	idx := r.idx
	r.mu.RUnlock()
	if idx != nil {
		return idx, nil
	}
	if err := r.lock(ctx, op); err != nil {
		return nil, err
	}
	defer r.unlock()
	r.mu.RLock()
	idx = r.idx // loaded by another caller while this one waited
	r.mu.RUnlock()
	if idx != nil {
		return idx, nil
	}
	return r.load(ctx, op)
}

// lock takes the loading lock, or gives up when ctx ends.
func (r *Resolver) lock(ctx context.Context, op string) error {
	if r == nil || r.c == nil {
		return sdkerr.Op(op, errors.New("no client (use roles.NewResolver with a *client.Client)"))
	}
	select {
	case r.loading <- struct{}{}:
		return nil
	case <-ctx.Done():
		return sdkerr.Op(op, ctx.Err())
	}
}

func (r *Resolver) unlock() { <-r.loading }

// load reads the list (the caller holds the loading lock) and installs it.
func (r *Resolver) load(ctx context.Context, op string) (*roleIndex, error) {
	list, err := client.Collect[Role](ctx, r.c, listRequest())
	if err != nil {
		return nil, sdkerr.Op(op, err)
	}
	idx := newRoleIndex(list)
	r.mu.Lock()
	r.idx = idx
	r.mu.Unlock()
	return idx, nil
}

// roleIndex is one list of roles with its lookups; it never changes once
// built, so readers share it without locks.
type roleIndex struct {
	list   []Role
	byID   map[string]int
	byName map[string]int    // the first role of each name
	folded map[string]string // lowercase name → name, for hints
}

func newRoleIndex(list []Role) *roleIndex {
	idx := &roleIndex{
		list:   list,
		byID:   make(map[string]int, len(list)),
		byName: make(map[string]int, len(list)),
		folded: make(map[string]string, len(list)),
	}
	for i, role := range list {
		if _, dup := idx.byID[role.ID]; !dup {
			idx.byID[role.ID] = i
		}
		if _, dup := idx.byName[role.Name]; !dup {
			idx.byName[role.Name] = i
		}
		idx.folded[strings.ToLower(role.Name)] = role.Name
	}
	return idx
}

// find returns the index of the role with this ID or, failing that, this
// exact name.
func (x *roleIndex) find(nameOrID string) (int, bool) {
	if i, ok := x.byID[nameOrID]; ok {
		return i, true
	}
	i, ok := x.byName[nameOrID]
	return i, ok
}

// resolve maps names and IDs to IDs, in order, without duplicates; every
// unmatched input is named in one *UnknownRoleError.
func (x *roleIndex) resolve(namesOrIDs []string) ([]string, error) {
	out := make([]string, 0, len(namesOrIDs))
	var unknown []string
	for _, s := range namesOrIDs {
		i, ok := x.find(s)
		switch {
		case !ok:
			if !slices.Contains(unknown, s) {
				unknown = append(unknown, s)
			}
		case !slices.Contains(out, x.list[i].ID):
			out = append(out, x.list[i].ID)
		}
	}
	if len(unknown) > 0 {
		return nil, x.unknown(unknown)
	}
	return out, nil
}

// unknown builds the error for inputs that match no role, with a hint for
// each that differs from a role's name only in case.
func (x *roleIndex) unknown(inputs []string) *UnknownRoleError {
	e := &UnknownRoleError{Roles: inputs, Hints: make([]string, len(inputs))}
	for i, s := range inputs {
		e.Hints[i] = x.folded[strings.ToLower(s)]
	}
	return e
}

// cloneRole copies the slices of a role, so a caller cannot change the
// resolver's list through it.
func cloneRole(r Role) Role {
	r.Policy.Actions = slices.Clone(r.Policy.Actions)
	r.Policy.Resources = slices.Clone(r.Policy.Resources)
	return r
}
