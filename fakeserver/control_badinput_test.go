package fakeserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// TestControlAPIRefusesBadInputAndChangesNothing sends the control API
// what it must refuse: each answer is the status the contract gives, with
// a JSON error that says what was wrong, and the fake is as it was.
func TestControlAPIRefusesBadInputAndChangesNothing(t *testing.T) {
	t.Parallel()
	clock := client.NewVirtualClock(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	_, c := newControlled(t, fakeserver.WithClock(clock), fakeserver.WithRateLimit(100, 10))
	const js = "application/json"
	// Something to refer to: a snapshot, a fault rule, a journal entry.
	c.json(http.MethodPut, "snapshots/base", nil, http.StatusNoContent, nil)
	c.json(http.MethodPost, "faults", map[string]any{"name": "kept", "operation": "getCurrentOrganization", "status": 503}, http.StatusCreated, nil)

	cases := []struct {
		name, method, path, contentType string
		body                            any
		status                          int
		says                            string
	}{
		{"malformed JSON", "POST", "faults", js, `{"operation": "getCurrentOrganization", "status": 503`, 400, "not the JSON this endpoint takes"},
		{"trailing data", "POST", "events/finish-provisioning", js, `{"tenantId":"x"} {"tenantId":"y"}`, 400, "more than one JSON value"},
		{"unknown field", "POST", "faults", js, `{"operation":"getCurrentOrganization","stauts":503}`, 400, `unknown field "stauts"`},
		{"wrong content type", "POST", "faults", "text/plain", `{"status":503}`, 415, "Content-Type: application/json"},
		{"no content type", "PUT", "rate-limit", "", `{"perSecond":1,"burst":1}`, 415, "Content-Type: application/json"},
		{"body over 8 MiB", "PUT", "fixture", js, `{"organizations":[` + strings.Repeat(" ", 8<<20) + `]}`, 413, "over 8388608 bytes"},
		{"unknown operation in a fault", "POST", "faults", js, `{"operation":"getEverything","status":503}`, 400, `unknown operation "getEverything"`},
		{"operation and path together", "POST", "faults", js, `{"operation":"getCurrentOrganization","path":"/v2/*","status":503}`, 400, "set Operation or Path, not both"},
		{"bad duration", "POST", "faults", js, `{"operation":"getCurrentOrganization","latency":"5 parsecs"}`, 400, `latency: "5 parsecs" is not a duration`},
		{"negative duration", "POST", "faults", js, `{"operation":"getCurrentOrganization","latency":"-1s"}`, 400, "must not be negative"},
		{"bad drop", "POST", "faults", js, `{"operation":"getCurrentOrganization","drop":"sideways"}`, 400, `drop: "sideways" is not one of`},
		{"status 200 in a fault", "POST", "faults", js, `{"operation":"getCurrentOrganization","status":200}`, 400, "not 0 or an HTTP error status"},
		{"a fault that does nothing", "POST", "faults", js, `{"operation":"getCurrentOrganization"}`, 400, "it does nothing"},
		{"a good rule and a bad one", "POST", "faults", js, `[{"name":"good","status":500},{"name":"bad","status":200}]`, 400, "not 0 or an HTTP error status"},
		{"a rule named as one in place", "POST", "faults", js, `{"name":"kept","status":500}`, 400, "kept"},
		{"an empty list of rules", "POST", "faults", js, `[]`, 400, "empty"},
		{"unknown fault to remove", "DELETE", "faults/nope", "", nil, 400, `no fault rule named "nope"`},
		{"unknown snapshot to restore", "POST", "snapshots/nope/restore", "", nil, 400, `no snapshot named "nope"`},
		{"unknown snapshot to delete", "DELETE", "snapshots/nope", "", nil, 400, `no snapshot named "nope"`},
		{"snapshot name too long", "PUT", "snapshots/" + strings.Repeat("s", 129), "", nil, 400, "give 1 to 128 characters"},
		{"event for an unknown tenant", "POST", "events/finish-provisioning", js, `{"tenantId":"00000000-0000-0000-0000-000000000000"}`, 400, "FinishProvisioning"},
		{"event without its field", "POST", "events/set-langflow-tenant-status", js, `{"tenantId":"x"}`, 400, "status is required"},
		{"invitation of nobody", "POST", "events/accept-invitation", js, `{"orgId":"` + fakeserver.DefaultOrgID + `","email":"nobody@example.com"}`, 400, "AcceptInvitation"},
		{"journal after=-1", "GET", "journal?after=-1", "", nil, 400, `after="-1"`},
		{"journal limit=0", "GET", "journal?limit=0", "", nil, 400, "from 1 to 1000"},
		{"journal limit=5000", "GET", "journal?limit=5000", "", nil, 400, "from 1 to 1000"},
		{"journal operation=nope", "GET", "journal?operation=nope", "", nil, 400, `operation="nope": openapi.yaml has no such operation`},
		{"journal bodies=maybe", "GET", "journal?bodies=maybe", "", nil, 400, `bodies="maybe"`},
		{"rate limit perSecond -1", "PUT", "rate-limit", js, `{"perSecond":-1,"burst":1}`, 400, "the rate must be positive"},
		{"rate limit burst 0", "PUT", "rate-limit", js, `{"perSecond":1,"burst":0}`, 400, "the burst at least 1"},
		{"clock advance -1h", "POST", "clock/advance", js, `{"by":"-1h"}`, 400, "only moves forward"},
		{"clock advance soon", "POST", "clock/advance", js, `{"by":"soon"}`, 400, `by: "soon" is not a duration`},
		{"clock set without now", "PUT", "clock", js, `{}`, 400, "now is required"},
		{"clock set to words", "PUT", "clock", js, `{"now":"tomorrow"}`, 400, "not the JSON this endpoint takes"},
		{"a fixture that is not one", "PUT", "fixture", js, `{"organizations":[{"name":"x","users":[{"email":"nope"}]}]}`, 400, "nope"},
		{"a token for an unknown org", "POST", "tokens", js, `{"orgId":"nope"}`, 400, "nope"},
		{"an admin key of no flavour", "POST", "argo-admin-keys", js, `{"key":"k-0123456789","flavour":"root"}`, 400, "root"},
		{"ARGO tenants that are not JSON", "POST", "argo-tenants", js, `[{`, 400, ""},
		{"a stray closing bracket", "POST", "faults", js, `{"name":"a2","status":500,"path":"/x"}}`, 400, "more than one JSON value"},
		{"another event's field", "POST", "events/finish-provisioning", js, `{"tenantId":"t","email":"e@x.test"}`, 400, `unknown field "email"`},
		{"a flavour on key removal", "POST", "argo-admin-keys/remove", js, `{"key":"k-0123456789","flavour":"super_admin"}`, 400, `unknown field "flavour"`},
		{"ARGO tenants with a misspelt member", "POST", "argo-tenants", js, `[{"info":{"name":"x"},"db_cnof":[]}]`, 400, `unknown field "db_cnof"`},
		{"the control token as an ARGO admin key", "POST", "argo-admin-keys", js, `{"key":"` + testControlToken + `","flavour":"super_admin"}`, 400, "opens the control API only"},
		{"a fixture holding the control token", "PUT", "fixture", js, `{"organizations":[{"name":"x","tokens":[{"token":"` + testControlToken + `","roles":["Organization Administrator"]}]}]}`, 400, "opens the control API only"},
		{"unknown control path", "GET", "nope", "", nil, 404, "no control endpoint GET /__tenantkit/api/nope"},
		{"wrong method", "PATCH", "faults", "", nil, 405, "this path takes GET, POST, DELETE"},
	}
	before := c.fingerprint()
	for _, tc := range cases {
		a := c.send(tc.method, tc.path, tc.contentType, tc.body)
		msg := a.Error()
		t.Logf("%-32s %s %s → %d %s", tc.name, tc.method, tc.path[:min(len(tc.path), 40)], a.Status, msg)
		if a.Status != tc.status || msg == "" || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: %s %s answered %d %q; want %d with an error saying %q", tc.name, tc.method, tc.path[:min(len(tc.path), 60)], a.Status, msg, tc.status, tc.says)
		}
		if ct := a.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q, want application/json", tc.name, ct)
		}
		if after := c.fingerprint(); after != before {
			t.Errorf("%s changed the fake:\nbefore %.600s\nafter  %.600s", tc.name, before, after)
			before = after
		}
	}
}

// TestControlClockOnTheWallClockIsAConflict: a fake on the wall clock
// cannot be moved, and says how to get one that can.
func TestControlClockOnTheWallClockIsAConflict(t *testing.T) {
	t.Parallel()
	_, c := newControlled(t)
	for _, req := range []struct{ method, path, body string }{
		{"POST", "clock/advance", `{"by":"1h"}`},
		{"PUT", "clock", `{"now":"2026-01-02T15:04:05Z"}`},
	} {
		a := c.send(req.method, req.path, "application/json", req.body)
		if a.Status != http.StatusConflict || !strings.Contains(a.Error(), "-virtual-clock") {
			t.Errorf("%s %s on the wall clock: %d %s; want 409 naming -virtual-clock", req.method, req.path, a.Status, a.Body)
		}
	}
}
