package argo_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// seedStatusTenant seeds the document's status example tenant (whose
// status was never set) and returns its ID.
func seedStatusTenant(t *testing.T, e env) string {
	t.Helper()
	return seed(t, e.srv, dataOf(t, readTestdata(t, "doc/get_status_response.json")))[0]
}

func TestArgoStatusNeverSetReadsAsTheDocExample(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := seedStatusTenant(t, e)
		r := e.do(t, request{path: "/tenants/" + id + "/status", key: adminKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "status", serverForm(t, readTestdata(t, "doc/get_status_response.json")), r.body)
		// A tenant created through the API reads the same way.
		id = e.createTenant(t, `{"info":{"name":"fresh"}}`)
		r = e.do(t, request{path: "/tenants/" + id + "/status", key: restrictedKey})
		r.want(t, http.StatusOK, jsonType)
		if !strings.Contains(r.body, `"hdfs": {`+"\n"+`     "metric_data": false`+"\n"+`    },`) {
			t.Errorf("a never-set status has hdfs.sync_data or is not zero:\n%s", r.body)
		}
	})
}

func TestArgoStatusPutFromDocExample(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := seedStatusTenant(t, e)
		e.clock.Advance(time.Hour)
		r := e.do(t, request{method: "PUT", path: "/tenants/" + id + "/status", key: adminKey, body: readTestdata(t, "doc/update_status_request.json")})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "200 body", serverForm(t, readTestdata(t, "doc/update_status_response.json")), r.body)
		// The example misspells blank_recomputation ("blank_recompuation"),
		// an unknown member, and sends no configuration_profile: both read
		// false. info.updated does not move.
		r = e.do(t, request{path: "/tenants/" + id + "/status", key: uiKey})
		r.want(t, http.StatusOK, jsonType)
		diffText(t, "status after PUT", readTestdata(t, "status_after_doc_put.json"), r.body)
	})
}

// totalStatus reads total_status.
func totalStatus(t *testing.T, e env, id string) bool {
	t.Helper()
	r := e.do(t, request{path: "/tenants/" + id + "/status", key: adminKey})
	r.want(t, http.StatusOK, jsonType)
	var s struct {
		Data []struct {
			Status struct {
				TotalStatus bool `json:"total_status"`
			} `json:"status"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.body), &s); err != nil || len(s.Data) != 1 {
		t.Fatalf("status body: %v\n%s", err, r.body)
	}
	return s.Data[0].Status.TotalStatus
}

func TestArgoTotalStatusIsComputedOnRead(t *testing.T) {
	t.Parallel()
	node := `{"ingestion":true,"publishing":true,"status_streaming":true,"messages_arrived":0}`
	sync := `{"aggregation_profile":true,"blank_recomputation":true,"configuration_profile":true,"downtimes":true,` +
		`"group_endpoints":true,"group_groups":true,"metric_profile":true,"operations_profile":true,"weights":true}`
	all := func(hdfsSync string, replace ...string) string {
		s := `{"total_status":false,"ams":{"metric_data":` + node + `,"sync_data":` + node + `},` +
			`"hdfs":{"metric_data":true` + hdfsSync + `},"engine_config":true,"last_check":"now"}`
		return strings.NewReplacer(replace...).Replace(s)
	}
	cases := []struct {
		name, body string
		want       bool
	}{
		{"everything true, no sync data", all(""), true},
		{"everything true, empty sync data", all(`,"sync_data":{}`), true},
		{"everything true, two reports", all(`,"sync_data":{"a":` + sync + `,"b":` + sync + `}`), true},
		{"one report flag false", all(`,"sync_data":{"a":` + sync + `,"b":` + strings.Replace(sync, `"weights":true`, `"weights":false`, 1) + `}`), false},
		{"engine config false", all("", `"engine_config":true`, `"engine_config":false`), false},
		{"hdfs metric data false", all("", `"metric_data":true}`, `"metric_data":false}`), false},
		{"messages do not count", all("", `"messages_arrived":0`, `"messages_arrived":-5`), true},
		{"total_status in the body is ignored", `{"total_status":true}`, false},
		{"an empty body zeroes everything", `{}`, false},
	}
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, `{"info":{"name":"s"}}`)
		for _, c := range cases {
			e.do(t, request{method: "PUT", path: "/tenants/" + id + "/status", key: adminKey, body: c.body}).want(t, http.StatusOK, jsonType)
			if got := totalStatus(t, e, id); got != c.want {
				t.Errorf("%s: total_status = %v, want %v", c.name, got, c.want)
			}
		}
	})
}

func TestArgoStatusPutReplacesTheWholeBlockAndSortsReports(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := seedStatusTenant(t, e)
		e.do(t, request{method: "PUT", path: "/tenants/" + id + "/status", key: adminKey, body: readTestdata(t, "doc/update_status_request.json")}).
			want(t, http.StatusOK, jsonType)
		e.do(t, request{method: "PUT", path: "/tenants/" + id + "/status", key: adminKey,
			body: `{"hdfs":{"sync_data":{"zeta":{"weights":true},"<alpha>":{},"Beta":{}}},"last_check":"x"}`}).want(t, http.StatusOK, jsonType)
		r := e.do(t, request{path: "/tenants/" + id + "/status", key: adminKey})
		var s struct {
			Data []struct {
				Status map[string]any `json:"status"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(r.body), &s); err != nil {
			t.Fatal(err)
		}
		st := s.Data[0].Status
		ams := st["ams"].(map[string]any)["metric_data"].(map[string]any)
		if ams["ingestion"] != false || ams["messages_arrived"] != float64(0) || st["engine_config"] != false || st["last_check"] != "x" {
			t.Errorf("members the second PUT omitted were not zeroed: %v", st)
		}
		iBeta, iAlpha, iZeta := strings.Index(r.body, `"Beta"`), strings.Index(r.body, `"\u003calpha\u003e"`), strings.Index(r.body, `"zeta"`)
		if iAlpha < 0 || iBeta < 0 || iZeta < 0 || !(iAlpha < iBeta && iBeta < iZeta) {
			t.Errorf("report names not escaped and sorted (<alpha>, Beta, zeta):\n%s", r.body)
		}
	})
}

