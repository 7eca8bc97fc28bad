package fakeserver

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// invite is an invite body for the default org.
func invite(email string, roles ...string) map[string]any {
	return map[string]any{"email": email, "orgID": DefaultOrgID, "roles": roles}
}

func userJSON(id, email, status string, roles ...string) map[string]any {
	rs := []any{}
	for _, name := range roles {
		rs = append(rs, map[string]any{"ID": builtinRoleID(name), "Name": name})
	}
	return map[string]any{"UserID": id, "Email": email, "Status": status, "Roles": rs}
}

func userListJSON(users ...map[string]any) map[string]any {
	us := []any{}
	for _, u := range users {
		us = append(us, u)
	}
	return map[string]any{"OrgID": DefaultOrgID, "OrgName": DefaultOrgName, "Users": us}
}

var defaultAdmin = userJSON(defaultAdminUserID, defaultAdminEmail, "active", "Organization Administrator")

func TestUserListOfDefaultFixture(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		r := c.must(200, "GET", "/v2/organizations/users", nil)
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		if diff := cmp.Diff(userListJSON(defaultAdmin), decode(t, r.Body)); diff != "" {
			t.Errorf("users (-want +got):\n%s", diff)
		}
		r = c.must(200, "GET", "/v2/organizations/users/"+defaultAdminUserID, nil)
		if diff := cmp.Diff(any(defaultAdmin), decode(t, r.Body)); diff != "" {
			t.Errorf("user (-want +got):\n%s", diff)
		}
	})
}

func TestUserKeysMatchTheDocsExamples(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	for _, tc := range []struct{ fixture, path string }{
		{"docs-users-list.json", "/v2/organizations/users"},
		{"docs-user.json", "/v2/organizations/users/" + defaultAdminUserID},
	} {
		want := keyPaths(decode(t, readFixture(t, tc.fixture)))
		got := keyPaths(decode(t, c.must(200, "GET", tc.path, nil).Body))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s key paths (-docs +fake):\n%s", tc.path, diff)
		}
	}
}

func TestInviteAcceptSetRolesRemoveFlow(t *testing.T) {
	t.Parallel()
	forBothTransports(t, []Option{WithSeed(1)}, func(t *testing.T, srv *Server, c *astraClient) {
		ro, rw := builtinRoleID("RO User"), builtinRoleID("R/W User")

		r := c.must(200, "PUT", "/v2/organizations/users", invite("new@example.com", ro))
		if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
			t.Errorf("invite: body %q, Content-Type %q; want an empty body", r.Body, r.Header.Get("Content-Type"))
		}
		id := userIDByEmail(t, c, "new@example.com")
		if !uuidV4.MatchString(id) {
			t.Fatalf("invited user ID %q is not a UUID", id)
		}
		invited := userJSON(id, "new@example.com", "invited", "RO User")
		if diff := cmp.Diff(userListJSON(defaultAdmin, invited), decode(t, c.must(200, "GET", "/v2/organizations/users", nil).Body)); diff != "" {
			t.Errorf("list after invite (-want +got):\n%s", diff)
		}

		// Inviting again resends the invitation with the new roles.
		c.must(200, "PUT", "/v2/organizations/users", invite("NEW@example.com", rw, ro, rw))
		invited = userJSON(id, "new@example.com", "invited", "R/W User", "RO User")
		if diff := cmp.Diff(any(invited), decode(t, c.must(200, "GET", "/v2/organizations/users/"+id, nil).Body)); diff != "" {
			t.Errorf("user after re-invite (-want +got):\n%s", diff)
		}

		if err := srv.AcceptInvitation(DefaultOrgID, "New@Example.com"); err != nil {
			t.Fatal(err)
		}
		active := userJSON(id, "new@example.com", "active", "R/W User", "RO User")
		if diff := cmp.Diff(any(active), decode(t, c.must(200, "GET", "/v2/organizations/users/"+id, nil).Body)); diff != "" {
			t.Errorf("user after accept (-want +got):\n%s", diff)
		}
		before := snapshot(t, c)
		wantError(t, c.do("PUT", "/v2/organizations/users", invite("new@example.com", ro)), 409, "user is already a member of the organization")
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("409 changed the store (-before +after):\n%s", diff)
		}

		r = c.must(204, "PUT", "/v2/organizations/users/"+id+"/roles", map[string]any{"roles": []string{builtinRoleID("Billing Admin")}})
		if len(r.Body) != 0 {
			t.Errorf("set roles body %q, want empty", r.Body)
		}
		active = userJSON(id, "new@example.com", "active", "Billing Admin")
		if diff := cmp.Diff(any(active), decode(t, c.must(200, "GET", "/v2/organizations/users/"+id, nil).Body)); diff != "" {
			t.Errorf("user after set roles (-want +got):\n%s", diff)
		}

		c.must(204, "DELETE", "/v2/organizations/users/"+id, nil)
		wantError(t, c.do("GET", "/v2/organizations/users/"+id, nil), 404, "user not found")
		wantError(t, c.do("DELETE", "/v2/organizations/users/"+id, nil), 404, "user not found")
		if diff := cmp.Diff(userListJSON(defaultAdmin), decode(t, c.must(200, "GET", "/v2/organizations/users", nil).Body)); diff != "" {
			t.Errorf("list after remove (-want +got):\n%s", diff)
		}
	})
}

