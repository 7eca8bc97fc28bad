package fakeserver

import (
	"fmt"
)

// Test hooks for the Astra half: they set up state and trigger what the
// real service does on its own (a user accepting an invitation, a tenant
// deactivated for inactivity). Each is safe for concurrent use and reports
// bad input as an error, never a panic.

// AddOrganization creates an Astra organization named name, seeded with the
// built-in roles, and returns its new ID. It has no users or tokens; add a
// token with AddToken.
func (s *Server) AddOrganization(name string) (orgID string) {
	for {
		// A repeated UUID is all addOrg can fail on; draw again.
		id := s.env.ids.uuid()
		if s.astra.store.addOrg(id, name) == nil {
			return id
		}
	}
}

// AddToken creates an application token for the organization orgID with
// the given roles, each named by role ID or by role name ("Organization
// Administrator"). The token has the real form,
// AstraCS:<24 letters>:<64 hex digits>, drawn from the server's ID source
// (repeatable under WithSeed). A token with no roles is valid but may only
// read GET /v2/currentOrg.
func (s *Server) AddToken(orgID string, roles ...string) (token string, err error) {
	token = newAstraToken(s.env.ids)
	if err := s.astra.store.addToken(token, astraClientID(token), orgID, roles); err != nil {
		return "", err
	}
	return token, nil
}

// AcceptInvitation turns the invited user with the given email (compared
// case-insensitively) into an active member of the organization, as
// following the link in the invitation email does. It fails if the
// organization or user does not exist or the user is not invited.
func (s *Server) AcceptInvitation(orgID, email string) error {
	return s.astra.store.acceptInvitation(orgID, email)
}

// DeactivateLangflowTenant deactivates a Langflow tenant, as the real
// service does after a period of inactivity; PATCH …/reactivate brings it
// back. It fails for an unknown tenant and for a failed or terminated one.
func (s *Server) DeactivateLangflowTenant(tenantID string) error {
	now := s.env.clock.Now()
	delay := s.astra.cfg.provisioningDelay
	_, err := s.astra.store.updateTenant("", tenantID, func(t *langflowTenant) (*langflowTenant, error) {
		switch status, _ := t.statusAt(now, delay); status {
		case tenantFailed, tenantTerminated:
			return nil, fmt.Errorf("fakeserver: DeactivateLangflowTenant: tenant %s is %s", tenantID, status)
		case tenantDeactivated:
			return t, nil
		}
		return t.withPhase(phasePinned, now, tenantDeactivated), nil
	})
	return hookTenantError("DeactivateLangflowTenant", tenantID, err)
}

// FinishProvisioning makes a Langflow tenant that is created, provisioning
// or reactivating active at once, without waiting for the provisioning
// delay. An active tenant is left as it is. It fails for an unknown tenant
// and for any other status.
func (s *Server) FinishProvisioning(tenantID string) error {
	now := s.env.clock.Now()
	delay := s.astra.cfg.provisioningDelay
	_, err := s.astra.store.updateTenant("", tenantID, func(t *langflowTenant) (*langflowTenant, error) {
		switch status, _ := t.statusAt(now, delay); status {
		case tenantCreated, tenantProvisioning, tenantReactivating:
			return t.withPhase(phasePinned, now, tenantActive), nil
		case tenantActive:
			return t, nil
		default:
			return nil, fmt.Errorf("fakeserver: FinishProvisioning: tenant %s is %s, not provisioning", tenantID, status)
		}
	})
	return hookTenantError("FinishProvisioning", tenantID, err)
}

// SetLangflowTenantStatus pins a Langflow tenant's status to status, which
// may be any non-empty string: "failed" and "terminated" (which cannot be
// reactivated), or a status the SDK does not know, to test that it copes.
// The status stays until reactivation (from "deactivated") or another hook
// changes it; updated_at becomes the current time.
func (s *Server) SetLangflowTenantStatus(tenantID, status string) error {
	if status == "" {
		return fmt.Errorf("fakeserver: SetLangflowTenantStatus: empty status")
	}
	now := s.env.clock.Now()
	_, err := s.astra.store.updateTenant("", tenantID, func(t *langflowTenant) (*langflowTenant, error) {
		return t.withPhase(phasePinned, now, status), nil
	})
	return hookTenantError("SetLangflowTenantStatus", tenantID, err)
}
