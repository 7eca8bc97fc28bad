package users_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

func TestMatchingFindsTheUsersWithTheFieldsCreateSends(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	e.Journal().Reset()
	tests := []struct {
		name string
		u    users.ArgoUser
		want []string // IDs
	}{
		{"all three fields", users.ArgoUser{Name: "groot", Email: "groot@email.com", Roles: []string{"admin", "admin_ui"}}, []string{"u2"}},
		{"ID and key ignored", users.ArgoUser{ID: "x", APIKey: "y", Name: "cap", Email: "cap@email.com", Roles: []string{"admin"}}, []string{"u1"}},
		{"roles in another order", users.ArgoUser{Name: "groot", Email: "groot@email.com", Roles: []string{"admin_ui", "admin"}}, []string{}},
		{"email in another case", users.ArgoUser{Name: "cap", Email: "CAP@email.com", Roles: []string{"admin"}}, []string{}},
		{"fewer roles", users.ArgoUser{Name: "groot", Email: "groot@email.com", Roles: []string{"admin"}}, []string{}},
	}
	for _, tt := range tests {
		got, err := e.admin.Matching(ctx, "t1", tt.u)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		ids := []string{}
		for _, u := range got {
			ids = append(ids, u.ID)
		}
		if diff := testkit.Diff(tt.want, ids); diff != "" {
			t.Errorf("%s: IDs (-want +got):\n%s", tt.name, diff)
		}
	}
	if n := e.Journal().Len(); n != len(tests) {
		t.Errorf("%d requests for %d lookups; want one each", n, len(tests))
	}
	if _, err := e.admin.Matching(ctx, "nope", users.ArgoUser{Name: "cap"}); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Matching in an unknown tenant: err = %v; want not found", err)
	}
}

func TestMatchingReturnsEveryUserWithTheSameFields(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	twin := users.ArgoUser{Name: "cap", Email: "cap@email.com", Roles: []string{"admin"}}
	second, err := e.admin.Create(ctx, "t1", twin)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.admin.Matching(ctx, "t1", twin)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "u1" || got[1].ID != second.ID || got[1].APIKey != second.APIKey {
		t.Errorf("Matching = %v; want u1 and then %s with its key", got, second.ID)
	}
}

// TestUserCreateWhoseOutcomeIsUnknownIsRecoveredWithMatching drops the
// connection after the fake served a user create, then recovers: the user
// exists once, with the key the server generated, and no create is resent.
func TestUserCreateWhoseOutcomeIsUnknownIsRecoveredWithMatching(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		ctx := context.Background()
		if err := e.AddFault(fakeserver.Fault{Operation: tenantkit.OpArgoCreateTenantUser, Drop: fakeserver.DropAfterServing, Times: 1}); err != nil {
			t.Fatal(err)
		}
		want := users.ArgoUser{Name: "ada", Email: "ada@example.org", Roles: []string{"editor"}}
		_, err := e.admin.Create(ctx, "t3", want)
		if !errors.Is(err, client.ErrOutcomeUnknown) {
			t.Fatalf("Create: err = %v; want ErrOutcomeUnknown", err)
		}
		found, err := e.admin.Matching(ctx, "t3", want)
		if err != nil || len(found) != 1 || !sdktest.ArgoKey.MatchString(found[0].APIKey) {
			t.Fatalf("Matching = %v, %v; want the one user created, with its key", found, err)
		}
		if n := len(e.Journal().CallsTo(tenantkit.OpArgoCreateTenantUser)); n != 1 {
			t.Errorf("%d creates sent; want 1", n)
		}
	})
}
