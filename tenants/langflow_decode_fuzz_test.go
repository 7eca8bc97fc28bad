package tenants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// FuzzLangflowDecode feeds arbitrary bodies to the tenant and tenant-list
// decoders: whatever a server sends, they return values or errors and
// never panic.
func FuzzLangflowDecode(f *testing.F) {
	for _, seed := range []string{
		``, `null`, `[]`, `{}`, `"x"`, `[null]`, `[{}]`, `{"tenants":null}`,
		`{"id":"t1","status":"active","extra":{"a":[1,2]}}`,
		`{"tenant_id":"t1","tenantId":2}`,
		`{"data":[{"tenant_id":"t1"}],"tenants":"no"}`,
		`{"items":[{"id":1}]}`, `[{"id":"t1"`, `{"tenants":[`, ` [ {"id" : "t1"} ] `,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if tn, err := decodeLangflowTenant([]byte(body)); err == nil && tn.Extra != nil && len(tn.Extra) == 0 {
			t.Errorf("empty non-nil Extra for %q", body)
		}
		for tn, err := range decodeLangflowTenants(strings.NewReader(body)) {
			if err != nil {
				break
			}
			if tn.Extra != nil && len(tn.Extra) == 0 {
				t.Errorf("empty non-nil Extra in the list %q", body)
			}
		}
	})
}

// FuzzLangflowTenantBodyDecodesAsBefore checks that parsing a tenant
// response once gives what the two steps gave before (client.Do into a
// json.RawMessage, failing on malformed JSON, then decodeLangflowTenant),
// for any body Do hands over, an empty one included: the same tenant, or
// the same error at the same step.
func FuzzLangflowTenantBodyDecodesAsBefore(f *testing.F) {
	for _, seed := range []string{
		``, ` `, `null`, `[]`, `{}`, `"x"`, `7`, `[{"id":"t1"}]`,
		`{"id":"t1","status":"active","extra":{"a":[1,2]}}`, ` {"tenant_id":"t1"} `,
		`{"tenant_id":"t1","tenantId":2}`, `{"id":5}`, `{"id":"t1","url":[]}`,
		`{"id":"t1"`, `{"id":"t1"} x`, `[1,`, `nul`, "\n{\"id\":\"t1\",\"created_at\":\"2026-01-02T03:04:05Z\"}\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var raw json.RawMessage
		var before, now langflowTenantBody
		var doBefore, doNow error
		if len(bytes.TrimSpace([]byte(body))) > 0 { // Do decodes only a non-empty body
			doBefore = json.Unmarshal([]byte(body), &raw)
			doNow = now.DecodeBody([]byte(body))
		}
		if fmt.Sprint(doBefore) != fmt.Sprint(doNow) {
			t.Fatalf("body %q: Do's error %v, was %v", body, doNow, doBefore)
		}
		if doBefore != nil {
			return
		}
		before.t, before.err = decodeLangflowTenant(raw)
		got, err := now.tenant()
		if fmt.Sprint(before.err) != fmt.Sprint(err) {
			t.Fatalf("body %q: error %v, was %v", body, err, before.err)
		}
		if diff := testkit.Diff(before.t, got); diff != "" {
			t.Errorf("body %q (-before +now):\n%s", body, diff)
		}
	})
}
