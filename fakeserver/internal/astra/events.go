package astra

// What the real service does on its own, which tests trigger through
// fakeserver's hooks (AcceptInvitation, FinishProvisioning, …). Each
// changes the store atomically, as a request does.

import (
	"errors"
	"fmt"
	"net/http"
)

// AcceptInvitation turns the invited user with the given email (compared
// case-insensitively) into an active member.
func (a *API) AcceptInvitation(orgID, email string) error {
	return a.store.acceptInvitation(orgID, email)
}

// DeactivateLangflowTenant deactivates a tenant, unless it is failed or
// terminated.
func (a *API) DeactivateLangflowTenant(tenantID string) error {
	now := a.now()
	delay := a.cfg.provisioningDelay
	_, err := a.store.updateTenant("", tenantID, func(t *langflowTenant) (*langflowTenant, error) {
		switch status, _ := t.statusAt(now, delay); status {
		case tenantFailed, tenantTerminated:
			return nil, fmt.Errorf("tenant %s is %s", tenantID, status)
		case tenantDeactivated:
			return t, nil
		}
		return t.withPhase(phasePinned, now, tenantDeactivated), nil
	})
	return tenantHookError(tenantID, err)
}

// FinishProvisioning makes a created, provisioning or reactivating tenant
// active at once; an active one stays so.
func (a *API) FinishProvisioning(tenantID string) error {
	now := a.now()
	delay := a.cfg.provisioningDelay
	_, err := a.store.updateTenant("", tenantID, func(t *langflowTenant) (*langflowTenant, error) {
		switch status, _ := t.statusAt(now, delay); status {
		case tenantCreated, tenantProvisioning, tenantReactivating:
			return t.withPhase(phasePinned, now, tenantActive), nil
		case tenantActive:
			return t, nil
		default:
			return nil, fmt.Errorf("tenant %s is %s, not provisioning", tenantID, status)
		}
	})
	return tenantHookError(tenantID, err)
}

// SetLangflowTenantStatus pins a tenant's status (non-empty) from now.
func (a *API) SetLangflowTenantStatus(tenantID, status string) error {
	if status == "" {
		return errors.New("empty status")
	}
	now := a.now()
	_, err := a.store.updateTenant("", tenantID, func(t *langflowTenant) (*langflowTenant, error) {
		return t.withPhase(phasePinned, now, status), nil
	})
	return tenantHookError(tenantID, err)
}

// tenantHookError turns the store's 404 into a hook's error.
func tenantHookError(tenantID string, err error) error {
	var f *failure
	if errors.As(err, &f) && f.status == http.StatusNotFound {
		return fmt.Errorf("unknown Langflow tenant %q", tenantID)
	}
	return err
}
