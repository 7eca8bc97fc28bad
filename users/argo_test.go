package users_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/users"
)

func TestArgoUserCreateGetListUpdateRenewDelete(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		ctx := context.Background()

		created, err := e.admin.Create(ctx, "t1", users.ArgoUser{Name: "rocket", Email: "rocket@email.com", Roles: []string{"editor"}})
		if err != nil {
			t.Fatal(err)
		}
		if !sdktest.ArgoUUID.MatchString(created.ID) || !sdktest.ArgoKey.MatchString(created.APIKey) {
			t.Errorf("Create: ID %q, key %q; want a UUID and the generated 64-hex key", created.ID, created.APIKey)
		}
		want := users.ArgoUser{ID: created.ID, Name: "rocket", Email: "rocket@email.com", APIKey: created.APIKey, Roles: []string{"editor"}}
		testkit.WantEqual(t, "Create", want, created)
		testkit.WantEqual(t, "Get", want, e.get(t, "t1", created.ID))

		list, err := e.admin.List(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		if got := argoIDs(list); !testkit.Equal(got, []string{"u1", "u2", created.ID}) {
			t.Errorf("List IDs %v, want u1, u2 and the new user", got)
		}

		// A patch: only the name changes.
		updated, err := e.admin.Update(ctx, "t1", created.ID, users.ArgoUser{Name: "rocket raccoon"})
		if err != nil {
			t.Fatal(err)
		}
		want.Name = "rocket raccoon"
		testkit.WantEqual(t, "Update", want, updated)
		// A key of the caller's choosing.
		updated, err = e.admin.Update(ctx, "t1", created.ID, users.ArgoUser{ID: created.ID, APIKey: "r0ck3t-k3y"})
		if err != nil {
			t.Fatal(err)
		}
		want.APIKey = "r0ck3t-k3y"
		testkit.WantEqual(t, "Update with a key", want, updated)

		key, err := e.admin.RenewAPIKey(ctx, "t1", created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sdktest.ArgoKey.MatchString(key) {
			t.Errorf("RenewAPIKey = %q, want 64 hex characters", key)
		}
		if got := e.get(t, "t1", created.ID).APIKey; got != key {
			t.Errorf("stored key after renewal %q, want the returned %q", got, key)
		}

		if err := e.admin.Delete(ctx, "t1", created.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.admin.Get(ctx, "t1", created.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get after Delete: %v, want ErrNotFound", err)
		}
	})
}

func argoIDs(us []users.ArgoUser) []string {
	var ids []string
	for _, u := range us {
		ids = append(ids, u.ID)
	}
	return ids
}

func TestArgoUpdateCannotClearFields(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	before := e.get(t, "t1", "u2")
	got, err := e.admin.Update(context.Background(), "t1", "u2", users.ArgoUser{Roles: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "Update with empty fields changed the user", before, got)
}

func TestArgoListOfATenantWithoutUsersIsEmptyNotNil(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	ctx := context.Background()
	// t3's users were never set ("data": null); t2 loses its only user
	// ("data": []).
	if err := e.admin.Delete(ctx, "t2", "u3"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"t3", "t2"} {
		got, err := e.admin.List(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil || len(got) != 0 {
			t.Errorf("List(%s) = %#v, want an empty, non-nil slice", id, got)
		}
	}
}

func TestArgoByIDFindsUsersAcrossTenantsForEveryAdminFlavour(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		want := users.ArgoUser{ID: "u3", Name: "thor", Email: "thor@email.com", APIKey: "TH0RK3Y", Roles: []string{"viewer"}}
		for name, a := range map[string]*users.Argo{"super_admin": e.admin, "restricted": e.restricted, "ui": e.ui} {
			for form, byID := range map[string]func(context.Context, string) (users.ArgoUser, error){
				"ByID": a.ByID, "ByIDFlat": a.ByIDFlat,
			} {
				got, err := byID(context.Background(), "u3")
				if err != nil {
					t.Fatalf("%s %s: %v", name, form, err)
				}
				if diff := testkit.Diff(want, got); diff != "" {
					t.Errorf("%s %s (-want +got):\n%s", name, form, diff)
				}
				_, err = byID(context.Background(), "nobody")
				if !errors.Is(err, client.ErrNotFound) {
					t.Errorf("%s %s of an unknown ID: %v, want ErrNotFound", name, form, err)
				}
			}
		}
	})
}

func TestArgoUserErrors(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.Loopback)
	ctx := context.Background()
	tenantUser := users.NewArgo(e.KeyClient(t, "C4PK3Y"))
	const notFound = "item with the specific ID was not found on the server"
	for _, tc := range []struct {
		name    string
		call    func() error
		op      tenantkit.Operation
		kind    client.Kind
		status  int
		title   string // the envelope's status.message, when a details text is the message
		message string
	}{
		// Two 404 bodies: an unknown tenant has an errors array, an unknown
		// user in a known tenant the flat form. Both match ErrNotFound.
		{"list users of an unknown tenant", func() error { _, err := e.admin.List(ctx, "nope"); return err },
			"argoListTenantUsers", client.ErrNotFound, 404, "Not Found", notFound},
		{"get a user of an unknown tenant", func() error { _, err := e.admin.Get(ctx, "nope", "u1"); return err },
			"argoGetTenantUser", client.ErrNotFound, 404, "Not Found", notFound},
		{"get an unknown user", func() error { _, err := e.admin.Get(ctx, "t1", "nope"); return err },
			"argoGetTenantUser", client.ErrNotFound, 404, "Not Found", notFound},
		{"get another tenant's user", func() error { _, err := e.admin.Get(ctx, "t1", "u3"); return err },
			"argoGetTenantUser", client.ErrNotFound, 404, "Not Found", notFound},
		{"create in an unknown tenant", func() error { _, err := e.admin.Create(ctx, "nope", users.ArgoUser{}); return err },
			"argoCreateTenantUser", client.ErrNotFound, 404, "Not Found", notFound},
		{"update an unknown user", func() error { _, err := e.admin.Update(ctx, "t1", "nope", users.ArgoUser{Name: "x"}); return err },
			"argoUpdateTenantUser", client.ErrNotFound, 404, "Not Found", notFound},
		{"delete an unknown user", func() error { return e.admin.Delete(ctx, "t1", "nope") },
			"argoDeleteTenantUser", client.ErrNotFound, 404, "Not Found", notFound},
		{"renew the key of an unknown user", func() error { _, err := e.admin.RenewAPIKey(ctx, "t1", "nope"); return err },
			"argoRenewTenantUserAPIKey", client.ErrNotFound, 404, "Not Found", notFound},
		{"take another tenant's user's key", func() error {
			_, err := e.admin.Update(ctx, "t1", "u1", users.ArgoUser{APIKey: "TH0RK3Y"})
			return err
		}, "argoUpdateTenantUser", client.ErrConflict, 409, "Conflict", "More than one users found using the key: [REDACTED]"},
		{"take a key of the same tenant", func() error {
			_, err := e.admin.Update(ctx, "t1", "u1", users.ArgoUser{APIKey: "GR00TK3Y"})
			return err
		}, "argoUpdateTenantUser", client.ErrConflict, 409, "Conflict", "More than one users found using the key: [REDACTED]"},
		{"a tenant user's key on the admin API", func() error { _, err := tenantUser.ByID(ctx, "u1"); return err },
			"argoGetUserByID", client.ErrUnauthorized, 401, "Unauthorized",
			"You need to provide a correct authentication token using the header 'x-api-key'"},
		{"restricted admin creates", func() error { _, err := e.restricted.Create(ctx, "t1", users.ArgoUser{Name: "x"}); return err },
			"argoCreateTenantUser", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"restricted admin renews a key", func() error { _, err := e.restricted.RenewAPIKey(ctx, "t1", "u1"); return err },
			"argoRenewTenantUserAPIKey", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"UI admin lists users", func() error { _, err := e.ui.List(ctx, "t1"); return err },
			"argoListTenantUsers", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
		{"UI admin deletes", func() error { return e.ui.Delete(ctx, "t1", "u1") },
			"argoDeleteTenantUser", client.ErrForbidden, 403, "", "Access to the resource is Forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sdktest.WantArgoError(t, tc.call(), tc.op, tc.kind, tc.status, tc.title, tc.message, "C4PK3Y", "GR00TK3Y", "TH0RK3Y")
		})
	}

	// The 404s tell the two forms apart in the body only.
	_, errTenant := e.admin.Get(ctx, "nope", "u1")
	_, errUser := e.admin.Get(ctx, "t1", "nope")
	if tb, ub := string(sdktest.AsAPIError(t, errTenant).Body), string(sdktest.AsAPIError(t, errUser).Body); !strings.Contains(tb, `"errors"`) || strings.Contains(ub, `"errors"`) {
		t.Errorf("404 bodies: unknown tenant %s, unknown user %s; want the errors-array form and the flat form", tb, ub)
	}

	// Nothing changed.
	for _, id := range []string{"u1", "u2"} {
		if u := e.get(t, "t1", id); u.APIKey == "" || u.APIKey == "TH0RK3Y" {
			t.Errorf("user %s changed: %v", id, u)
		}
	}
}

