package argo_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// seedUsersTenant seeds one tenant holding the document's users list.
func seedUsersTenant(t *testing.T, e env) string {
	t.Helper()
	users := dataOf(t, readTestdata(t, "doc/list_users_response.json"))
	return seed(t, e.srv, `[{"id":"6ac7d684-1f8e-4a02-a502-720e8f11e50b","info":{"name":"tenant1"},"users":`+users+`}]`)[0]
}

func TestArgoListAndGetUsersMatchDoc(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := seedUsersTenant(t, e)
		r := e.do(t, request{path: "/tenants/" + id + "/users", key: adminKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "list", serverForm(t, readTestdata(t, "doc/list_users_response.json")), r.body)
		// The document's single-user example shows user_a with user_b's ID;
		// the corrected copy is user_a as listed.
		r = e.do(t, request{path: "/tenants/" + id + "/users/acb74194-553a-11e9-8647-d663bd873d93", key: adminKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "get", serverForm(t, readTestdata(t, "doc/get_user_response.json")), r.body)
	})
}

func TestArgoListUsersDataIsNullOnlyWhenUsersWereNeverSet(t *testing.T) {
	t.Parallel()
	nullBody := "{\n \"status\": {\n  \"message\": \"Success\",\n  \"code\": \"200\"\n },\n \"data\": null\n}"
	emptyBody := strings.Replace(nullBody, "null", "[]", 1)
	eachTarget(t, func(t *testing.T, e env) {
		never := e.createTenant(t, `{"info":{"name":"never"}}`)
		nulled := e.createTenant(t, `{"info":{"name":"nulled"},"users":null}`)
		empty := e.createTenant(t, `{"info":{"name":"empty"},"users":[]}`)
		emptied := e.createTenant(t, `{"info":{"name":"emptied"},"users":[{"name":"only"}]}`)
		uid := e.getTenant(t, emptied).Users[0].ID
		e.do(t, request{method: "DELETE", path: "/tenants/" + emptied + "/users/" + uid, key: adminKey}).want(t, http.StatusOK, jsonType)
		replaced := e.createTenant(t, `{"info":{"name":"replaced"},"users":[{"name":"x"}]}`)
		e.do(t, request{method: "PUT", path: "/tenants/" + replaced, key: adminKey, body: `{"info":{"name":"replaced"}}`}).want(t, http.StatusOK, jsonType)
		for _, c := range []struct{ name, id, want string }{
			{"never set", never, nullBody},
			{"set to null", nulled, nullBody},
			{"replaced without users", replaced, nullBody},
			{"set to []", empty, emptyBody},
			{"last user deleted", emptied, emptyBody},
		} {
			r := e.do(t, request{path: "/tenants/" + c.id + "/users", key: adminKey})
			r.want(t, http.StatusOK, jsonType)
			diffText(t, c.name, c.want, r.body)
			if tn := e.do(t, request{path: "/tenants/" + c.id, key: adminKey}).body; strings.Contains(tn, `"users"`) {
				t.Errorf("%s: a tenant without users shows a users member:\n%s", c.name, tn)
			}
		}
	})
}

