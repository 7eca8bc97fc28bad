package astra_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

var defaultAdmin = faketest.UserJSON(faketest.AdminUserID(), faketest.AdminEmail(), "active", "Organization Administrator")

func TestUserListOfDefaultFixture(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		r := c.Must(200, "GET", "/v2/organizations/users", nil)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		if diff := testkit.Diff(faketest.UserListJSON(defaultAdmin), faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("users (-want +got):\n%s", diff)
		}
		r = c.Must(200, "GET", "/v2/organizations/users/"+faketest.AdminUserID(), nil)
		if diff := testkit.Diff(any(defaultAdmin), faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("user (-want +got):\n%s", diff)
		}
	})
}

func TestUserKeysMatchTheDocsExamples(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	for _, tc := range []struct{ fixture, path string }{
		{"docs-users-list.json", "/v2/organizations/users"},
		{"docs-user.json", "/v2/organizations/users/" + faketest.AdminUserID()},
	} {
		want := faketest.KeyPaths(faketest.Decode(t, readFixture(t, tc.fixture)))
		got := faketest.KeyPaths(faketest.Decode(t, c.Must(200, "GET", tc.path, nil).Body))
		if diff := testkit.Diff(want, got); diff != "" {
			t.Errorf("%s key paths (-docs +fake):\n%s", tc.path, diff)
		}
	}
}

func TestInviteAcceptSetRolesRemoveFlow(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, []fakeserver.Option{fakeserver.WithSeed(1)}, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		ro, rw := astra.BuiltinRoleID("RO User"), astra.BuiltinRoleID("R/W User")

		r := c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("new@example.com", ro))
		if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
			t.Errorf("invite: body %q, Content-Type %q; want an empty body", r.Body, r.Header.Get("Content-Type"))
		}
		id := faketest.UserIDByEmail(t, c, "new@example.com")
		if !uuidV4.MatchString(id) {
			t.Fatalf("invited user ID %q is not a UUID", id)
		}
		invited := faketest.UserJSON(id, "new@example.com", "invited", "RO User")
		if diff := testkit.Diff(faketest.UserListJSON(defaultAdmin, invited), faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users", nil).Body)); diff != "" {
			t.Errorf("list after invite (-want +got):\n%s", diff)
		}

		// Inviting again resends the invitation with the new roles.
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("NEW@example.com", rw, ro, rw))
		invited = faketest.UserJSON(id, "new@example.com", "invited", "R/W User", "RO User")
		if diff := testkit.Diff(any(invited), faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users/"+id, nil).Body)); diff != "" {
			t.Errorf("user after re-invite (-want +got):\n%s", diff)
		}

		if err := srv.AcceptInvitation(fakeserver.DefaultOrgID, "New@Example.com"); err != nil {
			t.Fatal(err)
		}
		active := faketest.UserJSON(id, "new@example.com", "active", "R/W User", "RO User")
		if diff := testkit.Diff(any(active), faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users/"+id, nil).Body)); diff != "" {
			t.Errorf("user after accept (-want +got):\n%s", diff)
		}
		unchanged := faketest.AstraUnchanged(t, c)
		faketest.WantError(t, c.Do("PUT", "/v2/organizations/users", faketest.Invite("new@example.com", ro)), 409, "user is already a member of the organization")
		unchanged("409")

		r = c.Must(204, "PUT", "/v2/organizations/users/"+id+"/roles", map[string]any{"roles": []string{astra.BuiltinRoleID("Billing Admin")}})
		if len(r.Body) != 0 {
			t.Errorf("set roles body %q, want empty", r.Body)
		}
		active = faketest.UserJSON(id, "new@example.com", "active", "Billing Admin")
		if diff := testkit.Diff(any(active), faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users/"+id, nil).Body)); diff != "" {
			t.Errorf("user after set roles (-want +got):\n%s", diff)
		}

		c.Must(204, "DELETE", "/v2/organizations/users/"+id, nil)
		faketest.WantError(t, c.Do("GET", "/v2/organizations/users/"+id, nil), 404, "user not found")
		faketest.WantError(t, c.Do("DELETE", "/v2/organizations/users/"+id, nil), 404, "user not found")
		if diff := testkit.Diff(faketest.UserListJSON(defaultAdmin), faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users", nil).Body)); diff != "" {
			t.Errorf("list after remove (-want +got):\n%s", diff)
		}
	})
}

func TestRemoveCancelsAnInvitation(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("pending@example.com", astra.BuiltinRoleID("RO User")))
		c.Must(204, "DELETE", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, "pending@example.com"), nil)
		if err := srv.AcceptInvitation(fakeserver.DefaultOrgID, "pending@example.com"); err == nil {
			t.Error("AcceptInvitation succeeded for a cancelled invitation")
		}
		// The address can be invited again and gets a new user.
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("pending@example.com", astra.BuiltinRoleID("RO User")))
	})
}

