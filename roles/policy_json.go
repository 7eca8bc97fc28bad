package roles

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// UnmarshalJSON decodes a policy sent as a JSON object, as the API does
// today, or as a JSON string holding that object, as old documentation
// examples show. Keys match case-insensitively, like encoding/json.
func (p *Policy) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var text string
		if err := json.Unmarshal(b, &text); err != nil {
			return fmt.Errorf("roles: policy string: %w", err)
		}
		b = []byte(text)
	}
	type plain Policy // no methods, so no recursion
	var v plain
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("roles: policy: %w", err)
	}
	*p = Policy(v)
	return nil
}
