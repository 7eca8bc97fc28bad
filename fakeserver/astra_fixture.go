package fakeserver

import (
	"fmt"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// loadAstraFixture stores a fixture's Astra organizations (with their
// roles, users, tokens and Langflow tenants) and notes the first
// organization and token in creds. IDs are drawn in fixture order, so a
// seeded server generates the same ones every run.
func loadAstraFixture(a *astraAPI, e half.Env, f *Fixture, creds *Credentials) error {
	now := e.Clock.Now()
	for i := range f.Organizations {
		o := &f.Organizations[i]
		id, err := loadOrganization(a, e, o, now)
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

// loadOrganization stores one organization with its roles, users, tokens
// and Langflow tenants. Its errors name the failing record.
func loadOrganization(a *astraAPI, e half.Env, o *FixtureOrganization, now time.Time) (string, error) {
	st := a.store
	id := o.ID
	if id == "" {
		id = e.IDs.UUID()
	}
	if err := st.addOrg(id, o.Name); err != nil {
		return "", fmt.Errorf(": %s", strings.TrimPrefix(err.Error(), "fakeserver: "))
	}
	for j := range o.Roles {
		if err := loadRole(a, e, id, &o.Roles[j], now); err != nil {
			return "", fmt.Errorf(".roles[%d] (%q): %v", j, o.Roles[j].Name, err)
		}
	}
	for j := range o.Users {
		if err := loadUser(a, e, id, &o.Users[j]); err != nil {
			return "", fmt.Errorf(".users[%d] (%q): %v", j, o.Users[j].Email, err)
		}
	}
	for j, t := range o.Tokens {
		if t.Token == "" || strings.ContainsAny(t.Token, " \t\r\n") {
			return "", fmt.Errorf(".tokens[%d]: a token must be non-empty, without spaces", j)
		}
		if err := st.addToken(t.Token, astraClientID(t.Token), id, t.Roles); err != nil {
			return "", fmt.Errorf(".tokens[%d]: %s", j, strings.TrimPrefix(err.Error(), "fakeserver: "))
		}
	}
	for j := range o.LangflowTenants {
		if err := loadLangflowTenant(a, e, id, &o.LangflowTenants[j], now); err != nil {
			return "", fmt.Errorf(".langflow_tenants[%d]: %v", j, err)
		}
	}
	return id, nil
}

func loadRole(a *astraAPI, e half.Env, orgID string, r *FixtureRole, now time.Time) error {
	p := &policyRequest{
		Description: &r.Policy.Description, // a fixture's empty description is an empty one
		Resources:   r.Policy.Resources,
		Actions:     r.Policy.Actions,
		Effect:      r.Policy.Effect,
	}
	if p.Effect == "" {
		p.Effect = policyEffectAllow
	}
	if err := checkRole(&r.Name, p); err != nil {
		return err
	}
	id := r.ID
	if id == "" {
		id = e.IDs.UUID()
	}
	at := r.UpdatedAt
	if at.IsZero() {
		at = now
	}
	role := &astraRole{
		id:        id,
		name:      r.Name,
		policy:    newAstraPolicy(*p.Description, p.Resources, p.Actions, p.Effect),
		updatedAt: at.UTC().Format(time.RFC3339),
		updatedBy: r.UpdatedBy,
	}
	if err := a.store.addRole(orgID, role); err != nil {
		return err
	}
	return nil
}

func loadUser(a *astraAPI, e half.Env, orgID string, u *FixtureUser) error {
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
	id := u.ID
	if id == "" {
		id = e.IDs.UUID()
	}
	err := a.store.addUser(orgID, &astraUser{
		id:     id,
		email:  strings.ToLower(u.Email),
		status: status,
		roles:  append([]string(nil), u.Roles...),
	})
	if err != nil {
		return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "fakeserver: "))
	}
	return nil
}

func loadLangflowTenant(a *astraAPI, e half.Env, orgID string, t *FixtureLangflowTenant, now time.Time) error {
	provider, ok := langflowProvider(t.CloudProvider)
	if !ok {
		return fmt.Errorf("invalid cloud_provider %q: must be one of aws, gcp, azure", t.CloudProvider)
	}
	if !validRegion(t.Region) {
		return fmt.Errorf("invalid region %q: must match [a-z0-9-]+", t.Region)
	}
	id := t.ID
	if id == "" {
		id = e.IDs.UUID()
	}
	created := t.CreatedAt
	if created.IsZero() {
		created = now
	}
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
		return fmt.Errorf("%s", err.msg)
	}
	return nil
}
