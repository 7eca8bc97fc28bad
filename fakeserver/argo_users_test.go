package fakeserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// argoSeedUsersTenant seeds one tenant holding the document's users list.
func argoSeedUsersTenant(t *testing.T, e argoEnv) string {
	t.Helper()
	users := argoData(t, argoTestdata(t, "doc/list_users_response.json"))
	return argoSeed(t, e.srv, `[{"id":"6ac7d684-1f8e-4a02-a502-720e8f11e50b","info":{"name":"tenant1"},"users":`+users+`}]`)[0]
}

func TestArgoListAndGetUsersMatchDoc(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		id := argoSeedUsersTenant(t, e)
		r := e.do(t, argoReq{path: "/tenants/" + id + "/users", key: argoAdmin})
		r.want(t, http.StatusOK, argoJSONType)
		argoDiff(t, "list", argoServerForm(t, argoTestdata(t, "doc/list_users_response.json")), r.body)
		// The document's single-user example shows user_a with user_b's ID;
		// the corrected copy is user_a as listed.
		r = e.do(t, argoReq{path: "/tenants/" + id + "/users/acb74194-553a-11e9-8647-d663bd873d93", key: argoAdmin})
		r.want(t, http.StatusOK, argoJSONType)
		argoDiff(t, "get", argoServerForm(t, argoTestdata(t, "doc/get_user_response.json")), r.body)
	})
}

func TestArgoListUsersDataIsNullOnlyWhenUsersWereNeverSet(t *testing.T) {
	t.Parallel()
	nullBody := "{\n \"status\": {\n  \"message\": \"Success\",\n  \"code\": \"200\"\n },\n \"data\": null\n}"
	emptyBody := strings.Replace(nullBody, "null", "[]", 1)
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		never := e.createTenant(t, `{"info":{"name":"never"}}`)
		nulled := e.createTenant(t, `{"info":{"name":"nulled"},"users":null}`)
		empty := e.createTenant(t, `{"info":{"name":"empty"},"users":[]}`)
		emptied := e.createTenant(t, `{"info":{"name":"emptied"},"users":[{"name":"only"}]}`)
		uid := e.getTenant(t, emptied).Users[0].ID
		e.do(t, argoReq{method: "DELETE", path: "/tenants/" + emptied + "/users/" + uid, key: argoAdmin}).want(t, http.StatusOK, argoJSONType)
		replaced := e.createTenant(t, `{"info":{"name":"replaced"},"users":[{"name":"x"}]}`)
		e.do(t, argoReq{method: "PUT", path: "/tenants/" + replaced, key: argoAdmin, body: `{"info":{"name":"replaced"}}`}).want(t, http.StatusOK, argoJSONType)
		for _, c := range []struct{ name, id, want string }{
			{"never set", never, nullBody},
			{"set to null", nulled, nullBody},
			{"replaced without users", replaced, nullBody},
			{"set to []", empty, emptyBody},
			{"last user deleted", emptied, emptyBody},
		} {
			r := e.do(t, argoReq{path: "/tenants/" + c.id + "/users", key: argoAdmin})
			r.want(t, http.StatusOK, argoJSONType)
			argoDiff(t, c.name, c.want, r.body)
			if tn := e.do(t, argoReq{path: "/tenants/" + c.id, key: argoAdmin}).body; strings.Contains(tn, `"users"`) {
				t.Errorf("%s: a tenant without users shows a users member:\n%s", c.name, tn)
			}
		}
	})
}

