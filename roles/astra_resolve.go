package roles

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
// no role, nothing is returned and the error names every unmatched input
// and matches client.ErrNotFound, so a caller can stop before it sends
// anything. An empty input is an error, before any request.
func (a *Astra) ResolveIDs(ctx context.Context, namesOrIDs ...string) ([]string, error) {
	const op = "roles.Astra.ResolveIDs"
	if err := a.ready(op); err != nil {
		return nil, err
	}
	in := make([]string, 0, len(namesOrIDs))
	seen := make(map[string]bool, len(namesOrIDs))
	allIDs := true
	for _, s := range namesOrIDs {
		if s == "" {
			return nil, sdkerr.Op(op, errors.New("empty role name or ID"))
		}
		if !seen[s] {
			seen[s] = true
			in = append(in, s)
			allIDs = allIDs && isUUID(s)
		}
	}
	if allIDs {
		return in, nil
	}

	ids := make(map[string]bool)
	byName := make(map[string]string)
	folded := make(map[string]string) // lowercase name -> name, for hints
	err := client.Scan(ctx, a.c, listRequest(), func(r Role) bool {
		ids[r.ID] = true // a list read again after a broken answer adds nothing new
		if _, dup := byName[r.Name]; !dup {
			byName[r.Name] = r.ID
		}
		folded[strings.ToLower(r.Name)] = r.Name
		return true
	})
	if err != nil {
		return nil, sdkerr.Op(op, err)
	}
	out := make([]string, 0, len(in))
	var unknown []string
	added := make(map[string]bool, len(in))
	for _, s := range in {
		id, ok := s, ids[s]
		if !ok {
			id, ok = byName[s]
		}
		switch {
		case !ok:
			u := fmt.Sprintf("%q", s)
			if near, found := folded[strings.ToLower(s)]; found {
				u += fmt.Sprintf(" (did you mean %q?)", near)
			}
			unknown = append(unknown, u)
		case !added[id]: // a name and the ID of the same role count once
			added[id] = true
			out = append(out, id)
		}
	}
	if len(unknown) > 0 {
		noun := "role"
		if len(unknown) > 1 {
			noun = "roles"
		}
		return nil, sdkerr.Op(op, fmt.Errorf("unknown %s %s: %w", noun, strings.Join(unknown, ", "), client.ErrNotFound))
	}
	return out, nil
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
