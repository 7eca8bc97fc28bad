package roles

import (
	"strconv"
	"strings"

	"github.com/tenantkit/tenantkit/client"
)

// ErrUnknownRole matches the error of a role name or ID that names no role
// of the organization, found by tenantkit itself before anything was sent
// (an *[UnknownRoleError]: ResolveIDs, a [Resolver], users.Astra's Invite,
// SetRoles and access sync):
//
//	if errors.Is(err, roles.ErrUnknownRole) { … } // a typo in a role name: nothing was sent
//
// Such an error matches [client.ErrNotFound] too, as it always has, since
// the role does exist nowhere; what tells it apart from a 404 of the API
// (an unknown role ID sent to Get, Update or Delete, which is a
// *client.APIError) is that only it matches ErrUnknownRole.
//
// ErrUnknownRole is a [client.Kind] that no HTTP status maps to.
const ErrUnknownRole client.Kind = "unknown role"

// UnknownRoleError lists the role names or IDs that matched no role of the
// organization. It matches [ErrUnknownRole] and [client.ErrNotFound] with
// errors.Is.
type UnknownRoleError struct {
	// Roles are the names or IDs that matched no role, in the order given.
	Roles []string
	// Hints holds, for each of Roles at the same index, the name of a role
	// that differs from it only in letter case (names are compared
	// case-sensitively, as the API does), or "".
	Hints []string
}

// Error lists the unknown roles with their hints, for example
// `unknown roles "ro user" (did you mean "RO User"?), "Nope": not found`.
func (e *UnknownRoleError) Error() string {
	var b strings.Builder
	b.WriteString("unknown role")
	if len(e.Roles) > 1 {
		b.WriteByte('s')
	}
	for i, r := range e.Roles {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(r))
		if i < len(e.Hints) && e.Hints[i] != "" {
			b.WriteString(" (did you mean ")
			b.WriteString(strconv.Quote(e.Hints[i]))
			b.WriteString("?)")
		}
	}
	b.WriteString(": ")
	b.WriteString(client.ErrNotFound.Error())
	return b.String()
}

// Is reports whether target is ErrUnknownRole or client.ErrNotFound.
func (e *UnknownRoleError) Is(target error) bool {
	return target == ErrUnknownRole || target == client.ErrNotFound
}
