package argo_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestArgoCreateTenantFromDocExample(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		r := e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: readTestdata(t, "doc/create_tenant_request.json")})
		r.want(t, http.StatusCreated, jsonType)
		var c createdBody
		if err := json.Unmarshal([]byte(r.body), &c); err != nil {
			t.Fatal(err)
		}
		if !uuidRE.MatchString(c.Data.ID) {
			t.Fatalf("id %q is not a v4 UUID", c.Data.ID)
		}
		// The documented response, with the server's spelling of the message
		// ("successfully"; the document says "succesfully"), the new ID and
		// the request's Host in the link.
		want := strings.NewReplacer(
			"succesfully", "successfully",
			"{{ID}}", c.Data.ID,
			"https:///", "https://"+e.Host+"/",
		).Replace(readTestdata(t, "doc/create_tenant_response.doc.json"))
		diffText(t, "201 body", serverForm(t, want), r.body)

		got := e.getTenant(t, c.Data.ID)
		if got.Info.Created != stamp(e.clock) || got.Info.Updated != stamp(e.clock) {
			t.Errorf("created, updated = %q, %q; want the clock's %q (the body's are ignored)", got.Info.Created, got.Info.Updated, stamp(e.clock))
		}
		var keys []string
		for _, u := range got.Users {
			if !uuidRE.MatchString(u.ID) {
				t.Errorf("user id %q is not a generated UUID", u.ID)
			}
			keys = append(keys, u.APIKey)
		}
		if diff := testkit.Diff([]string{"C4PK3Y", "TH0RK3Y"}, keys); diff != "" {
			t.Errorf("given api keys are kept (-want +got):\n%s", diff)
		}
	})
}