func TestArgoCreateRefusesAnIDOrAKeyTheServerWouldIgnore(t *testing.T) {
	t.Parallel()
	sdktest.WantRefusedBeforeSending(t, "tenantkit: argoCreateTenantUser: ", func(c *client.Client) []testkit.Call {
		var calls []testkit.Call
		for _, u := range []users.ArgoUser{{ID: "mine", Name: "x"}, {APIKey: "my-key", Name: "x"}} {
			calls = append(calls, testkit.Call{Name: fmt.Sprintf("Create(%v)", u), Do: func(ctx context.Context) error {
				_, err := users.NewArgo(c).Create(ctx, "t1", u)
				if err != nil && strings.Contains(err.Error(), "my-key") {
					t.Errorf("error %q holds the key", err)
				}
				return err
			}})
		}
		return calls
	})
	sdktest.WantRefusedBeforeSending(t, "tenantkit: argoUpdateTenantUser: ", func(c *client.Client) []testkit.Call {
		return []testkit.Call{{Name: "Update with another user's ID in the body", Do: func(ctx context.Context) error {
			_, err := users.NewArgo(c).Update(ctx, "t1", "u1", users.ArgoUser{ID: "u2"})
			return err
		}}}
	})
}

func TestArgoUnaddressableIDsAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	sdktest.WantRefusedBeforeSending(t, "tenantkit: argo", func(c *client.Client) []testkit.Call {
		a := users.NewArgo(c)
		var calls []testkit.Call
		for _, bad := range []string{"", ".", "..", "x/../u1", "u1/"} {
			for name, call := range map[string]func(ctx context.Context) error{
				"List, tenant":      func(ctx context.Context) error { _, err := a.List(ctx, bad); return err },
				"All, tenant":       func(ctx context.Context) error { return testkit.FirstErr(a.All(ctx, bad)) },
				"Get, tenant":       func(ctx context.Context) error { _, err := a.Get(ctx, bad, "u1"); return err },
				"Get, user":         func(ctx context.Context) error { _, err := a.Get(ctx, "t1", bad); return err },
				"Create, tenant":    func(ctx context.Context) error { _, err := a.Create(ctx, bad, users.ArgoUser{}); return err },
				"Update, user":      func(ctx context.Context) error { _, err := a.Update(ctx, "t1", bad, users.ArgoUser{}); return err },
				"Delete, tenant":    func(ctx context.Context) error { return a.Delete(ctx, bad, "u1") },
				"Delete, user":      func(ctx context.Context) error { return a.Delete(ctx, "t1", bad) },
				"RenewAPIKey, user": func(ctx context.Context) error { _, err := a.RenewAPIKey(ctx, "t1", bad); return err },
				"ByID":              func(ctx context.Context) error { _, err := a.ByID(ctx, bad); return err },
				"ByIDFlat":          func(ctx context.Context) error { _, err := a.ByIDFlat(ctx, bad); return err },
			} {
				calls = append(calls, testkit.Call{Name: fmt.Sprintf("%s %q", name, bad), Do: call})
			}
		}
		return calls
	})
}

