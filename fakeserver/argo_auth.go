package fakeserver

// ARGO authentication and authorization, as the real argo-web-api does it:
// an admin key ("x-api-key") is looked up among the admin keys only (a
// tenant user's api_key is never an admin key), the key's flavour gives the
// request exactly one role, and a route-name → roles table decides which
// roles may use each route. The fake's deviations from the real server are
// listed in the package documentation (doc.go, "ARGO Web API").

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
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

// argoFlavourBit is a flavour as a bit, so a route's allowed flavours are
// one small mask.
func argoFlavourBit(f ArgoAdminFlavour) uint8 {
	switch f {
	case ArgoSuperAdmin:
		return 1
	case ArgoSuperAdminRestricted:
		return 2
	case ArgoSuperAdminUI:
		return 4
	}
	return 0
}

// argoAdminKeys is the fake's "authentication" collection.
type argoAdminKeys struct {
	mu   sync.RWMutex
	keys map[string]ArgoAdminFlavour
}

func newArgoAdminKeys() *argoAdminKeys {
	return &argoAdminKeys{keys: make(map[string]ArgoAdminFlavour)}
}

func (k *argoAdminKeys) lookup(key string) (ArgoAdminFlavour, bool) {
	k.mu.RLock()
	f, ok := k.keys[key]
	k.mu.RUnlock()
	return f, ok
}

// AddArgoAdminKey makes key an ARGO admin key of the given flavour, valid at
// once for requests under /api/v2/admin. Adding a key that is already an
// admin key of the same flavour does nothing. It fails, changing nothing, if
// key is empty (the real server would then let requests without a key in),
// if the flavour is not one of ArgoSuperAdmin, ArgoSuperAdminRestricted and
// ArgoSuperAdminUI, or if key is already an admin key of another flavour.
// Admin keys and tenant users' api keys are separate: a key may be both,
// and only its admin flavour counts on the admin routes.
func (s *Server) AddArgoAdminKey(key string, flavour ArgoAdminFlavour) error {
	if err := s.argo.admins.add(key, flavour); err != nil {
		return fmt.Errorf("fakeserver: AddArgoAdminKey: %w", err)
	}
	return nil
}

// add makes key an admin key of the given flavour (see AddArgoAdminKey).
func (k *argoAdminKeys) add(key string, flavour ArgoAdminFlavour) error {
	if key == "" {
		return errors.New("empty key")
	}
	if argoFlavourBit(flavour) == 0 {
		return fmt.Errorf("unknown flavour %q (want %q, %q or %q)",
			string(flavour), ArgoSuperAdmin, ArgoSuperAdminRestricted, ArgoSuperAdminUI)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if have, ok := k.keys[key]; ok && have != flavour {
		return fmt.Errorf("the key is already a %s key", have)
	}
	k.keys[key] = flavour
	return nil
}

// RemoveArgoAdminKey revokes an ARGO admin key (including the default
// fixture's keys): requests made with it get 401 from then on. It fails if
// key is not an admin key.
func (s *Server) RemoveArgoAdminKey(key string) error {
	k := s.argo.admins
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.keys[key]; !ok {
		return errors.New("fakeserver: RemoveArgoAdminKey: no such admin key")
	}
	delete(k.keys, key)
	return nil
}

// argoAllowed is a route-role table compiled for lookups: for each
// operation (by its index in argoRoutes), the mask of admin flavours whose
// role the table lists for its route.
type argoAllowed []uint8

func (t argoAllowed) permits(op *route.Op[argoHandler], f ArgoAdminFlavour) bool {
	return t[op.Index]&argoFlavourBit(f) != 0
}

// compileArgoRouteRoles checks a route-name → roles table and compiles it.
// Route names are the registry's (x-argo-route). Roles other than the three
// flavours are allowed (the real table is free data) but can never match a
// request.
func compileArgoRouteRoles(table map[string][]string) (argoAllowed, error) {
	ops := argoRoutes().Ops
	out := make(argoAllowed, len(ops))
	known := make(map[string]bool, len(ops))
	for _, op := range ops {
		known[op.ArgoRoute] = true
		for _, role := range table[op.ArgoRoute] {
			out[op.Index] |= argoFlavourBit(ArgoAdminFlavour(role))
		}
	}
	var unknown []string
	for name := range table {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		names := slices.Sorted(maps.Keys(known))
		return out, fmt.Errorf("fakeserver: WithArgoRouteRoles: unknown route name(s) %q; route names are %s",
			unknown, strings.Join(names, ", "))
	}
	return out, nil
}

// ArgoDefaultRouteRoles returns the route-name → roles table the real
// server installs by default (scripts/mongodb/populate_default_roles.js,
// recorded in openapi.yaml as each operation's x-argo-roles):
// every route is open to super_admin; tenants.list, tenants.get_status and
// tenants.user_by_id are also open to super_admin_restricted and
// super_admin_ui. Every Server uses it unless [WithArgoRouteRoles] says
// otherwise. The map is a fresh copy; change it and pass it to
// WithArgoRouteRoles to tweak a single route.
func ArgoDefaultRouteRoles() map[string][]string {
	table := map[string][]string{}
	for _, op := range argoRoutes().Ops {
		table[op.ArgoRoute] = slices.Clone(op.ArgoRoles)
	}
	return table
}

// ArgoUnitTestRouteRoles returns the route-name → roles table the real
// server's own unit tests seed, which differs from the default in three
// routes: tenants.get is open to super_admin and super_admin_ui (so UI
// admins can read a single tenant, reduced to its admin_ui users),
// tenants.get_status to super_admin only, and tenants.user_by_id to
// super_admin and super_admin_restricted. Use it with [WithArgoRouteRoles]
// to reproduce the upstream tests' expectations.
func ArgoUnitTestRouteRoles() map[string][]string {
	t := ArgoDefaultRouteRoles()
	t[argoRouteOf(tenantkit.OpArgoGetTenant)] = []string{string(ArgoSuperAdmin), string(ArgoSuperAdminUI)}
	t[argoRouteOf(tenantkit.OpArgoGetTenantStatus)] = []string{string(ArgoSuperAdmin)}
	t[argoRouteOf(tenantkit.OpArgoGetUserByID)] = []string{string(ArgoSuperAdmin), string(ArgoSuperAdminRestricted)}
	return t
}

// argoRouteOf is the route name of an ARGO operation.
func argoRouteOf(op tenantkit.Operation) string {
	info, _ := op.Info()
	return info.ArgoRoute
}