func TestArgoCreateTenantIgnoresClientIDsAndGeneratesMissingKeys(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"id":"mine","info":{"name":"n","created":"1999-01-01 00:00:00","updated":"x"},
			"users":[{"id":"u-mine","name":"a"},{"id":"u-mine","name":"b","api_key":""}]}`)
		if id == "mine" {
			t.Fatal("the client's tenant id was used")
		}
		got := e.getTenant(t, id)
		if len(got.Users) != 2 {
			t.Fatalf("users = %+v", got.Users)
		}
		for _, u := range got.Users {
			if u.ID == "u-mine" || !uuidRE.MatchString(u.ID) {
				t.Errorf("user id %q, want a generated UUID", u.ID)
			}
			if !hexKeyRE.MatchString(u.APIKey) {
				t.Errorf("api_key %q, want 64 generated hex characters", u.APIKey)
			}
		}
		if got.Users[0].APIKey == got.Users[1].APIKey || got.Users[0].ID == got.Users[1].ID {
			t.Error("generated keys or IDs repeat")
		}
		if got.Info.Created != stamp(e.clock) {
			t.Errorf("created = %q, want %q", got.Info.Created, stamp(e.clock))
		}
	})
}

func TestArgoCreateTenantAcceptsWhatTheRealServerAccepts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body, wantName string
		header               map[string]string
	}{
		{"null is an empty tenant", `null`, "", nil},
		{"unknown members are ignored", `{"info":{"name":"u","extra":1},"status":{"engine_config":true},"x":[1]}`, "u", nil},
		{"member names match case-insensitively", `{"INFO":{"Name":"ci"}}`, "ci", nil},
		{"Content-Type is not checked", `{"info":{"name":"plain"}}`, "plain", map[string]string{"Content-Type": "text/plain"}},
		{"leading and trailing white space", " \n{\"info\":{\"name\":\"ws\"}}\n\t ", "ws", nil},
	}
	eachTarget(t, func(t *testing.T, e env) {
		for _, c := range cases {
			r := e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: c.body, header: c.header})
			r.want(t, http.StatusCreated, jsonType)
			var cr createdBody
			_ = json.Unmarshal([]byte(r.body), &cr)
			if got := e.getTenant(t, cr.Data.ID); got.Info.Name != c.wantName {
				t.Errorf("%s: name = %q, want %q", c.name, got.Info.Name, c.wantName)
			}
		}
		// {} is also a tenant named "": now taken.
		e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: `{}`}).want(t, http.StatusConflict, jsonType)
	})
}

func TestArgoTenantNamesAreUniqueAndCaseSensitive(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		e.createTenant(t, `{"info":{"name":"avengers"}}`)
		e.createTenant(t, `{"info":{"name":"AVENGERS"}}`)
		e.createTenant(t, `{"info":{"name":"avengers "}}`)
		r := e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: `{"info":{"name":"avengers"}}`})
		r.want(t, http.StatusConflict, jsonType)
		diffText(t, "409", readTestdata(t, "golden/409-name.json"), r.body)
	})
}

func TestArgoCreateTenantChecksNameBeforeKeysAndFirstKeyFailureWins(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		e.createTenant(t, `{"info":{"name":"first"},"users":[{"api_key":"A"},{"api_key":""}]}`)
		cases := []struct {
			name, body, wantKey string // wantKey "-": the name conflict
		}{
			{"name before key", `{"info":{"name":"first"},"users":[{"api_key":"A"}]}`, "-"},
			{"key of another tenant", `{"info":{"name":"n"},"users":[{"api_key":"A"}]}`, "A"},
			{"key repeated in the body", `{"info":{"name":"n"},"users":[{"api_key":"B"},{"api_key":"B"}]}`, "B"},
			{"repeat before another tenant's key", `{"info":{"name":"n"},"users":[{"api_key":"B"},{"api_key":"B"},{"api_key":"A"}]}`, "B"},
			{"another tenant's key before a repeat", `{"info":{"name":"n"},"users":[{"api_key":"A"},{"api_key":"B"},{"api_key":"B"}]}`, "A"},
			{"key with markup", `{"info":{"name":"n"},"users":[{"api_key":"<k>"},{"api_key":"<k>"}]}`, "<k>"},
		}
		before := e.snapshot(t)
		for _, c := range cases {
			r := e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: c.body})
			r.want(t, http.StatusConflict, jsonType)
			want := readTestdata(t, "golden/409-name.json")
			if c.wantKey != "-" {
				want = strings.Replace(readTestdata(t, "golden/409-key.json"), "C4PK3Y", strings.NewReplacer("<", `\u003c`, ">", `\u003e`).Replace(c.wantKey), 1)
			}
			diffText(t, c.name, want, r.body)
		}
		diffText(t, "store after conflicts", before, e.snapshot(t))
		// Generated keys never clash: users without keys are fine anywhere.
		e.createTenant(t, `{"info":{"name":"n"},"users":[{},{}]}`)
	})
}

func TestArgoListTenantsIsInStorageOrder(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		var ids []string
		for _, n := range []string{"c", "a", "b", "d"} {
			ids = append(ids, e.createTenant(t, `{"info":{"name":"`+n+`"}}`))
		}
		// A replace keeps the position; a delete closes the gap.
		e.do(t, request{method: "PUT", path: "/tenants/" + ids[0], key: adminKey, body: `{"info":{"name":"z"}}`}).want(t, 200, jsonType)
		e.do(t, request{method: "DELETE", path: "/tenants/" + ids[2], key: adminKey}).want(t, 200, jsonType)
		ids = append(ids[:2], ids[3])
		ids = append(ids, e.createTenant(t, `{"info":{"name":"e"}}`))
		r := e.do(t, request{path: "/tenants", key: adminKey})
		var got struct{ Data []wireTenant }
		if err := json.Unmarshal([]byte(r.body), &got); err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, tn := range got.Data {
			order = append(order, tn.ID)
		}
		if diff := testkit.Diff(ids, order); diff != "" {
			t.Errorf("order (-want +got):\n%s", diff)
		}
	})
}

// The document's list example, seeded, reads back byte for byte for each
// admin flavour (the super admin example corrected: the document puts the
// second tenant's topology inside db_conf, which is not valid JSON).
func TestArgoListTenantsMatchesDocForEachFlavour(t *testing.T) {
	t.Parallel()
	if json.Valid([]byte(readTestdata(t, "doc/list_tenants_super_admin.doc.json"))) {
		t.Fatal("the document's list example was expected to be malformed")
	}
	eachTarget(t, func(t *testing.T, e env) {
		seed(t, e.srv, dataOf(t, readTestdata(t, "doc/list_tenants_super_admin.json")))
		for _, c := range []struct{ key, doc string }{
			{adminKey, "doc/list_tenants_super_admin.json"},
			{restrictedKey, "doc/list_tenants_restricted.json"},
			{uiKey, "doc/list_tenants_ui.json"},
		} {
			r := e.do(t, request{path: "/tenants", key: c.key})
			r.want(t, http.StatusOK, jsonType)
			diffText(t, c.doc, serverForm(t, readTestdata(t, c.doc)), r.body)
		}
	})
}

func TestArgoUIAdminSeesOnlyAdminUIUsers(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		seed(t, e.srv, `[
			{"id":"t1","info":{"name":"none"},"db_conf":[{"store":"ar"}],"users":[{"id":"u1","api_key":"k1","roles":["admin"]}]},
			{"id":"t2","info":{"name":"twice"},"users":[
				{"id":"u2","api_key":"k2","roles":["admin_ui","viewer","admin_ui"]},
				{"id":"u3","api_key":"k3"},
				{"id":"u4","api_key":"k4","roles":["ADMIN_UI"]}]},
			{"id":"t3","info":{"name":"empty"}}]`)
		r := e.do(t, request{path: "/tenants", key: uiKey})
		var got struct{ Data []wireTenant }
		if err := json.Unmarshal([]byte(r.body), &got); err != nil {
			t.Fatal(err)
		}
		// Only t2, and its admin_ui user once per admin_ui role it holds, as
		// the real server's removeNonUIUsers appends it.
		var ids []string
		for _, u := range got.Data[0].Users {
			ids = append(ids, u.ID)
		}
		if len(got.Data) != 1 || got.Data[0].ID != "t2" || got.Data[0].DBConf != nil || !testkit.Equal(ids, []string{"u2", "u2"}) {
			t.Errorf("UI list = %+v", got.Data)
		}
	})
}

func TestArgoGetTenantMatchesDoc(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		ids := seed(t, e.srv, dataOf(t, readTestdata(t, "doc/list_tenants_super_admin.json")))
		// The document's example shows tenant2 with tenant1's feed; the
		// corrected copy says gocdb2, as the list example does.
		r := e.do(t, request{path: "/tenants/" + ids[1], key: adminKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "super admin", serverForm(t, readTestdata(t, "doc/get_tenant.json")), r.body)
		// UI admins are refused by the default table...
		e.do(t, request{path: "/tenants/" + ids[1], key: uiKey}).want(t, http.StatusForbidden, jsonType)
	})
	eachTarget(t, func(t *testing.T, e env) {
		ids := seed(t, e.srv, dataOf(t, readTestdata(t, "doc/list_tenants_super_admin.json")))
		// ...but where the table lets them in, they see the reduced tenant,
		// and a tenant without admin_ui users does not exist for them.
		r := e.do(t, request{path: "/tenants/" + ids[1], key: uiKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "UI admin", serverForm(t, readTestdata(t, "doc/get_tenant_ui.json")), r.body)
		r = e.do(t, request{path: "/tenants/" + ids[0], key: uiKey})
		r.want(t, http.StatusNotFound, jsonType)
		diffText(t, "UI admin, no admin_ui user", readTestdata(t, "golden/404-tenant.json"), r.body)
	}, fakeserver.WithArgoRouteRoles(fakeserver.ArgoUnitTestRouteRoles()))
}

func TestArgoRestrictedAdminGetsTheWholeTenantWhereAllowed(t *testing.T) {
	t.Parallel()
	table := fakeserver.ArgoDefaultRouteRoles()
	table["tenants.get"] = append(table["tenants.get"], "super_admin_restricted")
	eachTarget(t, func(t *testing.T, e env) {
		ids := seed(t, e.srv, dataOf(t, readTestdata(t, "doc/list_tenants_super_admin.json")))
		r := e.do(t, request{path: "/tenants/" + ids[1], key: restrictedKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "restricted admin", serverForm(t, readTestdata(t, "doc/get_tenant.json")), r.body)
	}, fakeserver.WithArgoRouteRoles(table))
}

func TestArgoUpdateTenantFromDocExampleKeepsUserIDsByKey(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, readTestdata(t, "doc/create_tenant_request.json"))
		before := e.getTenant(t, id)
		e.clock.Advance(90 * time.Minute)
		r := e.do(t, request{method: "PUT", path: "/tenants/" + id, key: adminKey, body: readTestdata(t, "doc/update_tenant_request.json")})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "200 body", serverForm(t, readTestdata(t, "doc/update_tenant_response.json")), r.body)
		after := e.getTenant(t, id)
		if diff := testkit.Diff(before.Users, after.Users); diff != "" {
			t.Errorf("users (same keys) changed (-before +after):\n%s", diff)
		}
		if after.Info.Created != before.Info.Created || after.Info.Updated != stamp(e.clock) {
			t.Errorf("created, updated = %q, %q; want %q, %q", after.Info.Created, after.Info.Updated, before.Info.Created, stamp(e.clock))
		}
	})
}

func TestArgoUpdateTenantReplacesTheWholeRecord(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, readTestdata(t, "doc/create_tenant_request.json"))
		created := e.getTenant(t, id).Info.Created
		e.clock.Advance(time.Hour)
		body := `{"id":"other","info":{"name":"renamed","created":"2000-01-01 00:00:00"},
			"users":[{"id":"x","name":"cap","api_key":"C4PK3Y"},{"name":"new","api_key":"N3W"},{"name":"nokey"}]}`
		e.do(t, request{method: "PUT", path: "/tenants/" + id, key: adminKey, body: body}).want(t, http.StatusOK, jsonType)
		r := e.do(t, request{path: "/tenants/" + id, key: adminKey})
		got := uuidsRE.ReplaceAllString(r.body, "UUID")
		want := `{
 "status": {
  "message": "Success",
  "code": "200"
 },
 "data": [
  {
   "id": "UUID",
   "info": {
    "name": "renamed",
    "email": "",
    "description": "",
    "image": "",
    "website": "",
    "created": "` + created + `",
    "updated": "` + stamp(e.clock) + `"
   },
   "topology": {
    "type": "",
    "feed": ""
   },
   "users": [
    {
     "id": "UUID",
     "name": "cap",
     "email": "",
     "api_key": "C4PK3Y"
    },
    {
     "id": "UUID",
     "name": "new",
     "email": "",
     "api_key": "N3W"
    },
    {
     "id": "UUID",
     "name": "nokey",
     "email": "",
     "api_key": ""
    }
   ]
  }
 ]
}`
		diffText(t, "replaced tenant", want, got)
		// The tenant keeps its ID; {} renames it to "" and drops everything.
		e.do(t, request{method: "PUT", path: "/tenants/" + id, key: adminKey, body: `{}`}).want(t, http.StatusOK, jsonType)
		if got := e.getTenant(t, id); got.ID != id || got.Info.Name != "" || got.Users != nil || got.Info.Created != created {
			t.Errorf("after PUT {}: %+v", got)
		}
	})
}

func TestArgoUpdateTenantChecksInTheRealServersOrder(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		e.createTenant(t, `{"info":{"name":"other"},"users":[{"api_key":"OTHER"}]}`)
		id := e.createTenant(t, `{"info":{"name":"mine"},"users":[{"api_key":"MINE"}]}`)
		keyConflict := func(k string) string {
			return strings.Replace(readTestdata(t, "golden/409-key.json"), "C4PK3Y", k, 1)
		}
		cases := []struct {
			name, path, body string
			status           int
			want             string
		}{
			{"bad JSON on an unknown ID is 400", "/tenants/nope", `{`, 400, readTestdata(t, "golden/400.json")},
			{"unknown ID", "/tenants/nope", `{}`, 404, readTestdata(t, "golden/404-tenant.json")},
			{"key before name", "/tenants/" + id, `{"info":{"name":"other"},"users":[{"api_key":"OTHER"}]}`, 409, keyConflict("OTHER")},
			{"rename to a taken name", "/tenants/" + id, `{"info":{"name":"other"}}`, 409, readTestdata(t, "golden/409-name.json")},
			{"two users without keys", "/tenants/" + id, `{"info":{"name":"mine"},"users":[{"name":"a"},{"name":"b"}]}`, 409, keyConflict("")},
			{"repeated key", "/tenants/" + id, `{"info":{"name":"mine"},"users":[{"api_key":"MINE"},{"api_key":"MINE"}]}`, 409, keyConflict("MINE")},
		}
		before := e.snapshot(t, id)
		for _, c := range cases {
			r := e.do(t, request{method: "PUT", path: c.path, key: adminKey, body: c.body})
			r.want(t, c.status, jsonType)
			diffText(t, c.name, c.want, r.body)
		}
		diffText(t, "store after failed PUTs", before, e.snapshot(t, id))
		// Keeping its own name and keys is no conflict.
		e.do(t, request{method: "PUT", path: "/tenants/" + id, key: adminKey, body: `{"info":{"name":"mine"},"users":[{"api_key":"MINE"}]}`}).
			want(t, http.StatusOK, jsonType)
	})
}

func TestArgoDeleteTenantFreesNameKeysAndUserIDs(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"gone"},"users":[{"api_key":"K"}]}`)
		uid := e.getTenant(t, id).Users[0].ID
		r := e.do(t, request{method: "DELETE", path: "/tenants/" + id, key: adminKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "200 body", serverForm(t, readTestdata(t, "doc/delete_tenant_response.json")), r.body)
		for _, p := range []string{"/tenants/" + id, "/tenants/" + id + "/users", "/tenants/" + id + "/status", "/users:byID/" + uid} {
			r := e.do(t, request{path: p, key: adminKey})
			r.want(t, http.StatusNotFound, jsonType)
			diffText(t, p, readTestdata(t, "golden/404-tenant.json"), r.body)
		}
		e.do(t, request{method: "DELETE", path: "/tenants/" + id, key: adminKey}).want(t, http.StatusNotFound, jsonType)
		e.createTenant(t, `{"info":{"name":"gone"},"users":[{"api_key":"K"}]}`)
	})
}