// argoUserCalls are every method of the users service of c, on user u1 of
// tenant t1.
func argoUserCalls(c *client.Client) []testkit.Call {
	s := users.NewArgo(c)
	return []testkit.Call{
		{Name: "List", Do: func(ctx context.Context) error { _, err := s.List(ctx, "t1"); return err }},
		{Name: "All", Do: func(ctx context.Context) error { return testkit.FirstErr(s.All(ctx, "t1")) }},
		{Name: "Get", Do: func(ctx context.Context) error { _, err := s.Get(ctx, "t1", "u1"); return err }},
		{Name: "Create", Do: func(ctx context.Context) error { _, err := s.Create(ctx, "t1", users.ArgoUser{Name: "n"}); return err }},
		{Name: "Update", Do: func(ctx context.Context) error {
			_, err := s.Update(ctx, "t1", "u1", users.ArgoUser{Name: "n"})
			return err
		}},
		{Name: "Delete", Do: func(ctx context.Context) error { return s.Delete(ctx, "t1", "u1") }},
		{Name: "RenewAPIKey", Do: func(ctx context.Context) error { _, err := s.RenewAPIKey(ctx, "t1", "u1"); return err }},
		{Name: "ByID", Do: func(ctx context.Context) error { _, err := s.ByID(ctx, "u1"); return err }},
		{Name: "ByIDFlat", Do: func(ctx context.Context) error { _, err := s.ByIDFlat(ctx, "u1"); return err }},
	}
}

