package fakeserver

// The ARGO Web API half's face: its public types and options, its test
// hooks and how a Fixture's ARGO part is loaded. The half itself is
// internal/argo; this file only converts and delegates.

import (
	"encoding/json"
	"fmt"

	"github.com/tenantkit/tenantkit/fakeserver/internal/argo"
)

// ArgoAdminFlavour is the kind of an ARGO admin key. Its value is the role
// the real server gives a request made with such a key, the role name that
// route-role tables (see [WithArgoRouteRoles]) refer to.
type ArgoAdminFlavour string

// The three kinds of ARGO admin key. The real server stores admin keys with
// optional flags: "restricted: true" makes a super_admin_restricted key,
// otherwise "super_admin_ui: true" makes a super_admin_ui key, otherwise the
// key is a super_admin key.
const (
	// ArgoSuperAdmin may use every admin route under the default table.
	ArgoSuperAdmin ArgoAdminFlavour = "super_admin"
	// ArgoSuperAdminRestricted lists tenants without db_conf and users, and
	// reads engine status and users by ID.
	ArgoSuperAdminRestricted ArgoAdminFlavour = "super_admin_restricted"
	// ArgoSuperAdminUI lists only the tenants that have a user with the
	// admin_ui role, each with only those users, and reads engine status and
	// users by ID.
	ArgoSuperAdminUI ArgoAdminFlavour = "super_admin_ui"
)

// WithArgoRouteRoles replaces the ARGO route-name → roles table (the real
// server's "roles" collection), which decides which admin flavours may use
// each admin route; a request whose flavour's role is not listed for the
// route gets 403. Route names are those of the real server, such as
// "tenants.list", "tenants.get" and "tenants.user_by_id"; a route missing
// from the table is closed to everyone, and roles other than the three
// flavours' are allowed but match nothing. Start from
// [ArgoDefaultRouteRoles] (the default) or [ArgoUnitTestRouteRoles]. The
// table is copied when WithArgoRouteRoles is called. An unknown route name
// makes New fail.
func WithArgoRouteRoles(table map[string][]string) Option {
	with, err := argo.DefaultConfig().WithRouteRoles(table)
	return func(cfg *config) error {
		if err != nil {
			return fmt.Errorf("fakeserver: WithArgoRouteRoles: %w", err)
		}
		cfg.argo.RouteRoles = with.RouteRoles
		return nil
	}
}

// WithArgoBodyLimit sets how many bytes of an ARGO request body the fake
// reads (default 64 MiB); the rest is ignored, so a longer body is
// malformed JSON (400), as with the real server's 1 GiB limit. n must be
// at least 1.
func WithArgoBodyLimit(n int64) Option {
	return func(cfg *config) (err error) {
		if cfg.argo, err = cfg.argo.WithBodyLimit(n); err != nil {
			return fmt.Errorf("fakeserver: WithArgoBodyLimit: %w", err)
		}
		return nil
	}
}

// ArgoDefaultRouteRoles returns the route-name → roles table the real
// server installs by default (scripts/mongodb/populate_default_roles.js,
// recorded in openapi.yaml as each operation's x-argo-roles): every route
// is open to super_admin; tenants.list, tenants.get_status and
// tenants.user_by_id are also open to super_admin_restricted and
// super_admin_ui. Every Server uses it unless [WithArgoRouteRoles] says
// otherwise. The map is a fresh copy; change it and pass it to
// WithArgoRouteRoles to tweak a single route.
func ArgoDefaultRouteRoles() map[string][]string { return argo.DefaultRouteRoles() }

// ArgoUnitTestRouteRoles returns the route-name → roles table the real
// server's own unit tests seed, which differs from the default in three
// routes: tenants.get is open to super_admin and super_admin_ui (so UI
// admins can read a single tenant, reduced to its admin_ui users),
// tenants.get_status to super_admin only, and tenants.user_by_id to
// super_admin and super_admin_restricted. Use it with [WithArgoRouteRoles]
// to reproduce the upstream tests' expectations.
func ArgoUnitTestRouteRoles() map[string][]string { return argo.UnitTestRouteRoles() }

