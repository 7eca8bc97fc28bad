package users_test

import (
	"fmt"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/users"
)

func TestOrgUserPrintsOnOneLineWithRoleNames(t *testing.T) {
	t.Parallel()
	u := users.OrgUser{
		UserID: "u1",
		Email:  "ada@example.com",
		Status: users.UserStatusInvited,
		Roles:  []users.UserRole{{ID: "r1", Name: "Read Only User"}, {ID: "r2"}},
	}
	got := []string{u.String(), fmt.Sprint(u), fmt.Sprintf("%v", []users.OrgUser{u}), users.OrgUser{}.String()}
	want := []string{
		"{UserID:u1 Email:ada@example.com Status:invited Roles:[Read Only User r2]}",
		"{UserID:u1 Email:ada@example.com Status:invited Roles:[Read Only User r2]}",
		"[{UserID:u1 Email:ada@example.com Status:invited Roles:[Read Only User r2]}]",
		"{UserID: Email: Status: Roles:[]}",
	}
	testkit.WantEqual(t, "printed", want, got)
}