// Bad bodies get the real server's 400 and change nothing.
func TestArgoBadBodiesAreRejectedAndChangeNothing(t *testing.T) {
	t.Parallel()
	tenantBodies := []string{
		``, `{`, `{"info":`, `{} x`, `{}{}`, `[]`, `"tenant"`, `5`, `{"id":5}`, `{"info":"x"}`,
		`{"info":{"name":7}}`, `{"db_conf":[{"port":"abc"}]}`, `{"db_conf":[{"port":1.5}]}`, `{"db_conf":{}}`,
		`{"users":{}}`, `{"users":[{"roles":"admin"}]}`, `{"users":[{"api_key":1}]}`, `{"topology":[]}`,
		`{"info":{"name":"x"}}` + "\x00", "{\"info\":{\"name\":\"\x01\"}}",
	}
	statusBodies := []string{
		``, `{`, `{"engine_config":"yes"}`, `{"total_status":"x"}`, `{"ams":{"metric_data":{"messages_arrived":1.5}}}`,
		`{"hdfs":{"sync_data":[]}}`, `{"hdfs":{"sync_data":{"r":{"weights":1}}}}`, `{"last_check":false}`, `{}]`,
	}
	userBodies := []string{``, `{`, `{"roles":"admin"}`, `{"name":1}`, `{"api_key":true}`, `[]`, `{} {}`}
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, readTestdata(t, "doc/create_tenant_request.json"))
		uid := e.getTenant(t, id).Users[0].ID
		e.do(t, request{method: "PUT", path: "/tenants/" + id + "/status", key: adminKey, body: readTestdata(t, "doc/update_status_request.json")}).
			want(t, http.StatusOK, jsonType)
		before := e.snapshot(t, id)
		e.clock.Advance(time.Hour) // a write would now show in info.updated
		try := func(method, path string, bodies []string) {
			for _, b := range bodies {
				for _, form := range []string{"json", "xml"} {
					accept, ctype := "", jsonType
					if form == "xml" {
						accept, ctype = "application/xml", xmlType
					}
					r := e.do(t, request{method: method, path: path, key: adminKey, body: b, accept: accept})
					r.want(t, http.StatusBadRequest, ctype)
					diffText(t, method+" "+path+" "+b, readTestdata(t, "golden/400."+form), r.body)
				}
			}
		}
		try("POST", "/tenants", tenantBodies)
		try("PUT", "/tenants/"+id, tenantBodies)
		try("PUT", "/tenants/"+id+"/status", statusBodies)
		try("POST", "/tenants/"+id+"/users", userBodies)
		try("PUT", "/tenants/"+id+"/users/"+uid, userBodies)
		diffText(t, "store after bad bodies", before, e.snapshot(t, id))
	})
}

