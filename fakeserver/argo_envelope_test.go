package fakeserver_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// The byte-exact error bodies of the real server, in both forms, with the
// Content-Length values the reference states for the JSON form.
func TestArgoErrorBodiesAreByteExact(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		tid := e.createTenant(t, `{"info":{"name":"taken"},"users":[{"name":"cap","api_key":"C4PK3Y"}]}`)
		cases := []struct {
			golden     string
			req        argoReq
			status     int
			jsonLength int // as the reference states it; 0: not stated
		}{
			{"401", argoReq{path: "/tenants"}, 401, 160},
			{"403", argoReq{method: "POST", path: "/tenants", key: argoRestricted}, 403, 87},
			{"406", argoReq{path: "/tenants", key: argoAdmin, accept: argoNoAccept}, 406, 229},
			{"400", argoReq{method: "POST", path: "/tenants", key: argoAdmin, body: "{"}, 400, 220},
			{"404-tenant", argoReq{path: "/tenants/nope", key: argoAdmin}, 404, 201},
			{"404-user", argoReq{path: "/tenants/" + tid + "/users/nope", key: argoAdmin}, 404, 131},
			{"409-name", argoReq{method: "POST", path: "/tenants", key: argoAdmin, body: `{"info":{"name":"taken"}}`}, 409, 182},
			{"409-key", argoReq{method: "POST", path: "/tenants", key: argoAdmin, body: `{"users":[{"api_key":"C4PK3Y"}]}`}, 409, 0},
		}
		for _, c := range cases {
			for _, form := range []string{"json", "xml"} {
				if c.golden == "406" && form == "xml" {
					continue // 406 is always JSON; see TestArgoNotAcceptableIsAlwaysJSON
				}
				req := c.req
				ctype := argoJSONType
				if form == "xml" {
					req.accept, ctype = "application/xml", argoXMLType
				}
				r := e.do(t, req)
				r.want(t, c.status, ctype)
				argoDiff(t, c.golden+"."+form, argoTestdata(t, "golden/"+c.golden+"."+form), r.body)
				if form == "json" && c.jsonLength != 0 && r.header.Get("Content-Length") != strconv.Itoa(c.jsonLength) {
					t.Errorf("%s: Content-Length = %s, the reference says %d", c.golden, r.header.Get("Content-Length"), c.jsonLength)
				}
			}
		}
	})
}

func TestArgoNotAcceptableIsAlwaysJSON(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		for _, accept := range []string{"application/xml; charset=utf-8", "text/xml", "application/*", argoNoAccept} {
			r := e.do(t, argoReq{path: "/tenants", key: argoAdmin, accept: accept})
			r.want(t, http.StatusNotAcceptable, argoJSONType)
			argoDiff(t, "Accept "+accept, argoTestdata(t, "golden/406.json"), r.body)
		}
	})
}

func TestArgoSuccessBodiesStayJSONWhenAcceptIsXML(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		r := e.do(t, argoReq{method: "POST", path: "/tenants", key: argoAdmin, accept: "application/xml", body: `{"info":{"name":"x"}}`})
		r.want(t, http.StatusCreated, argoXMLType)
		if !strings.HasPrefix(r.body, "{\n \"status\": {\n  \"message\": \"Tenant was successfully created\",\n  \"code\": \"201\"\n },") {
			t.Errorf("create with Accept xml: body is not the JSON envelope:\n%s", r.body)
		}
		r = e.do(t, argoReq{path: "/tenants", key: argoAdmin, accept: "application/xml"})
		r.want(t, http.StatusOK, argoXMLType)
		if !strings.HasPrefix(r.body, "{\n \"status\": {\n  \"message\": \"Success\",") {
			t.Errorf("list with Accept xml: body is not JSON:\n%s", r.body)
		}
	})
}

func TestArgoBodiesAreIndentedByOneSpaceWithoutTrailingNewline(t *testing.T) {
	t.Parallel()
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
		r := e.do(t, argoReq{path: "/tenants", key: argoAdmin})
		r.want(t, http.StatusOK, argoJSONType)
		argoDiff(t, "empty list", "{\n \"status\": {\n  \"message\": \"Success\",\n  \"code\": \"200\"\n },\n \"data\": []\n}", r.body)
		tid := e.createTenant(t, `{"info":{"name":"<b>&co</b>"},"users":[{"name":"a\u2028b","api_key":"k\"1","roles":["r<1>"]}]}`)
		r = e.do(t, argoReq{path: "/tenants/" + tid + "/users", key: argoAdmin})
		r.want(t, http.StatusOK, argoJSONType)
		want := "{\n \"status\": {\n  \"message\": \"Success\",\n  \"code\": \"200\"\n },\n \"data\": [\n  {\n" +
			"   \"id\": \"ID\",\n   \"name\": \"a\\u2028b\",\n   \"email\": \"\",\n   \"api_key\": \"k\\\"1\",\n" +
			"   \"roles\": [\n    \"r\\u003c1\\u003e\"\n   ]\n  }\n ]\n}"
		got := argoUUIDs.ReplaceAllString(r.body, "ID")
		argoDiff(t, "users list", want, got)
		if n := e.getTenant(t, tid).Info.Name; n != "<b>&co</b>" {
			t.Errorf("name = %q; the escapes must decode back", n)
		}
	})
}