// TestArgoOnANilClientReturnsErrors: every method reports the missing
// client instead of panicking.
func TestArgoOnANilClientReturnsErrors(t *testing.T) {
	t.Parallel()
	sdktest.WantNilClientRefused(t, argoUserCalls)
}

// TestArgoOddSuccessBodiesAreErrorsNotPanics: 200 bodies no ARGO server
// sends for these calls make the reads and writes fail, except a create
// answered with ID u2 and read back as u2. Lists and deletes may succeed
// on some of them; nothing may panic.
func TestArgoOddSuccessBodiesAreErrorsNotPanics(t *testing.T) {
	t.Parallel()
	sdktest.WantOddAnswersRefused(t, argoUserCalls, func(call, body string) bool {
		return call == "List" || call == "All" || call == "Delete" || (call == "Create" && body == `{"data":[{"id":"u2"}]}`)
	}, `{"data":[{"id":"u2"}]}`, `{"id":"u2"}`, `{"status":{},"id":"u1"}`, `{"data":[{"id":"u1"`,
		`{"data":{"api_key":7}}`, `{"data":[{"id":"u1","roles":"admin"}]}`)
}

func TestNewArgoAPIKeyHasTheServersFormatAndDiffers(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		k, err := users.NewArgoAPIKey()
		if err != nil {
			t.Fatal(err)
		}
		if !sdktest.ArgoKey.MatchString(k) {
			t.Fatalf("key %q is not 64 lowercase hex characters", k)
		}
		if seen[k] {
			t.Fatalf("key %q repeated", k)
		}
		seen[k] = true
	}
}

func TestMaskArgoAPIKeyShowsAtMostFourCharacters(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]string{
		"":                       "",
		"C4PK3Y":                 "****",
		"fifteen-chars-1":        "****",
		"sixteen-chars-12":       "sixt****",
		strings.Repeat("ab", 32): "abab****",
	} {
		if got := users.MaskArgoAPIKey(key); got != want {
			t.Errorf("MaskArgoAPIKey(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestPrintingAndLoggingAUserMasksItsKey(t *testing.T) {
	t.Parallel()
	key := strings.Repeat("c0ffee", 10) + "beef"
	u := users.ArgoUser{ID: "u1", Name: "cap", Email: "cap@email.com", APIKey: key, Roles: []string{"admin"}}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, u); strings.Contains(got, key) || !strings.Contains(got, "c0ff****") {
			t.Errorf("Sprintf(%s) = %s, want the key masked", verb, got)
		}
	}
	if got, want := u.String(), "{ID:u1 Name:cap Email:cap@email.com APIKey:c0ff**** Roles:[admin]}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, h := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(h(&buf)).Info("user", "user", u)
		if strings.Contains(buf.String(), key) || !strings.Contains(buf.String(), "c0ff****") {
			t.Errorf("log output %s, want the key masked", buf.String())
		}
	}
}

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
