package roles

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// roleFromRawMessage is how Create and Update read a write's body before
// roleBody parsed it once: client.Do unmarshalled it into a json.RawMessage
// (failing on malformed JSON), then this picked the role. It is the oracle
// roleBody must agree with.
func roleFromRawMessage(raw json.RawMessage, id string) (Role, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return Role{}, false
	}
	switch raw[0] {
	case '{':
		var r Role
		if json.Unmarshal(raw, &r) != nil || r.ID == "" || (id != "" && r.ID != id) {
			return Role{}, false
		}
		return r, true
	case '[':
		var rs []Role
		if json.Unmarshal(raw, &rs) != nil {
			return Role{}, false
		}
		for _, r := range rs {
			if r.ID != "" && (r.ID == id || (id == "" && len(rs) == 1)) {
				return r, true
			}
		}
	}
	return Role{}, false
}

// FuzzRoleBodyDecodesAsBefore checks that parsing a write's body once gives
// what the two-step decoding gave, for any body client.Do hands over (never
// an empty one): the same role, or the same fallback, or the same error.
func FuzzRoleBodyDecodesAsBefore(f *testing.F) {
	for _, seed := range []string{
		`{"ID":"r1","Name":"n","Policy":{"actions":["a"],"effect":"allow"}}`,
		` {"ID":"r1"} `, `{"ID":""}`, `{"ID":5}`, `{"ID":"r1","Policy":"{\"effect\":\"allow\"}"}`,
		`{"ID":"r1","Policy":"{bad"}`, `{"ID":"r1","Policy":7}`,
		`[{"ID":"r1"}]`, `[{"ID":"r1"},{"ID":"r2"}]`, `[{"ID":""}]`, `[1]`, `[]`,
		`null`, `"x"`, `7`, `true`, `{`, ` [{"ID":"r1"`, `{"ID":"r1"} x`, "\t{}\n",
	} {
		f.Add(seed, "")
		f.Add(seed, "r2")
	}
	f.Fuzz(func(t *testing.T, body, id string) {
		if len(bytes.TrimSpace([]byte(body))) == 0 {
			return
		}
		var raw json.RawMessage
		oldErr := json.Unmarshal([]byte(body), &raw)
		var old roleBody
		if oldErr == nil {
			old.r, old.ok = roleFromRawMessage(raw, id)
		}
		got := roleBody{id: id}
		newErr := got.DecodeBody([]byte(body))
		if fmt.Sprint(oldErr) != fmt.Sprint(newErr) {
			t.Fatalf("body %q: error %v, was %v", body, newErr, oldErr)
		}
		old.id = id
		if diff := testkit.Diff(old, got); diff != "" {
			t.Errorf("body %q, id %q (-before +now):\n%s", body, id, diff)
		}
	})
}
