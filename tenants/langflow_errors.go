package tenants

import "strings"

// langflowOpError names the SDK method an error came from, for failures that
// are not a single API call: a missing organization ID, a wait that ended, a call
// made on behalf of a bigger operation. It wraps the cause, so errors.Is and
// errors.As still reach a *client.APIError or a client Kind.
type langflowOpError struct {
	op   string // such as "tenants.Langflow.WaitActive"
	what string // what op was doing, if it matters: "reading the tenant"
	err  error
}

// langflowErr wraps err with the method name op.
func langflowErr(op string, err error) error { return &langflowOpError{op: op, err: err} }

// langflowErrWhile wraps err with the method name op and what op was doing.
func langflowErrWhile(op, what string, err error) error {
	return &langflowOpError{op: op, what: what, err: err}
}

func (e *langflowOpError) Error() string {
	// The client's errors start with "tenantkit: " too; say it once.
	msg := "tenantkit: " + e.op + ": "
	if e.what != "" {
		msg += e.what + ": "
	}
	return msg + strings.TrimPrefix(e.err.Error(), "tenantkit: ")
}

func (e *langflowOpError) Unwrap() error { return e.err }
