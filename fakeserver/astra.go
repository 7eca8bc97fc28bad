package fakeserver

// The Astra DevOps API half's face: its public types and options, its
// set-up hooks and how a Fixture's Astra part is loaded. The half itself is
// internal/astra; this file only converts and delegates. The hooks that
// trigger what the real service does on its own are in events.go.

import (
	"fmt"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/astra"
)

// AstraErrorStyle selects how the fake writes Astra error bodies. The real
// API documents {"errors":[{"ID":…,"message":…}]}, but has been seen sending
// other shapes; the other styles let SDK tests check that they are decoded
// without losing the status.
type AstraErrorStyle int

const (
	// AstraErrorsObject is the documented body,
	// {"errors":[{"ID":1404,"message":"user not found"}]}, as application/json.
	// It is the default.
	AstraErrorsObject AstraErrorStyle = iota
	// AstraErrorsString is a bare JSON string, "user not found", as
	// application/json: what the role endpoints sent in 2021–2022.
	AstraErrorsString
	// AstraErrorsPlainText is the message as text/plain.
	AstraErrorsPlainText
	// AstraErrorsEmpty is no body at all.
	AstraErrorsEmpty
	// AstraErrorsNullMessage is the documented object with "message": null,
	// as seen on 401 responses.
	AstraErrorsNullMessage
)

// WithProvisioningDelay sets how long a new Langflow tenant takes to become
// active: it reports "created" for its first 100 ms, then "provisioning"
// until d has passed since creation, then "active". A reactivated tenant
// reports "reactivating" for d. The status is computed from the server's
// Clock on every read. d must be more than 100 ms, or 0 for tenants that
// are active at once. The default is one second.
func WithProvisioningDelay(d time.Duration) Option {
	return func(cfg *config) (err error) {
		if cfg.astra, err = cfg.astra.WithProvisioningDelay(d); err != nil {
			return fmt.Errorf("fakeserver: WithProvisioningDelay(%v): %w", d, err)
		}
		return nil
	}
}

// WithPolicyAsString makes role responses carry Policy as a JSON string
// holding the policy's JSON, as two old DataStax docs examples show,
// instead of an object. It tests that a client accepts both.
func WithPolicyAsString() Option {
	return func(cfg *config) error {
		cfg.astra = cfg.astra.WithPolicyAsString()
		return nil
	}
}

// WithAstraErrorStyle sets the shape of every Astra error body. The default
// is AstraErrorsObject, the documented shape.
func WithAstraErrorStyle(style AstraErrorStyle) Option {
	return func(cfg *config) (err error) {
		if cfg.astra, err = cfg.astra.WithErrorStyle(astra.ErrorStyle(style)); err != nil {
			return fmt.Errorf("fakeserver: WithAstraErrorStyle(%d): %w", style, err)
		}
		return nil
	}
}

// WithRoleErrorStyle sets the shape of error bodies from the role endpoints
// (/v2/organizations/roles…) only, overriding WithAstraErrorStyle there.
// WithRoleErrorStyle(AstraErrorsString) reproduces the bare JSON strings
// the role endpoints have been seen sending.
func WithRoleErrorStyle(style AstraErrorStyle) Option {
	return func(cfg *config) (err error) {
		if cfg.astra, err = cfg.astra.WithRoleErrorStyle(astra.ErrorStyle(style)); err != nil {
			return fmt.Errorf("fakeserver: WithRoleErrorStyle(%d): %w", style, err)
		}
		return nil
	}
}

// WithPermissionDeniedStatus sets the status the Astra endpoints answer
// when a valid token's roles lack the permission an operation needs:
// http.StatusForbidden (the default) or http.StatusUnauthorized, which some
// real endpoints send instead.
func WithPermissionDeniedStatus(status int) Option {
	return func(cfg *config) (err error) {
		if cfg.astra, err = cfg.astra.WithPermissionDeniedStatus(status); err != nil {
			return fmt.Errorf("fakeserver: WithPermissionDeniedStatus(%d): %w", status, err)
		}
		return nil
	}
}

// AddOrganization creates an Astra organization named name, seeded with the
// built-in roles, and returns its new ID. It has no users or tokens; add a
// token with AddToken.
func (s *Server) AddOrganization(name string) (orgID string) {
	id, _ := s.astra.AddOrganization("", name) // a drawn ID cannot clash
	return id
}

// AddToken creates an application token for the organization orgID with
// the given roles, each named by role ID or by role name ("Organization
// Administrator"). The token has the real form,
// AstraCS:<24 letters>:<64 hex digits>, drawn from the server's ID source
// (repeatable under WithSeed). A token with no roles is valid but may only
// read GET /v2/currentOrg.
func (s *Server) AddToken(orgID string, roles ...string) (token string, err error) {
	token, err = s.astra.NewToken(orgID, roles)
	if err != nil {
		return "", fmt.Errorf("fakeserver: %w", err)
	}
	return token, nil
}

// loadAstraFixture stores a fixture's Astra organizations (with their
// roles, users, tokens and Langflow tenants) and notes the first
// organization and token in creds. IDs are drawn in fixture order, so a
// seeded server generates the same ones every run. Its errors name the
// failing record.
func loadAstraFixture(a *astra.API, f *Fixture, creds *Credentials) error {
	for i := range f.Organizations {
		o := &f.Organizations[i]
		id, err := loadOrganization(a, o)
		if err != nil {
			return fmt.Errorf("fakeserver: fixture: organizations[%d]%v", i, err)
		}
		if i == 0 {
			creds.OrgID, creds.OrgName = id, o.Name
		}
		if creds.AstraToken == "" && len(o.Tokens) > 0 {
			creds.OrgID, creds.OrgName, creds.AstraToken = id, o.Name, o.Tokens[0].Token
		}
	}
	return nil
}

// loadOrganization stores one organization and everything in it. Its
// errors start with the path of the failing record below the organization.
func loadOrganization(a *astra.API, o *FixtureOrganization) (string, error) {
	id, err := a.AddOrganization(o.ID, o.Name)
	if err != nil {
		return "", fmt.Errorf(": %v", err)
	}
	for j, r := range o.Roles {
		err := a.SeedRole(id, astra.RoleSeed{
			ID: r.ID, Name: r.Name, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy,
			Description: r.Policy.Description, Resources: r.Policy.Resources, Actions: r.Policy.Actions, Effect: r.Policy.Effect,
		})
		if err != nil {
			return "", fmt.Errorf(".roles[%d] (%q): %v", j, r.Name, err)
		}
	}
	for j, u := range o.Users {
		if err := a.SeedUser(id, astra.UserSeed{ID: u.ID, Email: u.Email, Status: u.Status, Roles: u.Roles}); err != nil {
			return "", fmt.Errorf(".users[%d] (%q): %v", j, u.Email, err)
		}
	}
	for j, t := range o.Tokens {
		if err := a.AddToken(id, t.Token, t.Roles); err != nil {
			return "", fmt.Errorf(".tokens[%d]: %v", j, err)
		}
	}
	for j, t := range o.LangflowTenants {
		err := a.SeedLangflowTenant(id, astra.TenantSeed{
			ID: t.ID, CloudProvider: t.CloudProvider, Region: t.Region, Status: t.Status,
			CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
		})
		if err != nil {
			return "", fmt.Errorf(".langflow_tenants[%d]: %v", j, err)
		}
	}
	return id, nil
}