func TestArgoCreateUserFromDocExample(t *testing.T) {
	t.Parallel()
	if json.Valid([]byte(readTestdata(t, "doc/create_user_request.doc.txt"))) {
		t.Fatal("the document's user example was expected to end in a stray backtick")
	}
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"t"}}`)
		// Verbatim, the document's body (with its backtick) is a 400.
		e.do(t, request{method: "POST", path: "/tenants/" + id + "/users", key: adminKey, body: readTestdata(t, "doc/create_user_request.doc.txt")}).
			want(t, http.StatusBadRequest, jsonType)
		e.clock.Advance(time.Hour)
		r := e.do(t, request{method: "POST", path: "/tenants/" + id + "/users", key: adminKey, body: readTestdata(t, "doc/create_user_request.json")})
		r.want(t, http.StatusCreated, jsonType)
		var c createdBody
		_ = json.Unmarshal([]byte(r.body), &c)
		want := strings.NewReplacer(
			"1cb883eb-8b40-428d-bce6-8ec23a9f3ca8", c.Data.ID,
			"6ac7d684-1f8e-4a02-a502-720e8f11e50b", id,
			"https:///", "https://"+e.Host+"/",
		).Replace(readTestdata(t, "doc/create_user_response.json"))
		diffText(t, "201 body", serverForm(t, want), r.body)
		got := e.getTenant(t, id)
		if len(got.Users) != 1 || got.Users[0].ID != c.Data.ID || !uuidRE.MatchString(c.Data.ID) {
			t.Fatalf("users = %+v", got.Users)
		}
		u := got.Users[0]
		if !hexKeyRE.MatchString(u.APIKey) || u.Name != "new_user" || u.Email != "new_user@email.com" || !testkit.Equal(u.Roles, []string{"admin"}) {
			t.Errorf("user = %+v", u)
		}
		if got.Info.Updated != stamp(e.clock) || got.Info.Created == got.Info.Updated {
			t.Errorf("info = %+v; want updated moved to %q", got.Info, stamp(e.clock))
		}
	})
}

func TestArgoCreateUserIgnoresClientIDAndKeyAndAllowsRepeats(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		other := e.createTenant(t, `{"info":{"name":"o"},"users":[{"api_key":"TAKEN"}]}`)
		id := e.createTenant(t, `{"info":{"name":"t"}}`)
		body := `{"id":"mine","name":"same","email":"same@x","api_key":"TAKEN","roles":[]}`
		a := e.createUser(t, id, body)
		b := e.createUser(t, id, body)
		users := e.getTenant(t, id).Users
		if a == "mine" || a == b || len(users) != 2 {
			t.Fatalf("ids %q %q, users %+v", a, b, users)
		}
		for _, u := range users {
			if u.APIKey == "TAKEN" || !hexKeyRE.MatchString(u.APIKey) || u.Roles != nil {
				t.Errorf("user %+v: want a generated key and no roles", u)
			}
		}
		if e.getTenant(t, other).Users[0].APIKey != "TAKEN" {
			t.Error("the other tenant's user changed")
		}
	})
}

func TestArgoUserRoutesCheckTenantThenBodyThenUser(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"u","api_key":"K1"}]}`)
		other := e.createTenant(t, `{"info":{"name":"o"},"users":[{"name":"v","api_key":"K2"}]}`)
		uid := e.getTenant(t, id).Users[0].ID
		otherUID := e.getTenant(t, other).Users[0].ID
		cases := []struct {
			name   string
			req    request
			status int
			golden string
		}{
			{"create: unknown tenant before bad body", request{method: "POST", path: "/tenants/nope/users", body: `{`}, 404, "404-tenant"},
			{"create: bad body", request{method: "POST", path: "/tenants/" + id + "/users", body: `{`}, 400, "400"},
			{"update: unknown tenant before bad body", request{method: "PUT", path: "/tenants/nope/users/" + uid, body: `{`}, 404, "404-tenant"},
			{"update: bad body before unknown user", request{method: "PUT", path: "/tenants/" + id + "/users/nope", body: `{`}, 400, "400"},
			{"update: unknown user", request{method: "PUT", path: "/tenants/" + id + "/users/nope", body: `{}`}, 404, "404-user"},
			{"update: user of another tenant", request{method: "PUT", path: "/tenants/" + id + "/users/" + otherUID, body: `{"name":"x"}`}, 404, "404-user"},
			{"get: unknown tenant", request{path: "/tenants/nope/users/" + uid}, 404, "404-tenant"},
			{"get: unknown user", request{path: "/tenants/" + id + "/users/nope"}, 404, "404-user"},
			{"get: user of another tenant", request{path: "/tenants/" + id + "/users/" + otherUID}, 404, "404-user"},
			{"delete: unknown tenant", request{method: "DELETE", path: "/tenants/nope/users/" + uid}, 404, "404-tenant"},
			{"delete: user of another tenant", request{method: "DELETE", path: "/tenants/" + id + "/users/" + otherUID}, 404, "404-user"},
			{"renew: unknown tenant", request{method: "POST", path: "/tenants/nope/users/" + uid + "/renew_api_key"}, 404, "404-tenant"},
			{"renew: unknown user", request{method: "POST", path: "/tenants/" + id + "/users/nope/renew_api_key", body: "not json"}, 404, "404-user"},
			{"list: unknown tenant", request{path: "/tenants/nope/users"}, 404, "404-tenant"},
		}
		before := e.snapshot(t, id, other)
		for _, c := range cases {
			for _, form := range []string{"json", "xml"} {
				req, ctype := c.req, jsonType
				req.key = adminKey
				if form == "xml" {
					req.accept, ctype = "application/xml", xmlType
				}
				r := e.do(t, req)
				r.want(t, c.status, ctype)
				diffText(t, c.name, readTestdata(t, "golden/"+c.golden+"."+form), r.body)
			}
		}
		diffText(t, "store after failures", before, e.snapshot(t, id, other))
	})
}

