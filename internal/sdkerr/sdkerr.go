// Package sdkerr names the SDK method an error came from, for failures that
// are not a single API call: a missing argument, name resolution, a wait
// that ended, a call made on behalf of a bigger operation. (A single API
// call's error already names its operation; it is returned unchanged.)
package sdkerr

import "strings"

// opError wraps a cause with the SDK method it came from, so errors.Is and
// errors.As still reach a *client.APIError or a client Kind.
type opError struct {
	op   string // such as "users.Astra.Invite"
	what string // what op was doing, if it matters: "reading the role back"
	err  error
}

// Op wraps err with the SDK method name op ("roles.Astra.ResolveIDs").
func Op(op string, err error) error { return &opError{op: op, err: err} }

// While wraps err with the method name op and what op was doing.
func While(op, what string, err error) error { return &opError{op: op, what: what, err: err} }

func (e *opError) Error() string {
	// The client's errors start with "tenantkit: " too; say it once.
	msg := "tenantkit: " + e.op + ": "
	if e.what != "" {
		msg += e.what + ": "
	}
	return msg + strings.TrimPrefix(e.err.Error(), "tenantkit: ")
}

func (e *opError) Unwrap() error { return e.err }