func TestUserRoleNamesFollowRoleRenames(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t))
	id := faketest.Decode(t, c.Must(201, "POST", "/v2/organizations/roles", faketest.CustomRole("Before")).Body).(map[string]any)["ID"].(string)
	c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("u@example.com", id))
	c.Must(200, "PUT", "/v2/organizations/roles/"+id, faketest.CustomRole("After"))
	got := faketest.Decode(t, c.Must(200, "GET", "/v2/organizations/users/"+faketest.UserIDByEmail(t, c, "u@example.com"), nil).Body)
	want := []any{map[string]any{"ID": id, "Name": "After"}}
	if diff := testkit.Diff(want, got.(map[string]any)["Roles"]); diff != "" {
		t.Errorf("user roles after rename (-want +got):\n%s", diff)
	}
}

func TestInviteValidation(t *testing.T) {
	t.Parallel()
	ro := astra.BuiltinRoleID("RO User")
	cases := []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"empty body", "", 400, "request body is required"},
		{"malformed JSON", `{"email"`, 400, "malformed JSON in request body at offset 8"},
		{"not an object", `"a@b.c"`, 400, "request body must be a JSON object"},
		{"email of the wrong type", `{"email":1,"orgID":"` + fakeserver.DefaultOrgID + `","roles":["` + ro + `"]}`, 400, `invalid value for "email": want a string, got number`},
		{"roles of the wrong type", `{"email":"a@b.c","orgID":"` + fakeserver.DefaultOrgID + `","roles":"` + ro + `"}`, 400, `invalid value for "roles": want an array, got string`},
		{"missing orgID", map[string]any{"email": "a@b.c", "roles": []string{ro}}, 400, "orgID is required"},
		{"another org", map[string]any{"email": "a@b.c", "orgID": "00000000-0000-4000-8000-000000000000", "roles": []string{ro}}, 403, "orgID does not match the token's organization"},
		{"missing email", map[string]any{"orgID": fakeserver.DefaultOrgID, "roles": []string{ro}}, 400, "email is required"},
		{"email without @", faketest.Invite("nobody.example.com", ro), 400, `invalid email address "nobody.example.com"`},
		{"email with two @", faketest.Invite("a@b@c.com", ro), 400, `invalid email address "a@b@c.com"`},
		{"email without local part", faketest.Invite("@example.com", ro), 400, `invalid email address "@example.com"`},
		{"email without dotted domain", faketest.Invite("a@localhost", ro), 400, `invalid email address "a@localhost"`},
		{"email with a space", faketest.Invite("a b@example.com", ro), 400, `invalid email address "a b@example.com"`},
		{"missing roles", map[string]any{"email": "a@b.c", "orgID": fakeserver.DefaultOrgID}, 400, "roles must name at least one role ID"},
		{"empty roles", faketest.Invite("a@b.c"), 400, "roles must name at least one role ID"},
		{"unknown role", faketest.Invite("a@b.c", ro, "nope"), 400, "Role ID not found: nope"},
		{"role name instead of ID", faketest.Invite("a@b.c", "RO User"), 400, "Role ID not found: RO User"},
		{"null role", `{"email":"a@b.c","orgID":"` + fakeserver.DefaultOrgID + `","roles":[null]}`, 400, "Role ID not found: "},
		{"oversized body", `{"email":"` + strings.Repeat("a", 1<<20) + `@b.c"}`, 413, "request body exceeds the limit of 1 MiB"},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("keep@example.com", ro))
		unchanged := faketest.AstraUnchanged(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				faketest.WantError(t, c.Do("PUT", "/v2/organizations/users", tc.body), tc.status, tc.msg)
			})
		}
		// A bad re-invite of an existing invited user changes nothing either.
		faketest.WantError(t, c.Do("PUT", "/v2/organizations/users", faketest.Invite("keep@example.com", "nope")), 400, "Role ID not found: nope")
		unchanged("a rejected invite")
	})
}

func TestSetRolesValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		user   string
		body   any
		status int
		msg    string
	}{
		{"empty body", faketest.AdminUserID(), "", 400, "request body is required"},
		{"malformed JSON", faketest.AdminUserID(), `{`, 400, "malformed JSON in request body at offset 1"},
		{"roles of the wrong type", faketest.AdminUserID(), `{"roles":{}}`, 400, `invalid value for "roles": want an array, got object`},
		{"missing roles", faketest.AdminUserID(), `{}`, 400, "roles must name at least one role ID"},
		{"unknown role", faketest.AdminUserID(), map[string]any{"roles": []string{"nope"}}, 400, "Role ID not found: nope"},
		{"validation before lookup", "no-such-user", map[string]any{"roles": []string{"nope"}}, 400, "Role ID not found: nope"},
		{"unknown user", "no-such-user", map[string]any{"roles": []string{astra.BuiltinRoleID("RO User")}}, 404, "user not found"},
		{"oversized body", faketest.AdminUserID(), strings.Repeat(" ", 1<<20+1), 413, "request body exceeds the limit of 1 MiB"},
	}
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		c := e.C
		unchanged := faketest.AstraUnchanged(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				faketest.WantError(t, c.Do("PUT", "/v2/organizations/users/"+tc.user+"/roles", tc.body), tc.status, tc.msg)
			})
		}
		unchanged("a rejected request")
	})
}

