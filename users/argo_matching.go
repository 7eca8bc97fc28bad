package users

import (
	"context"
	"slices"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// Matching returns the users of a tenant whose name, email and roles are
// u's (compared exactly, roles in order, as the server stores what
// [Argo.Create] sends), in the server's order, API keys included. u.ID and
// u.APIKey are ignored. No match is an empty, non-nil slice.
//
// It is how a caller recovers from a Create whose outcome is unknown
// ([client.ErrOutcomeUnknown]): the server generates a user's ID and key,
// so nothing but the fields sent identifies the new user. Names and emails
// need not be unique, though: if the tenant may already hold a user with
// the same fields, note the IDs of its users before Create and leave them
// out of the answer.
//
// One request (a tenant's users are listed whole), read one user at a time.
// An unknown tenant is an error matching [client.ErrNotFound].
func (s *Argo) Matching(ctx context.Context, tenantID string, u ArgoUser) ([]ArgoUser, error) {
	const op = "users.Argo.Matching"
	req, err := listRequest(tenantID)
	if err != nil {
		return nil, err
	}
	out := []ArgoUser{}
	err = client.Scan(ctx, s.c, req, func(have ArgoUser) bool {
		if have.Name == u.Name && have.Email == u.Email && slices.Equal(have.Roles, u.Roles) && !seenID(out, have.ID) {
			out = append(out, have)
		}
		return true
	}, "data")
	if err != nil {
		return nil, sdkerr.Op(op, err)
	}
	return out, nil
}

// seenID reports whether us holds a user with this ID: Scan shows the users
// again from the first when an answer breaks off and is read again.
func seenID(us []ArgoUser, id string) bool {
	return slices.ContainsFunc(us, func(u ArgoUser) bool { return u.ID == id })
}