func TestSeedArgoTenantsKeepsGivenValuesAndFillsTheRest(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		existing := e.createTenant(t, `{"info":{"name":"existing"}}`)
		ids := seed(t, e.srv, `[
			{"id":"fixed","info":{"name":"a","created":"2015-10-20 02:08:04","updated":"2016-01-01 00:00:00"},
			 "users":[{"id":"u-fixed","api_key":"K","roles":["admin"]},{"name":"generated"}],
			 "status":{"engine_config":true,"total_status":true}},
			{"info":{"name":"b","created":"2015-10-20 02:08:04"}},
			{"info":{"name":"c"}}]`)
		if ids[0] != "fixed" || !uuidRE.MatchString(ids[1]) || !uuidRE.MatchString(ids[2]) {
			t.Fatalf("ids = %q", ids)
		}
		a := e.getTenant(t, "fixed")
		if a.Info.Created != "2015-10-20 02:08:04" || a.Info.Updated != "2016-01-01 00:00:00" {
			t.Errorf("given timestamps changed: %+v", a.Info)
		}
		if a.Users[0].ID != "u-fixed" || a.Users[0].APIKey != "K" || !uuidRE.MatchString(a.Users[1].ID) || !hexKeyRE.MatchString(a.Users[1].APIKey) {
			t.Errorf("users = %+v", a.Users)
		}
		if b := e.getTenant(t, ids[1]); b.Info.Updated != "2015-10-20 02:08:04" {
			t.Errorf("missing updated = %q, want created", b.Info.Updated)
		}
		if c := e.getTenant(t, ids[2]); c.Info.Created != stamp(e.clock) || c.Info.Updated != stamp(e.clock) {
			t.Errorf("missing timestamps = %+v, want the clock's", c.Info)
		}
		r := e.do(t, request{path: "/tenants/fixed/status", key: adminKey})
		if !strings.Contains(r.body, `"total_status": false`) || !strings.Contains(r.body, `"engine_config": true`) {
			t.Errorf("seeded status:\n%s", r.body)
		}
		// Seeded tenants come after existing ones, and the API sees them.
		list := e.do(t, request{path: "/tenants", key: adminKey}).body
		if i, j := strings.Index(list, existing), strings.Index(list, `"fixed"`); i < 0 || j < i {
			t.Errorf("order: existing at %d, seeded at %d", i, j)
		}
		e.do(t, request{method: "POST", path: "/tenants", key: adminKey, body: `{"users":[{"api_key":"K"}]}`}).want(t, http.StatusConflict, jsonType)
	})
}

