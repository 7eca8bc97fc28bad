package roles

import (
	"time"

	"github.com/tenantkit/tenantkit/internal/wiretime"
)

// LastUpdateTime returns LastUpdateDateTime read as RFC 3339: when the role
// was last created or updated. The API may send "" (a built-in role often
// does); that, or any value that does not parse, is the zero time (test it
// with IsZero), and the field keeps the text.
func (r Role) LastUpdateTime() time.Time { return wiretime.RFC3339(r.LastUpdateDateTime) }
