package tenants

import (
	"strings"
	"testing"
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
		if tn, err := decodeLangflowTenant([]byte(body)); err == nil && tn.AdditionalProperties != nil && len(tn.AdditionalProperties) == 0 {
			t.Errorf("empty non-nil AdditionalProperties for %q", body)
		}
		for tn, err := range decodeLangflowTenants(strings.NewReader(body)) {
			if err != nil {
				break
			}
			if tn.AdditionalProperties != nil && len(tn.AdditionalProperties) == 0 {
				t.Errorf("empty non-nil AdditionalProperties in the list %q", body)
			}
		}
	})
}
