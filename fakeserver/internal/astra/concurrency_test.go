package astra_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// TestConcurrentInvitesAndRoleCreationKeepTheStoreConsistent runs 32
// clients at once: each creates a role, invites users with it, re-invites,
// changes roles and removes a user, while all of them race to create one
// shared role name and invite one shared address. Run with -race.
func TestConcurrentInvitesAndRoleCreationKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	const workers, usersEach = 32, 8
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		ro := astra.BuiltinRoleID("RO User")
		var mu sync.Mutex
		sharedCreated, roleIDs := 0, map[int]string{}
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				r := c.Do("POST", "/v2/organizations/roles", faketest.CustomRole("shared"))
				mu.Lock()
				if r.Status == 201 {
					sharedCreated++
				} else if r.Status != 409 {
					t.Errorf("shared role create: %d %s", r.Status, r.Body)
				}
				mu.Unlock()

				var role struct{ ID string }
				if err := json.Unmarshal(c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole(fmt.Sprintf("role-%d", w))).Body, &role); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				roleIDs[w] = role.ID
				mu.Unlock()
				for u := range usersEach {
					c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite(fmt.Sprintf("w%d-u%d@example.com", w, u), role.ID))
				}
				// Resend one invitation with two roles, move one user to RO only,
				// remove one.
				c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite(fmt.Sprintf("W%d-U0@example.com", w), role.ID, ro))
				c.Must(204, "PUT", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, fmt.Sprintf("w%d-u1@example.com", w))+"/roles",
					map[string]any{"roles": []string{ro}})
				c.Must(204, "DELETE", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, fmt.Sprintf("w%d-u2@example.com", w)), nil)
				c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("everyone@example.com", ro))
				c.Must(200, "GET", "/v2/organizations/roles", nil)
			})
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		if sharedCreated != 1 {
			t.Errorf("the shared role name was created %d times, want 1", sharedCreated)
		}

		var list struct {
			Users []struct {
				UserID, Email, Status string
				Roles                 []struct{ ID, Name string }
			}
		}
		if err := json.Unmarshal(c.Must(200, "GET", "/v2/organizations/users", nil).Body, &list); err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		ids := map[string]bool{}
		for _, u := range list.Users {
			if ids[u.UserID] {
				t.Errorf("user ID %s listed twice", u.UserID)
			}
			ids[u.UserID] = true
			var roles []string
			for _, r := range u.Roles {
				roles = append(roles, r.ID)
			}
			got[u.Email] = roles
			var one struct{ UserID, Email string }
			_ = json.Unmarshal(c.Must(200, "GET", "/v2/organizations/users/"+u.UserID, nil).Body, &one)
			if one.Email != u.Email {
				t.Errorf("GET user %s: email %q, list says %q", u.UserID, one.Email, u.Email)
			}
		}
		want := map[string][]string{
			faketest.AdminEmail():  {astra.BuiltinRoleID("Organization Administrator")},
			"everyone@example.com": {ro},
		}
		for w := range workers {
			want[fmt.Sprintf("w%d-u0@example.com", w)] = []string{roleIDs[w], ro}
			want[fmt.Sprintf("w%d-u1@example.com", w)] = []string{ro}
			for u := 3; u < usersEach; u++ {
				want[fmt.Sprintf("w%d-u%d@example.com", w, u)] = []string{roleIDs[w]}
			}
		}
		if diff := testkit.Diff(want, got); diff != "" {
			t.Errorf("users and their role IDs (-want +got):\n%s", diff)
		}
		if n := len(listRolesWire(t, c)); n != 18+1+workers {
			t.Errorf("%d roles, want %d", n, 18+1+workers)
		}
		// Role use counts survived the races: every worker role is still held.
		for w := range workers {
			faketest.WantError(t, c.Do("DELETE", "/v2/organizations/roles/"+roleIDs[w], nil), 409, "role is assigned to users")
		}
		c.Must(204, "DELETE", "/v2/organizations/roles/"+roleIDByName(t, c, "shared"), nil)
	})
}