func TestSeedArgoTenantsRejectsConflictsAndStoresNothing(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, data, want string }{
		{"not JSON", `[`, "want a JSON array"},
		{"not an array", `{"info":{}}`, "want a JSON array"},
		{"null", `null`, "got null"},
		{"wrong type", `[{"info":{"name":1}}]`, "want a JSON array"},
		{"name of a stored tenant", `[{"info":{"name":"stored"}}]`, "name is already used"},
		{"name repeated", `[{"info":{"name":"x"}},{"info":{"name":"x"}}]`, "tenant 1"},
		{"ID of a stored tenant", `[{"id":"T1","info":{"name":"x"}}]`, `tenant ID "T1" is already used`},
		{"ID repeated", `[{"id":"t","info":{"name":"x"}},{"id":"t","info":{"name":"y"}}]`, `tenant ID "t"`},
		{"user ID of a stored user", `[{"info":{"name":"x"},"users":[{"id":"U1"}]}]`, `user ID "U1" is already used`},
		{"user ID repeated", `[{"info":{"name":"x"},"users":[{"id":"u"}]},{"info":{"name":"y"},"users":[{"id":"u"}]}]`, `user ID "u"`},
		{"key of a stored user", `[{"info":{"name":"x"},"users":[{"api_key":"SECRET-STORED"}]}]`, "api key is already used"},
		{"key repeated", `[{"info":{"name":"x"},"users":[{"api_key":"SECRET-REPEATED"},{"api_key":"SECRET-REPEATED"}]}]`, "user 1"},
	}
	eachTarget(t, func(t *testing.T, e env) {
		seed(t, e.srv, `[{"id":"T1","info":{"name":"stored"},"users":[{"id":"U1","api_key":"SECRET-STORED"}]}]`)
		before := e.snapshot(t, "T1")
		for _, c := range cases {
			ids, err := e.srv.SeedArgoTenants([]byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: ids %q, err %v; want an error containing %q", c.name, ids, err, c.want)
				continue
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("%s: the error shows an api key: %v", c.name, err)
			}
		}
		diffText(t, "store after failed seeds", before, e.snapshot(t, "T1"))
	})
}
