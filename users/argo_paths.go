package users

import (
	"context"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/argowire"
)

// argoUsersPath returns the path of a tenant's users.
func argoUsersPath(op tenantkit.Operation, tenantID string) (string, error) {
	p, err := argowire.TenantPath(op, tenantID)
	if err != nil {
		return "", err
	}
	return p + "/users", nil
}

// argoUserPath returns the path of one user of a tenant.
func argoUserPath(op tenantkit.Operation, tenantID, userID string) (string, error) {
	p, err := argoUsersPath(op, tenantID)
	if err != nil {
		return "", err
	}
	u, err := argowire.Segment(op, "user", userID)
	if err != nil {
		return "", err
	}
	return p + "/" + u, nil
}

// argoUserID reads a user's ID, for argowire.Pick and argowire.One.
func argoUserID(u *ArgoUser) string { return u.ID }

// argoOneUser sends a read whose data holds one user (in a one-element
// array) and returns the user with the given ID.
func argoOneUser(ctx context.Context, c *client.Client, req client.Request, id string) (ArgoUser, error) {
	return argowire.One(ctx, c, req, "user", id, argoUserID)
}
