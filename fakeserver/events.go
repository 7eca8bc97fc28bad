package fakeserver

import (
	"fmt"
	"strings"
)

// Server-side events: what the real services do on their own, which a test
// triggers through these hooks to exercise the client's handling of it.
//
//   - AcceptInvitation: an invited user follows the link in the invitation
//     email and becomes an active member.
//   - FinishProvisioning: a Langflow tenant finishes provisioning (or
//     reactivating) at once, without waiting for the provisioning delay on
//     the server's clock (WithProvisioningDelay).
//   - DeactivateLangflowTenant: a Langflow tenant is deactivated after a
//     period of inactivity; PATCH …/reactivate brings it back.
//   - SetLangflowTenantStatus: a Langflow tenant's status is pinned, to
//     "failed", "terminated" or a status no client knows yet.
//
// Each changes the store atomically, as a request does, so a Snapshot holds
// it or not, never half of it; each that succeeds is recorded in the
// journal as a Call with Event set to its name and EventArgs to its
// arguments, in order with the requests around it. Each is safe for
// concurrent use and reports bad input as an error, never a panic.

// AcceptInvitation turns the invited user with the given email (compared
// case-insensitively) into an active member of the organization, as
// following the link in the invitation email does. It fails if the
// organization or user does not exist or the user is not invited.
func (s *Server) AcceptInvitation(orgID, email string) error {
	if err := s.astra.AcceptInvitation(orgID, email); err != nil {
		return fmt.Errorf("fakeserver: AcceptInvitation: %w", err)
	}
	s.journal.event(s.env.Clock.Now(), "AcceptInvitation", orgID, strings.ToLower(email))
	return nil
}

// DeactivateLangflowTenant deactivates a Langflow tenant, as the real
// service does after a period of inactivity; PATCH …/reactivate brings it
// back. It fails for an unknown tenant and for a failed or terminated one.
func (s *Server) DeactivateLangflowTenant(tenantID string) error {
	return s.tenantEvent("DeactivateLangflowTenant", s.astra.DeactivateLangflowTenant(tenantID), tenantID)
}

// FinishProvisioning makes a Langflow tenant that is created, provisioning
// or reactivating active at once, without waiting for the provisioning
// delay. An active tenant is left as it is. It fails for an unknown tenant
// and for any other status.
func (s *Server) FinishProvisioning(tenantID string) error {
	return s.tenantEvent("FinishProvisioning", s.astra.FinishProvisioning(tenantID), tenantID)
}

// SetLangflowTenantStatus pins a Langflow tenant's status to status, which
// may be any non-empty string: "failed" and "terminated" (which cannot be
// reactivated), or a status the SDK does not know, to test that it copes.
// The status stays until reactivation (from "deactivated") or another hook
// changes it; updated_at becomes the current time.
func (s *Server) SetLangflowTenantStatus(tenantID, status string) error {
	return s.tenantEvent("SetLangflowTenantStatus", s.astra.SetLangflowTenantStatus(tenantID, status), tenantID, status)
}

// tenantEvent journals a tenant event that succeeded, or returns its error.
func (s *Server) tenantEvent(name string, err error, args ...string) error {
	if err != nil {
		return fmt.Errorf("fakeserver: %s: %w", name, err)
	}
	s.journal.event(s.env.Clock.Now(), name, args...)
	return nil
}
