package roles

import (
	"context"
	"errors"
	"slices"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// ResolveIDs turns role names and role IDs into role IDs, in the order
// given, without duplicates: what invitations and role assignments need,
// since the API takes IDs only.
//
// When every input is shaped like a UUID, they are returned as they are and
// no request is made (the API checks them when they are used). Otherwise
// ResolveIDs lists the roles once (one request) and matches each input
// against a role's ID or, failing that, its exact name. If any input matches
// no role, nothing is returned and the error, an *[UnknownRoleError], names
// every unmatched input and matches [ErrUnknownRole] (and
// client.ErrNotFound), so a caller can stop before it sends anything. An
// empty input is an error, before any request.
//
// Each call reads the list afresh; to resolve many names with one list,
// use a [Resolver].
func (a *Astra) ResolveIDs(ctx context.Context, namesOrIDs ...string) ([]string, error) {
	const op = "roles.Astra.ResolveIDs"
	if err := a.ready(op); err != nil {
		return nil, err
	}
	in := make([]string, 0, len(namesOrIDs))
	allIDs := true
	for _, s := range namesOrIDs {
		if s == "" {
			return nil, sdkerr.Op(op, errors.New("empty role name or ID"))
		}
		if !slices.Contains(in, s) {
			in = append(in, s)
			allIDs = allIDs && isUUID(s)
		}
	}
	if allIDs {
		return in, nil
	}
	list, err := client.Collect[Role](ctx, a.c, listRequest())
	if err != nil {
		return nil, sdkerr.Op(op, err)
	}
	ids, err := newRoleIndex(list).resolve(in)
	if err != nil {
		return nil, sdkerr.Op(op, err)
	}
	return ids, nil
}

// isUUID reports whether s has the canonical shape of a UUID
// (8-4-4-4-12 hexadecimal digits, either case), as Astra role IDs do.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
