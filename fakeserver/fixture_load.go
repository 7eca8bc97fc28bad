package fakeserver

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// load stores a fixture in the (empty) stores of a new Server and returns
// the credentials it holds. IDs are drawn in fixture order, so a seeded
// server generates the same ones every run.
func (s *Server) load(f *Fixture) (Credentials, error) {
	var creds Credentials
	now := s.env.clock.Now()
	for i := range f.Organizations {
		o := &f.Organizations[i]
		fail := func(format string, args ...any) (Credentials, error) {
			return Credentials{}, fmt.Errorf("fakeserver: fixture: organizations[%d]%s", i, fmt.Sprintf(format, args...))
		}
		id, err := s.loadOrganization(o, now)
		if err != nil {
			return fail("%v", err)
		}
		if i == 0 {
			creds.OrgID, creds.OrgName = id, o.Name
		}
		if creds.AstraToken == "" && len(o.Tokens) > 0 {
			creds.OrgID, creds.OrgName, creds.AstraToken = id, o.Name, o.Tokens[0].Token
		}
	}
	for i, k := range f.ArgoAdminKeys {
		if err := s.argo.admins.add(k.Key, k.Flavour); err != nil {
			return Credentials{}, fmt.Errorf("fakeserver: fixture: argo_admin_keys[%d]: %w", i, err)
		}
		switch {
		case k.Flavour == ArgoSuperAdmin && creds.ArgoAdminKey == "":
			creds.ArgoAdminKey = k.Key
		case k.Flavour == ArgoSuperAdminRestricted && creds.ArgoRestrictedAdminKey == "":
			creds.ArgoRestrictedAdminKey = k.Key
		case k.Flavour == ArgoSuperAdminUI && creds.ArgoUIAdminKey == "":
			creds.ArgoUIAdminKey = k.Key
		}
	}
	if len(f.ArgoTenants) > 0 {
		in, err := argoSeedTenants(f.ArgoTenants)
		if err != nil {
			return Credentials{}, err
		}
		if _, err := s.argo.store.seed(in, now.UTC().Format(argoTimeLayout)); err != nil {
			return Credentials{}, fmt.Errorf("fakeserver: fixture: argo_tenants: %w",
				unwrapPrefix(err, "fakeserver: SeedArgoTenants: "))
		}
	}
	return creds, nil
}

// unwrapPrefix drops the hook's name from a store error reused for
// fixtures.
func unwrapPrefix(err error, prefix string) error {
	if msg, ok := strings.CutPrefix(err.Error(), prefix); ok {
		return fmt.Errorf("%s", msg)
	}
	return err
}

// loadOrganization stores one organization with its roles, users, tokens
// and Langflow tenants. Its errors name the failing record.
func (s *Server) loadOrganization(o *FixtureOrganization, now time.Time) (string, error) {
	st := s.astra.store
	id := o.ID
	if id == "" {
		id = s.env.ids.uuid()
	}
	if err := st.addOrg(id, o.Name); err != nil {
		return "", fmt.Errorf(": %s", strings.TrimPrefix(err.Error(), "fakeserver: "))
	}
	for j := range o.Roles {
		if err := s.loadRole(id, &o.Roles[j], now); err != nil {
			return "", fmt.Errorf(".roles[%d] (%q): %v", j, o.Roles[j].Name, err)
		}
	}
	for j := range o.Users {
		if err := s.loadUser(id, &o.Users[j]); err != nil {
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
		if err := s.loadLangflowTenant(id, &o.LangflowTenants[j], now); err != nil {
			return "", fmt.Errorf(".langflow_tenants[%d]: %v", j, err)
		}
	}
	return id, nil
}

func (s *Server) loadRole(orgID string, r *FixtureRole, now time.Time) error {
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
		id = s.env.ids.uuid()
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
	if err := s.astra.store.addRole(orgID, role); err != nil {
		return err
	}
	return nil
}

func (s *Server) loadUser(orgID string, u *FixtureUser) error {
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
		id = s.env.ids.uuid()
	}
	err := s.astra.store.addUser(orgID, &astraUser{
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

func (s *Server) loadLangflowTenant(orgID string, t *FixtureLangflowTenant, now time.Time) error {
	provider, ok := langflowProvider(t.CloudProvider)
	if !ok {
		return fmt.Errorf("invalid cloud_provider %q: must be one of aws, gcp, azure", t.CloudProvider)
	}
	if !validRegion(t.Region) {
		return fmt.Errorf("invalid region %q: must match [a-z0-9-]+", t.Region)
	}
	id := t.ID
	if id == "" {
		id = s.env.ids.uuid()
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
	if err := s.astra.store.addTenant(lt); err != nil {
		return fmt.Errorf("%s", err.msg)
	}
	return nil
}

// argoSeedTenants converts fixture tenants to the form SeedArgoTenants
// stores.
func argoSeedTenants(in []FixtureArgoTenant) ([]argoSeedTenant, error) {
	out := make([]argoSeedTenant, len(in))
	for i, t := range in {
		st := &out[i]
		st.ID = t.ID
		st.Info = argoInfo(t.Info)
		st.Topology = argoTopology(t.Topology)
		if t.DBConf != nil {
			st.DBConf = make([]argoDBConf, len(t.DBConf))
			for j, c := range t.DBConf {
				st.DBConf[j] = argoDBConf(c)
			}
		}
		if t.Users != nil {
			st.Users = make([]argoUserBody, len(t.Users))
			for j, u := range t.Users {
				st.Users[j] = argoUserBody(u)
			}
		}
		if len(t.Status) > 0 {
			st.Status = new(argoStatus)
			if err := json.Unmarshal(t.Status, st.Status); err != nil {
				return nil, fmt.Errorf("fakeserver: fixture: argo_tenants[%d] (name %q): status: %w", i, t.Info.Name, err)
			}
		}
	}
	return out, nil
}