func TestArgoStatusIsWipedByEveryTenantOrUserWrite(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		id := e.createTenant(t, readTestdata(t, "doc/create_tenant_request.json"))
		uid := e.getTenant(t, id).Users[0].ID
		zero := e.do(t, request{path: "/tenants/" + id + "/status", key: adminKey}).body
		writes := []struct {
			name string
			req  request
		}{
			{"tenant PUT", request{method: "PUT", path: "/tenants/" + id, body: readTestdata(t, "doc/update_tenant_request.json")}},
			{"user create", request{method: "POST", path: "/tenants/" + id + "/users", body: `{"name":"x"}`}},
			{"user update", request{method: "PUT", path: "/tenants/" + id + "/users/" + uid, body: `{}`}},
			{"key renewal", request{method: "POST", path: "/tenants/" + id + "/users/" + uid + "/renew_api_key"}},
			{"user delete", request{method: "DELETE", path: "/tenants/" + id + "/users/" + uid}},
		}
		for _, w := range writes {
			e.do(t, request{method: "PUT", path: "/tenants/" + id + "/status", key: adminKey, body: readTestdata(t, "doc/update_status_request.json")}).
				want(t, http.StatusOK, jsonType)
			e.clock.Advance(time.Minute)
			w.req.key = adminKey
			if r := e.do(t, w.req); r.status >= 300 {
				t.Fatalf("%s: %d %s", w.name, r.status, r.body)
			}
			got := e.do(t, request{path: "/tenants/" + id + "/status", key: adminKey}).body
			// Compare everything but info.updated, which the write moved.
			var g, z map[string]any
			_ = json.Unmarshal([]byte(got), &g)
			_ = json.Unmarshal([]byte(zero), &z)
			gs := g["data"].([]any)[0].(map[string]any)["status"]
			zs := z["data"].([]any)[0].(map[string]any)["status"]
			if b1, b2 := jsonString(gs), jsonString(zs); b1 != b2 {
				t.Errorf("%s: status not wiped: %s", w.name, b1)
			}
			if upd := e.getTenant(t, id).Info.Updated; upd != stamp(e.clock) {
				t.Errorf("%s: info.updated = %q, want %q", w.name, upd, stamp(e.clock))
			}
		}
	})
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestArgoStatusOfUnknownTenant(t *testing.T) {
	t.Parallel()
	eachTarget(t, func(t *testing.T, e env) {
		for _, c := range []struct {
			req    request
			status int
			golden string
		}{
			{request{path: "/tenants/nope/status", key: adminKey}, 404, "404-tenant"},
			{request{method: "PUT", path: "/tenants/nope/status", key: adminKey, body: `{}`}, 404, "404-tenant"},
			{request{method: "PUT", path: "/tenants/nope/status", key: adminKey, body: `{`}, 400, "400"},
		} {
			r := e.do(t, c.req)
			r.want(t, c.status, jsonType)
			diffText(t, c.req.method+" "+c.req.path, readTestdata(t, "golden/"+c.golden+".json"), r.body)
		}
	})
}
