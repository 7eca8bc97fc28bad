package users_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// Parallel invites through the SDK keep the store consistent: each email
// ends up as one user, re-invites of one email included, and every user
// holds exactly the roles of one of its invitations.
func TestParallelInvitesKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	for _, transport := range sdktest.Transports() {
		t.Run(string(transport), func(t *testing.T) {
			t.Parallel()
			env := newAstraEnv(t, transport)
			ctx := context.Background()
			const distinct, repeats = 24, 12
			var wg sync.WaitGroup
			for i := range distinct {
				wg.Go(func() {
					if _, err := env.users.Invite(ctx, fmt.Sprintf("user%02d@example.com", i), roles.ReadOnlyUser); err != nil {
						t.Error(err)
					}
				})
			}
			role := []string{roles.ReadOnlyUser, roles.BillingAdmin, roles.LangflowRunFlow}
			for i := range repeats {
				wg.Go(func() {
					// Mixed case: the same user for the API.
					email := map[bool]string{true: "Shared@Example.com", false: "shared@example.com"}[i%2 == 0]
					if _, err := env.users.Invite(ctx, email, role[i%len(role)]); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()

			list, err := env.users.List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var emails []string
			ids := map[string]bool{}
			for _, u := range list {
				if ids[u.UserID] {
					t.Errorf("duplicate user ID %s", u.UserID)
				}
				ids[u.UserID] = true
				emails = append(emails, u.Email)
				if len(u.Roles) != 1 {
					t.Errorf("%s has roles %+v, want exactly one invitation's", u.Email, u.Roles)
				}
			}
			want := []string{astraDefaultAdmin, "shared@example.com"}
			for i := range distinct {
				want = append(want, fmt.Sprintf("user%02d@example.com", i))
			}
			sort.Strings(want)
			sort.Strings(emails)
			if diff := testkit.Diff(want, emails); diff != "" {
				t.Errorf("users (-want +got):\n%s", diff)
			}
		})
	}
}
