package contract_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

func TestOrganizationIsTheTokens(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		c := env.astra(t)
		org, err := users.NewAstra(c).Organization(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if org.ID != c.OrgID() {
			t.Errorf("the token's organization is %s; the client is configured for %s", org.ID, c.OrgID())
		}
	})
}

// TestInvitationLifecycle invites an address at example.com (reserved: the
// invitation email goes nowhere), changes its roles and removes it.
func TestInvitationLifecycle(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		u := users.NewAstra(env.astra(t))
		ctx := ctx(t)
		email := unique(t, "user") + "@example.com"

		invited, err := u.Invite(ctx, strings.ToUpper(email[:1])+email[1:], roles.ReadOnlyUser)
		if err != nil {
			t.Fatal(err)
		}
		cleanup(t, "invitation of "+email, func(ctx context.Context) error { return u.Remove(ctx, invited.UserID) })
		if invited.UserID == "" || invited.Email != email || invited.Status != users.UserStatusInvited {
			t.Errorf("Invite returned %+v; want %s, invited", invited, email)
		}
		if !hasRole(invited, roles.ReadOnlyUser) {
			t.Errorf("invited with roles %+v; want %s", invited.Roles, roles.ReadOnlyUser)
		}

		got, err := u.Get(ctx, invited.UserID)
		if err != nil || got.Email != email {
			t.Errorf("Get = %+v, %v", got, err)
		}
		byEmail, err := u.ByEmail(ctx, strings.ToUpper(email))
		if err != nil || byEmail.UserID != invited.UserID {
			t.Errorf("ByEmail = %+v, %v; want %s", byEmail, err, invited.UserID)
		}

		// Inviting again replaces the invitation's roles, same user.
		again, err := u.Invite(ctx, email, roles.ReadWriteUser)
		if err != nil {
			t.Fatal(err)
		}
		if again.UserID != invited.UserID || !hasRole(again, roles.ReadWriteUser) || hasRole(again, roles.ReadOnlyUser) {
			t.Errorf("re-invited as %+v; want %s with only %s", again, invited.UserID, roles.ReadWriteUser)
		}

		if err := u.SetRoles(ctx, invited.UserID, roles.ReadOnlyUser, roles.UIViewOnly); err != nil {
			t.Fatal(err)
		}
		got, err = u.Get(ctx, invited.UserID)
		if err != nil || len(got.Roles) != 2 || !hasRole(got, roles.ReadOnlyUser) || !hasRole(got, roles.UIViewOnly) {
			t.Errorf("after SetRoles, Get = %+v, %v", got, err)
		}

		if err := u.Remove(ctx, invited.UserID); err != nil {
			t.Fatal(err)
		}
		if _, err := u.Get(ctx, invited.UserID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get after Remove: %v; want not found", err)
		}
		if err := u.Remove(ctx, invited.UserID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Remove twice: %v; want not found", err)
		}
	})
}

func TestInviteWithAnInvalidEmailIsRefused(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		_, err := users.NewAstra(env.astra(t)).Invite(ctx(t), "not an email", roles.ReadOnlyUser)
		if !errors.Is(err, client.ErrBadRequest) {
			t.Errorf("Invite of %q: %v; want a bad request", "not an email", err)
		}
	})
}

func TestInviteWithAnUnknownRoleNameSendsNothing(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		u := users.NewAstra(env.astra(t))
		ctx := ctx(t)
		email := unique(t, "user") + "@example.com"
		cleanup(t, "invitation of "+email, func(ctx context.Context) error {
			got, err := u.ByEmail(ctx, email)
			if err != nil {
				return err
			}
			return u.Remove(ctx, got.UserID)
		})
		if _, err := u.Invite(ctx, email, "no such role "+email); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Invite with an unknown role: %v; want not found", err)
		}
		if _, err := u.ByEmail(ctx, email); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("after the refusal, ByEmail: %v; want not found", err)
		}
	})
}

func hasRole(u users.OrgUser, name string) bool {
	for _, r := range u.Roles {
		if r.Name == name {
			return true
		}
	}
	return false
}

func TestUnknownUserIsNotFound(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		_, err := users.NewAstra(env.astra(t)).Get(ctx(t), "00000000-0000-4000-8000-00000000c0de")
		if !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get of an unknown user: %v; want not found", err)
		}
	})
}