func TestArgoCreateUserFromDocExample(t *testing.T) {
	t.Parallel()
	if json.Valid([]byte(argoTestdata(t, "doc/create_user_request.doc.txt"))) {
		t.Fatal("the document's user example was expected to end in a stray backtick")
	}
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		id := e.createTenant(t, `{"info":{"name":"t"}}`)
		// Verbatim, the document's body (with its backtick) is a 400.
		e.do(t, argoReq{method: "POST", path: "/tenants/" + id + "/users", key: argoAdmin, body: argoTestdata(t, "doc/create_user_request.doc.txt")}).
			want(t, http.StatusBadRequest, argoJSONType)
		e.clock.advance(time.Hour)
		r := e.do(t, argoReq{method: "POST", path: "/tenants/" + id + "/users", key: argoAdmin, body: argoTestdata(t, "doc/create_user_request.json")})
		r.want(t, http.StatusCreated, argoJSONType)
		var c argoCreated
		_ = json.Unmarshal([]byte(r.body), &c)
		want := strings.NewReplacer(
			"1cb883eb-8b40-428d-bce6-8ec23a9f3ca8", c.Data.ID,
			"6ac7d684-1f8e-4a02-a502-720e8f11e50b", id,
			"https:///", "https://"+e.host+"/",
		).Replace(argoTestdata(t, "doc/create_user_response.json"))
		argoDiff(t, "201 body", argoServerForm(t, want), r.body)
		got := e.getTenant(t, id)
		if len(got.Users) != 1 || got.Users[0].ID != c.Data.ID || !argoUUID.MatchString(c.Data.ID) {
			t.Fatalf("users = %+v", got.Users)
		}
		u := got.Users[0]
		if !argoHexKey.MatchString(u.APIKey) || u.Name != "new_user" || u.Email != "new_user@email.com" || !cmp.Equal(u.Roles, []string{"admin"}) {
			t.Errorf("user = %+v", u)
		}
		if got.Info.Updated != e.clock.stamp() || got.Info.Created == got.Info.Updated {
			t.Errorf("info = %+v; want updated moved to %q", got.Info, e.clock.stamp())
		}
	})
}