func TestArgoUpdateUserPatchesNonEmptyFields(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		e.createTenant(t, `{"info":{"name":"o"},"users":[{"api_key":"OTHER"}]}`)
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[
			{"name":"cap","email":"cap@x","api_key":"CAP","roles":["admin","viewer"]},
			{"name":"thor","api_key":"THOR"}]}`)
		uid := e.getTenant(t, id).Users[0].ID
		steps := []struct {
			name, body string
			status     int
			want       wireUser
		}{
			{"doc example", "doc", 200, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"empty values change nothing", `{"id":"x","name":"","email":"","api_key":"","roles":[]}`, 200, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"null roles change nothing", `{"roles":null}`, 200, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"own key again", `{"api_key":"CAP"}`, 200, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"new key and roles", `{"api_key":"CAP2","roles":["viewer","admin_ui"]}`, 200, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP2", Roles: []string{"viewer", "admin_ui"}}},
			{"key of a user of the same tenant", `{"name":"lost","api_key":"THOR"}`, 409, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP2", Roles: []string{"viewer", "admin_ui"}}},
			{"key of another tenant's user", `{"api_key":"OTHER"}`, 409, wireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP2", Roles: []string{"viewer", "admin_ui"}}},
		}
		for _, s := range steps {
			body := s.body
			if body == "doc" {
				body = readTestdata(t, "doc/update_user_request.json")
			}
			r := e.do(t, request{method: "PUT", path: "/tenants/" + id + "/users/" + uid, key: adminKey, body: body})
			r.want(t, s.status, jsonType)
			switch s.status {
			case 200:
				diffText(t, s.name, serverForm(t, readTestdata(t, "doc/update_user_response.json")), r.body)
			case 409:
				var key struct {
					APIKey string `json:"api_key"`
				}
				_ = json.Unmarshal([]byte(body), &key)
				diffText(t, s.name, strings.Replace(readTestdata(t, "golden/409-key.json"), "C4PK3Y", key.APIKey, 1), r.body)
			}
			got := e.getTenant(t, id).Users[0]
			s.want.ID = uid
			if diff := testkit.Diff(s.want, got); diff != "" {
				t.Errorf("%s: user (-want +got):\n%s", s.name, diff)
			}
		}
		// The freed key is free; the new one is taken.
		e.createTenant(t, `{"info":{"name":"n1"},"users":[{"api_key":"CAP"}]}`)
		e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: `{"info":{"name":"n2"},"users":[{"api_key":"CAP2"}]}`}).
			want(t, http.StatusConflict, jsonType)
	})
}

func TestArgoDeleteUser(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"a","api_key":"A"},{"name":"b","api_key":"B"},{"name":"c","api_key":"C"}]}`)
		users := e.getTenant(t, id).Users
		r := e.do(t, request{method: "DELETE", path: "/tenants/" + id + "/users/" + users[1].ID, key: adminKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "200 body", serverForm(t, readTestdata(t, "doc/delete_user_response.json")), r.body)
		if diff := testkit.Diff([]wireUser{users[0], users[2]}, e.getTenant(t, id).Users); diff != "" {
			t.Errorf("users after delete (-want +got):\n%s", diff)
		}
		r = e.do(t, request{method: "DELETE", path: "/tenants/" + id + "/users/" + users[1].ID, key: adminKey})
		r.want(t, http.StatusNotFound, jsonType)
		diffText(t, "second delete", readTestdata(t, "golden/404-user.json"), r.body)
		e.do(t, request{path: "/users:byID/" + users[1].ID, key: adminKey}).want(t, http.StatusNotFound, jsonType)
		e.createTenant(t, `{"info":{"name":"reuse"},"users":[{"api_key":"B"}]}`) // its key is free
	})
}

