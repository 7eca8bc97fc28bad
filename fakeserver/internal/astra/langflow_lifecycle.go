package astra

import "time"

// Langflow tenant statuses (openapi.yaml, LangflowTenant).
const (
	tenantCreated      = "created"
	tenantProvisioning = "provisioning"
	tenantActive       = "active"
	tenantDeactivated  = "deactivated"
	tenantReactivating = "reactivating"
	tenantFailed       = "failed"
	tenantTerminated   = "terminated"
)

// langflowCreatedFor is how long a new tenant reports "created" before it
// reports "provisioning".
const langflowCreatedFor = 100 * time.Millisecond

// defaultProvisioningDelay is how long after creation (or reactivation) a
// tenant becomes active, unless WithProvisioningDelay says otherwise.
const defaultProvisioningDelay = time.Second

// tenantPhase says how a tenant's status is computed. The status is never
// stored while it moves on its own: it is derived from the phase, the time
// the phase began and the clock, so a virtual clock drives it exactly.
type tenantPhase uint8

const (
	// phaseProvisioning: created, then provisioning, then active.
	phaseProvisioning tenantPhase = iota
	// phaseReactivating: reactivating, then active.
	phaseReactivating
	// phasePinned: the status is pinned (a test hook, or deactivation).
	phasePinned
)

// langflowTenant is one stored tenant; like every store record it is
// immutable once stored.
type langflowTenant struct {
	id, orgID     string
	cloudProvider string
	region        string // the url is rendered from these (langflowURL)
	createdAt     time.Time

	phase      tenantPhase
	phaseStart time.Time
	pinned     string // the status, when phase is phasePinned
}

// statusAt returns the tenant's status at now, and when that status began
// (the tenant's updated_at). A clock that runs backwards past the start of
// the phase reads as the start of the phase.
func (t *langflowTenant) statusAt(now time.Time, delay time.Duration) (string, time.Time) {
	elapsed := max(now.Sub(t.phaseStart), 0)
	switch t.phase {
	case phaseProvisioning:
		switch {
		case delay == 0:
			return tenantActive, t.phaseStart
		case elapsed < langflowCreatedFor:
			return tenantCreated, t.phaseStart
		case elapsed < delay:
			return tenantProvisioning, t.phaseStart.Add(langflowCreatedFor)
		default:
			return tenantActive, t.phaseStart.Add(delay)
		}
	case phaseReactivating:
		if elapsed < delay {
			return tenantReactivating, t.phaseStart
		}
		return tenantActive, t.phaseStart.Add(delay)
	default:
		return t.pinned, t.phaseStart
	}
}

// withPhase returns a copy of t in a new phase starting at start.
func (t *langflowTenant) withPhase(phase tenantPhase, start time.Time, pinned string) *langflowTenant {
	c := *t
	c.phase, c.phaseStart, c.pinned = phase, start, pinned
	return &c
}

// reactivated is the tenant after a reactivate request at now: deactivated
// tenants start reactivating; failed and terminated ones cannot; any other
// status is left as it is (the request is idempotent).
func (t *langflowTenant) reactivated(now time.Time, delay time.Duration) (*langflowTenant, *failure) {
	status, _ := t.statusAt(now, delay)
	switch status {
	case tenantDeactivated:
		return t.withPhase(phaseReactivating, now, ""), nil
	case tenantFailed, tenantTerminated:
		return nil, errConflict("tenant cannot be reactivated from status " + status)
	default:
		return t, nil
	}
}