func TestArgoCreateUserIgnoresClientIDAndKeyAndAllowsRepeats(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
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
			if u.APIKey == "TAKEN" || !argoHexKey.MatchString(u.APIKey) || u.Roles != nil {
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
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"u","api_key":"K1"}]}`)
		other := e.createTenant(t, `{"info":{"name":"o"},"users":[{"name":"v","api_key":"K2"}]}`)
		uid := e.getTenant(t, id).Users[0].ID
		otherUID := e.getTenant(t, other).Users[0].ID
		cases := []struct {
			name   string
			req    argoReq
			status int
			golden string
		}{
			{"create: unknown tenant before bad body", argoReq{method: "POST", path: "/tenants/nope/users", body: `{`}, 404, "404-tenant"},
			{"create: bad body", argoReq{method: "POST", path: "/tenants/" + id + "/users", body: `{`}, 400, "400"},
			{"update: unknown tenant before bad body", argoReq{method: "PUT", path: "/tenants/nope/users/" + uid, body: `{`}, 404, "404-tenant"},
			{"update: bad body before unknown user", argoReq{method: "PUT", path: "/tenants/" + id + "/users/nope", body: `{`}, 400, "400"},
			{"update: unknown user", argoReq{method: "PUT", path: "/tenants/" + id + "/users/nope", body: `{}`}, 404, "404-user"},
			{"update: user of another tenant", argoReq{method: "PUT", path: "/tenants/" + id + "/users/" + otherUID, body: `{"name":"x"}`}, 404, "404-user"},
			{"get: unknown tenant", argoReq{path: "/tenants/nope/users/" + uid}, 404, "404-tenant"},
			{"get: unknown user", argoReq{path: "/tenants/" + id + "/users/nope"}, 404, "404-user"},
			{"get: user of another tenant", argoReq{path: "/tenants/" + id + "/users/" + otherUID}, 404, "404-user"},
			{"delete: unknown tenant", argoReq{method: "DELETE", path: "/tenants/nope/users/" + uid}, 404, "404-tenant"},
			{"delete: user of another tenant", argoReq{method: "DELETE", path: "/tenants/" + id + "/users/" + otherUID}, 404, "404-user"},
			{"renew: unknown tenant", argoReq{method: "POST", path: "/tenants/nope/users/" + uid + "/renew_api_key"}, 404, "404-tenant"},
			{"renew: unknown user", argoReq{method: "POST", path: "/tenants/" + id + "/users/nope/renew_api_key", body: "not json"}, 404, "404-user"},
			{"list: unknown tenant", argoReq{path: "/tenants/nope/users"}, 404, "404-tenant"},
		}
		before := e.snapshot(t, id, other)
		for _, c := range cases {
			for _, form := range []string{"json", "xml"} {
				req, ctype := c.req, argoJSONType
				req.key = argoAdmin
				if form == "xml" {
					req.accept, ctype = "application/xml", argoXMLType
				}
				r := e.do(t, req)
				r.want(t, c.status, ctype)
				argoDiff(t, c.name, argoTestdata(t, "golden/"+c.golden+"."+form), r.body)
			}
		}
		argoDiff(t, "store after failures", before, e.snapshot(t, id, other))
	})
}

func TestArgoUpdateUserPatchesNonEmptyFields(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		e.createTenant(t, `{"info":{"name":"o"},"users":[{"api_key":"OTHER"}]}`)
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[
			{"name":"cap","email":"cap@x","api_key":"CAP","roles":["admin","viewer"]},
			{"name":"thor","api_key":"THOR"}]}`)
		uid := e.getTenant(t, id).Users[0].ID
		steps := []struct {
			name, body string
			status     int
			want       argoWireUser
		}{
			{"doc example", "doc", 200, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"empty values change nothing", `{"id":"x","name":"","email":"","api_key":"","roles":[]}`, 200, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"null roles change nothing", `{"roles":null}`, 200, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"own key again", `{"api_key":"CAP"}`, 200, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP", Roles: []string{"admin"}}},
			{"new key and roles", `{"api_key":"CAP2","roles":["viewer","admin_ui"]}`, 200, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP2", Roles: []string{"viewer", "admin_ui"}}},
			{"key of a user of the same tenant", `{"name":"lost","api_key":"THOR"}`, 409, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP2", Roles: []string{"viewer", "admin_ui"}}},
			{"key of another tenant's user", `{"api_key":"OTHER"}`, 409, argoWireUser{Name: "new_user", Email: "new_user@email.com", APIKey: "CAP2", Roles: []string{"viewer", "admin_ui"}}},
		}
		for _, s := range steps {
			body := s.body
			if body == "doc" {
				body = argoTestdata(t, "doc/update_user_request.json")
			}
			r := e.do(t, argoReq{method: "PUT", path: "/tenants/" + id + "/users/" + uid, key: argoAdmin, body: body})
			r.want(t, s.status, argoJSONType)
			switch s.status {
			case 200:
				argoDiff(t, s.name, argoServerForm(t, argoTestdata(t, "doc/update_user_response.json")), r.body)
			case 409:
				var key struct {
					APIKey string `json:"api_key"`
				}
				_ = json.Unmarshal([]byte(body), &key)
				argoDiff(t, s.name, strings.Replace(argoTestdata(t, "golden/409-key.json"), "C4PK3Y", key.APIKey, 1), r.body)
			}
			got := e.getTenant(t, id).Users[0]
			s.want.ID = uid
			if diff := cmp.Diff(s.want, got); diff != "" {
				t.Errorf("%s: user (-want +got):\n%s", s.name, diff)
			}
		}
		// The freed key is free; the new one is taken.
		e.createTenant(t, `{"info":{"name":"n1"},"users":[{"api_key":"CAP"}]}`)
		e.do(t, argoReq{method: "POST", path: "/tenants", key: argoAdmin, body: `{"info":{"name":"n2"},"users":[{"api_key":"CAP2"}]}`}).
			want(t, http.StatusConflict, argoJSONType)
	})
}

func TestArgoDeleteUser(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"a","api_key":"A"},{"name":"b","api_key":"B"},{"name":"c","api_key":"C"}]}`)
		users := e.getTenant(t, id).Users
		r := e.do(t, argoReq{method: "DELETE", path: "/tenants/" + id + "/users/" + users[1].ID, key: argoAdmin})
		r.want(t, http.StatusOK, argoJSONType)
		argoDiff(t, "200 body", argoServerForm(t, argoTestdata(t, "doc/delete_user_response.json")), r.body)
		if diff := cmp.Diff([]argoWireUser{users[0], users[2]}, e.getTenant(t, id).Users); diff != "" {
			t.Errorf("users after delete (-want +got):\n%s", diff)
		}
		r = e.do(t, argoReq{method: "DELETE", path: "/tenants/" + id + "/users/" + users[1].ID, key: argoAdmin})
		r.want(t, http.StatusNotFound, argoJSONType)
		argoDiff(t, "second delete", argoTestdata(t, "golden/404-user.json"), r.body)
		e.do(t, argoReq{path: "/users:byID/" + users[1].ID, key: argoAdmin}).want(t, http.StatusNotFound, argoJSONType)
		e.createTenant(t, `{"info":{"name":"reuse"},"users":[{"api_key":"B"}]}`) // its key is free
	})
}

func TestArgoRenewAPIKey(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		id := e.createTenant(t, `{"info":{"name":"t"},"users":[{"name":"a","api_key":"OLD","roles":["admin"]}]}`)
		before := e.getTenant(t, id).Users[0]
		r := e.do(t, argoReq{method: "POST", path: "/tenants/" + id + "/users/" + before.ID + "/renew_api_key", key: argoAdmin, body: "ignored {"})
		r.want(t, http.StatusOK, argoJSONType)
		var got struct {
			Data struct {
				APIKey string `json:"api_key"`
			} `json:"data"`
		}
		_ = json.Unmarshal([]byte(r.body), &got)
		if !argoHexKey.MatchString(got.Data.APIKey) {
			t.Fatalf("renewed key %q is not 64 hex characters", got.Data.APIKey)
		}
		want := strings.Replace(argoTestdata(t, "doc/renew_api_key_response.doc.json"), "s3cr3tT0k3n", got.Data.APIKey, 1)
		argoDiff(t, "200 body", argoServerForm(t, want), r.body)
		after := e.getTenant(t, id).Users[0]
		before.APIKey = got.Data.APIKey
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("user after renewal (-want +got):\n%s", diff)
		}
		e.createTenant(t, `{"info":{"name":"n"},"users":[{"api_key":"OLD"}]}`) // the old key is free
	})
}

func TestArgoUsersByIDAcrossTenants(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		argoSeed(t, e.srv, argoData(t, argoTestdata(t, "doc/list_tenants_super_admin.json")))
		const capID = "acb74194-553a-11e9-8647-d663bd873d93"
		envelope := argoServerForm(t, argoTestdata(t, "doc/user_by_id.json"))
		flat := argoServerForm(t, argoTestdata(t, "doc/user_by_id_flat.json"))
		cases := []struct {
			name, key, query, want string
		}{
			{"envelope", argoAdmin, "", envelope},
			{"flat", argoAdmin, "?export=flat", flat},
			{"flat among other parameters", argoAdmin, "?page=2&export=flat", flat},
			{"first export value counts", argoAdmin, "?export=flat&export=csv", flat},
			{"export is exact", argoAdmin, "?export=FLAT", envelope},
			{"other export values", argoAdmin, "?export=", envelope},
			{"restricted admin sees the key", argoRestricted, "", envelope},
			{"UI admin sees the key", argoUI, "?export=flat", flat},
		}
		for _, c := range cases {
			r := e.do(t, argoReq{path: "/users:byID/" + capID + c.query, key: c.key})
			r.want(t, http.StatusOK, argoJSONType)
			argoDiff(t, c.name, c.want, r.body)
		}
		// A user of the second tenant is found the same way.
		r := e.do(t, argoReq{path: "/users:byID/acb74194-553a-11e9-8647-d663bd873d97?export=flat", key: argoAdmin})
		if !strings.Contains(r.body, `"api_key": "ST4RL0RDK3Y"`) {
			t.Errorf("second tenant's user:\n%s", r.body)
		}
		for _, q := range []string{"", "?export=flat"} {
			r := e.do(t, argoReq{path: "/users:byID/nope" + q, key: argoAdmin, accept: "application/xml"})
			r.want(t, http.StatusNotFound, argoXMLType)
			argoDiff(t, "unknown user"+q, argoTestdata(t, "golden/404-tenant.xml"), r.body)
		}
	})
}