func TestAcceptInvitationRejectsBadInput(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t)
	c := faketest.InProcess(t, srv)
	c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("inv@example.com", astra.BuiltinRoleID("RO User")))
	cases := []struct{ name, org, email, want string }{
		{"unknown org", "nope", "inv@example.com", `fakeserver: AcceptInvitation: unknown organization "nope"`},
		{"unknown user", fakeserver.DefaultOrgID, "who@example.com", `fakeserver: AcceptInvitation: organization ` + fakeserver.DefaultOrgID + ` has no user "who@example.com"`},
		{"active user", fakeserver.DefaultOrgID, faketest.AdminEmail(), `fakeserver: AcceptInvitation: user "admin@tenantkit.example" is active, not invited`},
	}
	for _, tc := range cases {
		err := srv.AcceptInvitation(tc.org, tc.email)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: AcceptInvitation error = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestLongUserListStreamsEveryUserInOrder(t *testing.T) {
	t.Parallel()
	const n = 5000
	faketest.EachTarget(t, []fakeserver.Option{faketest.WithUsers(n)}, func(t *testing.T, e faketest.Env) {
		c := e.C
		r := c.Must(200, "GET", "/v2/organizations/users", nil)
		if cl := r.Header.Get("Content-Length"); cl != "" {
			t.Errorf("a %d-byte list was sent with Content-Length %s, want it streamed", len(r.Body), cl)
		}
		var list struct{ Users []struct{ Email string } }
		if err := json.Unmarshal(r.Body, &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Users) != n+1 {
			t.Fatalf("%d users listed, want %d", len(list.Users), n+1)
		}
		for i, u := range list.Users[1:] {
			if want := "user" + strconv.Itoa(i) + "@example.com"; u.Email != want {
				t.Fatalf("user %d is %q, want %q", i, u.Email, want)
			}
		}
		// A short list goes out in one piece with its length.
		if cl := c.Must(200, "GET", "/v2/organizations/users/"+faketest.AdminUserID(), nil).Header.Get("Content-Length"); cl == "" {
			t.Error("a single user was sent without Content-Length")
		}
	})
}

func TestRemovingMostUsersKeepsOrderAndLookups(t *testing.T) {
	t.Parallel()
	c := faketest.InProcess(t, faketest.New(t, faketest.WithUsers(200)))
	var list struct {
		Users []struct{ UserID, Email string }
	}
	_ = json.Unmarshal(c.Must(200, "GET", "/v2/organizations/users", nil).Body, &list)
	var want []string
	for i, u := range list.Users {
		if i%4 == 1 || i == 0 {
			want = append(want, u.Email)
			continue
		}
		c.Must(204, "DELETE", "/v2/organizations/users/"+u.UserID, nil)
	}
	c.Must(200, "PUT", "/v2/organizations/users", faketest.Invite("last@example.com", astra.BuiltinRoleID("RO User")))
	want = append(want, "last@example.com")

	list.Users = nil
	_ = json.Unmarshal(c.Must(200, "GET", "/v2/organizations/users", nil).Body, &list)
	var got []string
	for _, u := range list.Users {
		got = append(got, u.Email)
		var one struct{ Email string }
		_ = json.Unmarshal(c.Must(200, "GET", "/v2/organizations/users/"+u.UserID, nil).Body, &one)
		if one.Email != u.Email {
			t.Errorf("GET %s: email %q, want %q", u.UserID, one.Email, u.Email)
		}
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("users after removals (-want +got):\n%s", diff)
	}
}

func TestCurrentOrgReturnsTheTokensOrganization(t *testing.T) {
	t.Parallel()
	faketest.EachTarget(t, nil, func(t *testing.T, e faketest.Env) {
		srv, c := e.Srv, e.C
		r := c.Must(200, "GET", "/v2/currentOrg", nil)
		want := map[string]any{"id": fakeserver.DefaultOrgID, "name": fakeserver.DefaultOrgName}
		if diff := testkit.Diff(want, faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("default org (-want +got):\n%s", diff)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}

		orgID := srv.AddOrganization("second org")
		token, err := srv.AddToken(orgID) // no roles: currentOrg needs none
		if err != nil {
			t.Fatal(err)
		}
		r = c.With(token, "").Must(200, "GET", "/v2/currentOrg", nil)
		want = map[string]any{"id": orgID, "name": "second org"}
		if diff := testkit.Diff(want, faketest.Decode(t, r.Body)); diff != "" {
			t.Errorf("added org (-want +got):\n%s", diff)
		}
	})
}
