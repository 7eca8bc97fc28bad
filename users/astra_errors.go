package users

import "strings"

// astraOpError names the SDK method an error came from, for failures that
// are not a single API call: name resolution, a missing argument, a call
// made on behalf of a bigger operation. It wraps the cause, so errors.Is and
// errors.As still reach a *client.APIError or a client Kind.
type astraOpError struct {
	op   string // such as "users.Astra.Invite"
	what string // what op was doing, if it matters: "reading the role back"
	err  error
}

// astraErr wraps err with the method name op.
func astraErr(op string, err error) error { return &astraOpError{op: op, err: err} }

// astraErrWhile wraps err with the method name op and what op was doing.
func astraErrWhile(op, what string, err error) error {
	return &astraOpError{op: op, what: what, err: err}
}

func (e *astraOpError) Error() string {
	// The client's errors start with "tenantkit: " too; say it once.
	msg := "tenantkit: " + e.op + ": "
	if e.what != "" {
		msg += e.what + ": "
	}
	return msg + strings.TrimPrefix(e.err.Error(), "tenantkit: ")
}

func (e *astraOpError) Unwrap() error { return e.err }
