package users_test

import (
	"context"
	"fmt"
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
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newAstraEnv(t, transport)
		ctx := context.Background()
		const distinct, repeats = 24, 12
		role := []string{roles.ReadOnlyUser, roles.BillingAdmin, roles.LangflowRunFlow}
		testkit.Concurrently(distinct+repeats, func(i int) {
			email, r := fmt.Sprintf("user%02d@example.com", i), roles.ReadOnlyUser
			if i >= distinct {
				// Mixed case: the same user for the API.
				email = map[bool]string{true: "Shared@Example.com", false: "shared@example.com"}[i%2 == 0]
				r = role[i%len(role)]
			}
			if _, err := env.users.Invite(ctx, email, r); err != nil {
				t.Error(err)
			}
		})

		list, err := env.users.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids, emails []string
		for _, u := range list {
			ids = append(ids, u.UserID)
			emails = append(emails, u.Email)
			if len(u.Roles) != 1 {
				t.Errorf("%s has roles %+v, want exactly one invitation's", u.Email, u.Roles)
			}
		}
		want := []string{astraDefaultAdmin, "shared@example.com"}
		for i := range distinct {
			want = append(want, fmt.Sprintf("user%02d@example.com", i))
		}
		testkit.WantUnique(t, "user ID", ids)
		testkit.WantSameElements(t, "users", want, emails)
	})
}