func TestRemoveCancelsAnInvitation(t *testing.T) {
	t.Parallel()
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		c.must(200, "PUT", "/v2/organizations/users", invite("pending@example.com", builtinRoleID("RO User")))
		c.must(204, "DELETE", "/v2/organizations/users/"+userIDByEmail(t, c, "pending@example.com"), nil)
		if err := srv.AcceptInvitation(DefaultOrgID, "pending@example.com"); err == nil {
			t.Error("AcceptInvitation succeeded for a cancelled invitation")
		}
		// The address can be invited again and gets a new user.
		c.must(200, "PUT", "/v2/organizations/users", invite("pending@example.com", builtinRoleID("RO User")))
	})
}

func TestUserRoleNamesFollowRoleRenames(t *testing.T) {
	t.Parallel()
	c := newAstraClient(t, newTestServer(t), "in-process")
	id := decode(t, c.must(201, "POST", "/v2/organizations/roles", customRole("Before")).Body).(map[string]any)["ID"].(string)
	c.must(200, "PUT", "/v2/organizations/users", invite("u@example.com", id))
	c.must(200, "PUT", "/v2/organizations/roles/"+id, customRole("After"))
	got := decode(t, c.must(200, "GET", "/v2/organizations/users/"+userIDByEmail(t, c, "u@example.com"), nil).Body)
	want := []any{map[string]any{"ID": id, "Name": "After"}}
	if diff := cmp.Diff(want, got.(map[string]any)["Roles"]); diff != "" {
		t.Errorf("user roles after rename (-want +got):\n%s", diff)
	}
}

func TestInviteValidation(t *testing.T) {
	t.Parallel()
	ro := builtinRoleID("RO User")
	cases := []struct {
		name   string
		body   any
		status int
		msg    string
	}{
		{"empty body", "", 400, "request body is required"},
		{"malformed JSON", `{"email"`, 400, "malformed JSON in request body at offset 8"},
		{"not an object", `"a@b.c"`, 400, "request body must be a JSON object"},
		{"email of the wrong type", `{"email":1,"orgID":"` + DefaultOrgID + `","roles":["` + ro + `"]}`, 400, `invalid value for "email": want a string, got number`},
		{"roles of the wrong type", `{"email":"a@b.c","orgID":"` + DefaultOrgID + `","roles":"` + ro + `"}`, 400, `invalid value for "roles": want an array, got string`},
		{"missing orgID", map[string]any{"email": "a@b.c", "roles": []string{ro}}, 400, "orgID is required"},
		{"another org", map[string]any{"email": "a@b.c", "orgID": "00000000-0000-4000-8000-000000000000", "roles": []string{ro}}, 403, "orgID does not match the token's organization"},
		{"missing email", map[string]any{"orgID": DefaultOrgID, "roles": []string{ro}}, 400, "email is required"},
		{"email without @", invite("nobody.example.com", ro), 400, `invalid email address "nobody.example.com"`},
		{"email with two @", invite("a@b@c.com", ro), 400, `invalid email address "a@b@c.com"`},
		{"email without local part", invite("@example.com", ro), 400, `invalid email address "@example.com"`},
		{"email without dotted domain", invite("a@localhost", ro), 400, `invalid email address "a@localhost"`},
		{"email with a space", invite("a b@example.com", ro), 400, `invalid email address "a b@example.com"`},
		{"missing roles", map[string]any{"email": "a@b.c", "orgID": DefaultOrgID}, 400, "roles must name at least one role ID"},
		{"empty roles", invite("a@b.c"), 400, "roles must name at least one role ID"},
		{"unknown role", invite("a@b.c", ro, "nope"), 400, "Role ID not found: nope"},
		{"role name instead of ID", invite("a@b.c", "RO User"), 400, "Role ID not found: RO User"},
		{"null role", `{"email":"a@b.c","orgID":"` + DefaultOrgID + `","roles":[null]}`, 400, "Role ID not found: "},
		{"oversized body", `{"email":"` + strings.Repeat("a", 1<<20) + `@b.c"}`, 413, "request body exceeds the limit of 1 MiB"},
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		c.must(200, "PUT", "/v2/organizations/users", invite("keep@example.com", ro))
		before := snapshot(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, c.do("PUT", "/v2/organizations/users", tc.body), tc.status, tc.msg)
			})
		}
		// A bad re-invite of an existing invited user changes nothing either.
		wantError(t, c.do("PUT", "/v2/organizations/users", invite("keep@example.com", "nope")), 400, "Role ID not found: nope")
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("a rejected invite changed the store (-before +after):\n%s", diff)
		}
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
		{"empty body", defaultAdminUserID, "", 400, "request body is required"},
		{"malformed JSON", defaultAdminUserID, `{`, 400, "malformed JSON in request body at offset 1"},
		{"roles of the wrong type", defaultAdminUserID, `{"roles":{}}`, 400, `invalid value for "roles": want an array, got object`},
		{"missing roles", defaultAdminUserID, `{}`, 400, "roles must name at least one role ID"},
		{"unknown role", defaultAdminUserID, map[string]any{"roles": []string{"nope"}}, 400, "Role ID not found: nope"},
		{"validation before lookup", "no-such-user", map[string]any{"roles": []string{"nope"}}, 400, "Role ID not found: nope"},
		{"unknown user", "no-such-user", map[string]any{"roles": []string{builtinRoleID("RO User")}}, 404, "user not found"},
		{"oversized body", defaultAdminUserID, strings.Repeat(" ", 1<<20+1), 413, "request body exceeds the limit of 1 MiB"},
	}
	forBothTransports(t, nil, func(t *testing.T, _ *Server, c *astraClient) {
		before := snapshot(t, c)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, c.do("PUT", "/v2/organizations/users/"+tc.user+"/roles", tc.body), tc.status, tc.msg)
			})
		}
		if diff := cmp.Diff(before, snapshot(t, c)); diff != "" {
			t.Errorf("a rejected request changed the store (-before +after):\n%s", diff)
		}
	})
}

