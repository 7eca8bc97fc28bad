package astra

import (
	"fmt"
	"net/http"
	"time"
)

// Config is what a Server's options set for the Astra API.
type Config struct {
	provisioningDelay time.Duration
	policyAsString    bool
	errorStyle        ErrorStyle
	roleErrorStyle    ErrorStyle
	roleStyleSet      bool
	deniedStatus      int // status for a valid token lacking the action
}

// DefaultConfig is the configuration without options.
func DefaultConfig() Config {
	return Config{
		provisioningDelay: defaultProvisioningDelay,
		deniedStatus:      http.StatusForbidden,
	}
}

// ProvisioningDelay is how long a new Langflow tenant takes to become
// active.
func (cfg Config) ProvisioningDelay() time.Duration { return cfg.provisioningDelay }

// WithProvisioningDelay sets how long a new Langflow tenant takes to become
// active: more than 100 ms, or 0 for at once.
func (cfg Config) WithProvisioningDelay(d time.Duration) (Config, error) {
	if d < 0 || (d > 0 && d <= langflowCreatedFor) {
		return cfg, fmt.Errorf("must be 0 or more than %v", langflowCreatedFor)
	}
	cfg.provisioningDelay = d
	return cfg, nil
}

// WithPolicyAsString makes role responses carry Policy as a JSON string.
func (cfg Config) WithPolicyAsString() Config {
	cfg.policyAsString = true
	return cfg
}

// WithErrorStyle sets the shape of every error body.
func (cfg Config) WithErrorStyle(style ErrorStyle) (Config, error) {
	if !style.valid() {
		return cfg, fmt.Errorf("unknown style")
	}
	cfg.errorStyle = style
	return cfg, nil
}

// WithRoleErrorStyle sets the shape of the role endpoints' error bodies.
func (cfg Config) WithRoleErrorStyle(style ErrorStyle) (Config, error) {
	if !style.valid() {
		return cfg, fmt.Errorf("unknown style")
	}
	cfg.roleErrorStyle, cfg.roleStyleSet = style, true
	return cfg, nil
}

// WithPermissionDeniedStatus sets the status for a valid token whose roles
// lack an operation's permission: 401 or 403.
func (cfg Config) WithPermissionDeniedStatus(status int) (Config, error) {
	if status != http.StatusForbidden && status != http.StatusUnauthorized {
		return cfg, fmt.Errorf("must be 401 or 403")
	}
	cfg.deniedStatus = status
	return cfg, nil
}