func TestArgoRenewAPIKey(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"a","api_key":"OLD","roles":["admin"]}]}`)
		before := e.getTenant(t, id).Users[0]
		r := e.do(t, request{method: "POST", path: "/tenants/" + id + "/users/" + before.ID + "/renew_api_key", key: adminKey, body: "ignored {"})
		r.want(t, http.StatusOK, jsonType)
		var got struct {
			Data struct {
				APIKey string `json:"api_key"`
			} `json:"data"`
		}
		_ = json.Unmarshal([]byte(r.body), &got)
		if !hexKeyRE.MatchString(got.Data.APIKey) {
			t.Fatalf("renewed key %q is not 64 hex characters", got.Data.APIKey)
		}
		want := strings.Replace(readTestdata(t, "doc/renew_api_key_response.doc.json"), "s3cr3tT0k3n", got.Data.APIKey, 1)
		diffText(t, "200 body", serverForm(t, want), r.body)
		after := e.getTenant(t, id).Users[0]
		before.APIKey = got.Data.APIKey
		if diff := testkit.Diff(before, after); diff != "" {
			t.Errorf("user after renewal (-want +got):\n%s", diff)
		}
		e.createTenant(t, `{"info":{"name":"n"},"users":[{"api_key":"OLD"}]}`) // the old key is free
	})
}

func TestArgoUsersByIDAcrossTenants(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		seed(t, e.srv, dataOf(t, readTestdata(t, "doc/list_tenants_super_admin.json")))
		const capID = "acb74194-553a-11e9-8647-d663bd873d93"
		envelope := serverForm(t, readTestdata(t, "doc/user_by_id.json"))
		flat := serverForm(t, readTestdata(t, "doc/user_by_id_flat.json"))
		cases := []struct {
			name, key, query, want string
		}{
			{"envelope", adminKey, "", envelope},
			{"flat", adminKey, "?export=flat", flat},
			{"flat among other parameters", adminKey, "?page=2&export=flat", flat},
			{"first export value counts", adminKey, "?export=flat&export=csv", flat},
			{"export is exact", adminKey, "?export=FLAT", envelope},
			{"other export values", adminKey, "?export=", envelope},
			{"restricted admin sees the key", restrictedKey, "", envelope},
			{"UI admin sees the key", uiKey, "?export=flat", flat},
		}
		for _, c := range cases {
			r := e.do(t, request{path: "/users:byID/" + capID + c.query, key: c.key})
			r.want(t, http.StatusOK, jsonType)
			diffText(t, c.name, c.want, r.body)
		}
		// A user of the second tenant is found the same way.
		r := e.do(t, request{path: "/users:byID/acb74194-553a-11e9-8647-d663bd873d97?export=flat", key: adminKey})
		if !strings.Contains(r.body, `"api_key": "ST4RL0RDK3Y"`) {
			t.Errorf("second tenant's user:\n%s", r.body)
		}
		for _, q := range []string{"", "?export=flat"} {
			r := e.do(t, request{path: "/users:byID/nope" + q, key: adminKey, accept: "application/xml"})
			r.want(t, http.StatusNotFound, xmlType)
			diffText(t, "unknown user"+q, readTestdata(t, "golden/404-tenant.xml"), r.body)
		}
	})
}
