package fakeserver

import (
	"fmt"
	"net/http"
	"time"
)

// WithProvisioningDelay sets how long a new Langflow tenant takes to become
// active: it reports "created" for its first 100 ms, then "provisioning"
// until d has passed since creation, then "active". A reactivated tenant
// reports "reactivating" for d. The status is computed from the server's
// Clock on every read. d must be more than 100 ms, or 0 for tenants that
// are active at once. The default is one second.
func WithProvisioningDelay(d time.Duration) Option {
	return func(cfg *config) error {
		if d < 0 || (d > 0 && d <= langflowCreatedFor) {
			return fmt.Errorf("fakeserver: WithProvisioningDelay(%v): must be 0 or more than %v", d, langflowCreatedFor)
		}
		cfg.astra.provisioningDelay = d
		return nil
	}
}

// WithPolicyAsString makes role responses carry Policy as a JSON string
// holding the policy's JSON, as two old DataStax docs examples show,
// instead of an object. It tests that a client accepts both.
func WithPolicyAsString() Option {
	return func(cfg *config) error {
		cfg.astra.policyAsString = true
		return nil
	}
}

// WithAstraErrorStyle sets the shape of every Astra error body. The default
// is AstraErrorsObject, the documented shape.
func WithAstraErrorStyle(style AstraErrorStyle) Option {
	return func(cfg *config) error {
		if !style.valid() {
			return fmt.Errorf("fakeserver: WithAstraErrorStyle(%d): unknown style", style)
		}
		cfg.astra.errorStyle = style
		return nil
	}
}

// WithRoleErrorStyle sets the shape of error bodies from the role endpoints
// (/v2/organizations/roles…) only, overriding WithAstraErrorStyle there.
// WithRoleErrorStyle(AstraErrorsString) reproduces the bare JSON strings
// the role endpoints have been seen sending.
func WithRoleErrorStyle(style AstraErrorStyle) Option {
	return func(cfg *config) error {
		if !style.valid() {
			return fmt.Errorf("fakeserver: WithRoleErrorStyle(%d): unknown style", style)
		}
		cfg.astra.roleErrorStyle, cfg.astra.roleStyleSet = style, true
		return nil
	}
}

// WithPermissionDeniedStatus sets the status the Astra endpoints answer
// when a valid token's roles lack the permission an operation needs:
// http.StatusForbidden (the default) or http.StatusUnauthorized, which some
// real endpoints send instead.
func WithPermissionDeniedStatus(status int) Option {
	return func(cfg *config) error {
		if status != http.StatusForbidden && status != http.StatusUnauthorized {
			return fmt.Errorf("fakeserver: WithPermissionDeniedStatus(%d): must be 401 or 403", status)
		}
		cfg.astra.deniedStatus = status
		return nil
	}
}