// AddArgoAdminKey makes key an ARGO admin key of the given flavour, valid at
// once for requests under /api/v2/admin. Adding a key that is already an
// admin key of the same flavour does nothing. It fails, changing nothing, if
// key is empty (the real server would then let requests without a key in),
// if the flavour is not one of ArgoSuperAdmin, ArgoSuperAdminRestricted and
// ArgoSuperAdminUI, if key is already an admin key of another flavour, or
// if key is the control token (WithControlToken).
// Admin keys and tenant users' api keys are separate: a key may be both,
// and only its admin flavour counts on the admin routes.
func (s *Server) AddArgoAdminKey(key string, flavour ArgoAdminFlavour) error {
	if s.control != nil && key == s.control.token {
		return fmt.Errorf("fakeserver: AddArgoAdminKey: %w", errControlTokenAsCredential)
	}
	if err := s.argo.AddAdminKey(key, argo.Flavour(flavour)); err != nil {
		return fmt.Errorf("fakeserver: AddArgoAdminKey: %w", err)
	}
	return nil
}

// RemoveArgoAdminKey revokes an ARGO admin key (including the default
// fixture's keys): requests made with it get 401 from then on. It fails if
// key is not an admin key.
func (s *Server) RemoveArgoAdminKey(key string) error {
	if err := s.argo.RemoveAdminKey(key); err != nil {
		return fmt.Errorf("fakeserver: RemoveArgoAdminKey: %w", err)
	}
	return nil
}

// SeedArgoTenants stores ARGO tenants directly, bypassing the API. data is
// a JSON array of tenants in the shape the "data" member of GET
// /api/v2/admin/tenants has (id, info, db_conf, topology, users), each
// optionally with a "status" member in the shape PUT .../status takes.
// Unlike the API it keeps what it is given: tenant and user IDs, api keys,
// info.created and info.updated. Missing IDs and api keys are generated, a
// missing created is the clock's now and a missing updated is created.
// Seeded tenants come after the existing ones, in the given order.
//
// The same rules as the API hold, checked against the store and within
// data: tenant names, tenant IDs, user IDs and api keys are unique. On any
// error nothing is stored. It returns the tenants' IDs in order.
func (s *Server) SeedArgoTenants(data []byte) ([]string, error) {
	in, err := argo.ParseSeed(data)
	if err == nil {
		var ids []string
		if ids, err = s.argo.Seed(in); err == nil {
			return ids, nil
		}
	}
	return nil, fmt.Errorf("fakeserver: SeedArgoTenants: %w", err)
}

// loadArgoFixture stores a fixture's admin keys and ARGO tenants and notes
// the first admin key of each flavour in creds.
func loadArgoFixture(a *argo.API, f *Fixture, creds *Credentials) error {
	for i, k := range f.ArgoAdminKeys {
		if err := a.AddAdminKey(k.Key, argo.Flavour(k.Flavour)); err != nil {
			return fmt.Errorf("fakeserver: fixture: argo_admin_keys[%d]: %w", i, err)
		}
		first := &creds.ArgoAdminKey
		switch k.Flavour {
		case ArgoSuperAdminRestricted:
			first = &creds.ArgoRestrictedAdminKey
		case ArgoSuperAdminUI:
			first = &creds.ArgoUIAdminKey
		}
		if *first == "" {
			*first = k.Key
		}
	}
	if len(f.ArgoTenants) == 0 {
		return nil
	}
	in := make([]argo.SeedTenant, len(f.ArgoTenants))
	for i, t := range f.ArgoTenants {
		st := &in[i]
		st.ID, st.Info, st.Topology = t.ID, argo.Info(t.Info), argo.Topology(t.Topology)
		if t.DBConf != nil {
			st.DBConf = make([]argo.DBConf, len(t.DBConf))
			for j, c := range t.DBConf {
				st.DBConf[j] = argo.DBConf(c)
			}
		}
		if t.Users != nil {
			st.Users = make([]argo.UserBody, len(t.Users))
			for j, u := range t.Users {
				st.Users[j] = argo.UserBody(u)
			}
		}
		if len(t.Status) > 0 {
			st.Status = new(argo.Status)
			if err := json.Unmarshal(t.Status, st.Status); err != nil {
				return fmt.Errorf("fakeserver: fixture: argo_tenants[%d] (name %q): status: %w", i, t.Info.Name, err)
			}
		}
	}
	if _, err := a.Seed(in); err != nil {
		return fmt.Errorf("fakeserver: fixture: argo_tenants: %w", err)
	}
	return nil
}
