package astra

// Seeding: state put in place without going through the API, for
// fixtures and test hooks (fakeserver.Fixture, AddOrganization, AddToken).
// Each check is the API's own; an error names what is wrong, and the
// caller names the record.

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// RoleSeed is a custom role as a fixture gives it.
type RoleSeed struct {
	ID, Name    string // ID generated if empty
	Description string
	Resources   []string
	Actions     []string
	Effect      string    // "" is "allow"
	UpdatedAt   time.Time // zero: the clock's now
	UpdatedBy   string
}

// UserSeed is a member or invitee as a fixture gives it.
type UserSeed struct {
	ID, Email string   // ID generated if empty
	Status    string   // "active" (the default) or "invited"
	Roles     []string // by ID or name
}

// TenantSeed is a Langflow tenant as a fixture gives it.
type TenantSeed struct {
	ID                    string // generated if empty
	CloudProvider, Region string
	Status                string    // "": provisions from CreatedAt; any other value pins it
	CreatedAt, UpdatedAt  time.Time // zero: now, and CreatedAt
}

// AddOrganization creates an organization seeded with the built-in roles.
// An empty id draws one.
func (a *API) AddOrganization(id, name string) (string, error) {
	if id != "" {
		return id, a.store.addOrg(id, name)
	}
	for {
		// A repeated UUID is all addOrg can fail on; draw again.
		if id := a.env.IDs.UUID(); a.store.addOrg(id, name) == nil {
			return id, nil
		}
	}
}

// AddToken stores token for the organization with roles given by ID or
// name.
func (a *API) AddToken(orgID, token string, roles []string) error {
	if token == "" || strings.ContainsAny(token, " \t\r\n") {
		return errors.New("a token must be non-empty, without spaces")
	}
	return a.store.addToken(token, clientIDOf(token), orgID, roles)
}

// NewToken draws a token in the real form, AstraCS:<24 letters>:<64 hex
// digits>, and stores it as AddToken does.
func (a *API) NewToken(orgID string, roles []string) (string, error) {
	token := newToken(a.env.IDs)
	if err := a.store.addToken(token, clientIDOf(token), orgID, roles); err != nil {
		return "", err
	}
	return token, nil
}

// SeedRole stores a custom role, checked as the role endpoints check one.
func (a *API) SeedRole(orgID string, r RoleSeed) error {
	p := &policyRequest{
		Description: &r.Description, // a fixture's empty description is an empty one
		Resources:   r.Resources,
		Actions:     r.Actions,
		Effect:      r.Effect,
	}
	if p.Effect == "" {
		p.Effect = policyEffectAllow
	}
	if err := checkRole(&r.Name, p); err != nil {
		return err
	}
	id := a.idOr(r.ID)
	at := a.timeOr(r.UpdatedAt)
	return a.store.addRole(orgID, &orgRole{
		id:        id,
		name:      r.Name,
		policy:    newPolicy(r.Description, p.Resources, p.Actions, p.Effect),
		updatedAt: at.UTC().Format(time.RFC3339),
		updatedBy: r.UpdatedBy,
	})
}

// SeedUser stores a member or an invitee.
func (a *API) SeedUser(orgID string, u UserSeed) error {
	if !validEmail(u.Email) {
		return fmt.Errorf("invalid email address %q", u.Email)
	}
	status := u.Status
	switch status {
	case "":
		status = userActive
	case userActive, userInvited:
	default:
		return fmt.Errorf("status %q is neither %q nor %q", status, userActive, userInvited)
	}
	id := a.idOr(u.ID)
	return a.store.addUser(orgID, &orgUser{
		id:     id,
		email:  strings.ToLower(u.Email),
		status: status,
		roles:  append([]string(nil), u.Roles...),
	})
}

// SeedLangflowTenant stores a Langflow tenant.
func (a *API) SeedLangflowTenant(orgID string, t TenantSeed) error {
	provider, ok := langflowProvider(t.CloudProvider)
	if !ok {
		return fmt.Errorf("invalid cloud_provider %q: must be one of aws, gcp, azure", t.CloudProvider)
	}
	if !validRegion(t.Region) {
		return fmt.Errorf("invalid region %q: must match [a-z0-9-]+", t.Region)
	}
	id := a.idOr(t.ID)
	created := a.timeOr(t.CreatedAt)
	lt := &langflowTenant{
		id:            id,
		orgID:         orgID,
		cloudProvider: provider,
		region:        t.Region,
		createdAt:     created,
		phase:         phaseProvisioning,
		phaseStart:    created,
	}
	if t.Status != "" {
		updated := t.UpdatedAt
		if updated.IsZero() {
			updated = created
		}
		lt = lt.withPhase(phasePinned, updated, t.Status)
	}
	if err := a.store.addTenant(lt); err != nil {
		return errors.New(err.msg)
	}
	return nil
}

// idOr is id, or a drawn one if it is empty.
func (a *API) idOr(id string) string {
	if id == "" {
		return a.env.IDs.UUID()
	}
	return id
}

// timeOr is t, or the clock's now if it is zero.
func (a *API) timeOr(t time.Time) time.Time {
	if t.IsZero() {
		return a.now()
	}
	return t
}