func TestAcceptInvitationRejectsBadInput(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	c.must(200, "PUT", "/v2/organizations/users", invite("inv@example.com", builtinRoleID("RO User")))
	cases := []struct{ name, org, email, want string }{
		{"unknown org", "nope", "inv@example.com", `fakeserver: AcceptInvitation: unknown organization "nope"`},
		{"unknown user", DefaultOrgID, "who@example.com", `fakeserver: AcceptInvitation: organization ` + DefaultOrgID + ` has no user "who@example.com"`},
		{"active user", DefaultOrgID, defaultAdminEmail, `fakeserver: AcceptInvitation: user "admin@tenantkit.example" is active, not invited`},
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
	forBothTransports(t, nil, func(t *testing.T, srv *Server, c *astraClient) {
		seedUsers(t, srv, n)
		r := c.must(200, "GET", "/v2/organizations/users", nil)
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
		if cl := c.must(200, "GET", "/v2/organizations/users/"+defaultAdminUserID, nil).Header.Get("Content-Length"); cl == "" {
			t.Error("a single user was sent without Content-Length")
		}
	})
}

func TestRemovingMostUsersKeepsOrderAndLookups(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	c := newAstraClient(t, srv, "in-process")
	seedUsers(t, srv, 200)
	var list struct {
		Users []struct{ UserID, Email string }
	}
	_ = json.Unmarshal(c.must(200, "GET", "/v2/organizations/users", nil).Body, &list)
	var want []string
	for i, u := range list.Users {
		if i%4 == 1 || i == 0 {
			want = append(want, u.Email)
			continue
		}
		c.must(204, "DELETE", "/v2/organizations/users/"+u.UserID, nil)
	}
	c.must(200, "PUT", "/v2/organizations/users", invite("last@example.com", builtinRoleID("RO User")))
	want = append(want, "last@example.com")

	list.Users = nil
	_ = json.Unmarshal(c.must(200, "GET", "/v2/organizations/users", nil).Body, &list)
	var got []string
	for _, u := range list.Users {
		got = append(got, u.Email)
		var one struct{ Email string }
		_ = json.Unmarshal(c.must(200, "GET", "/v2/organizations/users/"+u.UserID, nil).Body, &one)
		if one.Email != u.Email {
			t.Errorf("GET %s: email %q, want %q", u.UserID, one.Email, u.Email)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("users after removals (-want +got):\n%s", diff)
	}
}
