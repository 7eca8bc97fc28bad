package argo

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

// Flavour is the kind of an admin key (fakeserver.ArgoAdminFlavour). Its
// value is the role the real server gives a request made with such a key,
// the role name that route-role tables refer to.
type Flavour string

// The three kinds of ARGO admin key. The real server stores admin keys with
// optional flags: "restricted: true" makes a super_admin_restricted key,
// otherwise "super_admin_ui: true" makes a super_admin_ui key, otherwise the
// key is a super_admin key.
const (
	// SuperAdmin may use every admin route under the default table.
	SuperAdmin Flavour = "super_admin"
	// SuperAdminRestricted lists tenants without db_conf and users, and
	// reads engine status and users by ID.
	SuperAdminRestricted Flavour = "super_admin_restricted"
	// SuperAdminUI lists only the tenants that have a user with the
	// admin_ui role, each with only those users, and reads engine status and
	// users by ID.
	SuperAdminUI Flavour = "super_admin_ui"
)

// flavourBit is a flavour as a bit, so a route's allowed flavours are
// one small mask.
func flavourBit(f Flavour) uint8 {
	switch f {
	case SuperAdmin:
		return 1
	case SuperAdminRestricted:
		return 2
	case SuperAdminUI:
		return 4
	}
	return 0
}

// adminKeys is the fake's "authentication" collection.
type adminKeys struct {
	mu   sync.RWMutex
	keys map[string]Flavour
	// shared reports that a Snapshot holds keys too: the next change
	// works on a copy.
	shared bool
}

// lockWrite locks the keys for a change and makes them their own first.
// The caller defers k.mu.Unlock.
func (k *adminKeys) lockWrite() {
	k.mu.Lock()
	if k.shared || k.keys == nil {
		keys := make(map[string]Flavour, len(k.keys))
		maps.Copy(keys, k.keys)
		k.keys, k.shared = keys, false
	}
}

// newAdminKeys returns no keys; the first write makes the map.
func newAdminKeys() *adminKeys { return &adminKeys{} }

func (k *adminKeys) lookup(key string) (Flavour, bool) {
	k.mu.RLock()
	f, ok := k.keys[key]
	k.mu.RUnlock()
	return f, ok
}

// AddAdminKey makes key an admin key of the given flavour (see
// fakeserver.Server.AddArgoAdminKey).
func (a *API) AddAdminKey(key string, flavour Flavour) error { return a.admins.add(key, flavour) }

// add makes key an admin key of the given flavour (see AddArgoAdminKey).
func (k *adminKeys) add(key string, flavour Flavour) error {
	if key == "" {
		return errors.New("empty key")
	}
	if flavourBit(flavour) == 0 {
		return fmt.Errorf("unknown flavour %q (want %q, %q or %q)",
			string(flavour), SuperAdmin, SuperAdminRestricted, SuperAdminUI)
	}
	k.lockWrite()
	defer k.mu.Unlock()
	if have, ok := k.keys[key]; ok && have != flavour {
		return fmt.Errorf("the key is already a %s key", have)
	}
	k.keys[key] = flavour
	return nil
}

// RemoveAdminKey revokes an admin key.
func (a *API) RemoveAdminKey(key string) error {
	k := a.admins
	k.lockWrite()
	defer k.mu.Unlock()
	if _, ok := k.keys[key]; !ok {
		return errors.New("no such admin key")
	}
	delete(k.keys, key)
	return nil
}

// roleMasks is a route-role table compiled for lookups: for each
// operation (by its index in routes), the mask of admin flavours whose
// role the table lists for its route.
type roleMasks []uint8

func (t roleMasks) permits(op *route.Op[handler], f Flavour) bool {
	return t[op.Index]&flavourBit(f) != 0
}

// CompileRouteRoles checks a route-name → roles table and compiles it.
// Route names are the registry's (x-argo-route). Roles other than the three
// flavours are allowed (the real table is free data) but can never match a
// request.
func CompileRouteRoles(table map[string][]string) (roleMasks, error) {
	ops := routes().Ops
	out := make(roleMasks, len(ops))
	known := make(map[string]bool, len(ops))
	for _, op := range ops {
		known[op.ArgoRoute] = true
		for _, role := range table[op.ArgoRoute] {
			out[op.Index] |= flavourBit(Flavour(role))
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
		return out, fmt.Errorf("unknown route name(s) %q; route names are %s",
			unknown, strings.Join(names, ", "))
	}
	return out, nil
}

// defaultRoleMasks is DefaultRouteRoles compiled, once per process.
var defaultRoleMasks = sync.OnceValue(func() roleMasks {
	m, _ := CompileRouteRoles(DefaultRouteRoles()) // the registry's own names
	return m
})

// DefaultRouteRoles returns the route-name → roles table the real server
// installs by default (scripts/mongodb/populate_default_roles.js), as
// openapi.yaml records it: each operation's x-argo-route and x-argo-roles.
// The map is a fresh copy.
func DefaultRouteRoles() map[string][]string {
	table := map[string][]string{}
	for _, op := range routes().Ops {
		table[op.ArgoRoute] = slices.Clone(op.ArgoRoles)
	}
	return table
}

// UnitTestRouteRoles returns the route-name → roles table the real
// server's own unit tests seed (see fakeserver.ArgoUnitTestRouteRoles).
func UnitTestRouteRoles() map[string][]string {
	t := DefaultRouteRoles()
	t[routeOf(tenantkit.OpArgoGetTenant)] = []string{string(SuperAdmin), string(SuperAdminUI)}
	t[routeOf(tenantkit.OpArgoGetTenantStatus)] = []string{string(SuperAdmin)}
	t[routeOf(tenantkit.OpArgoGetUserByID)] = []string{string(SuperAdmin), string(SuperAdminRestricted)}
	return t
}

// routeOf is the route name of an ARGO operation.
func routeOf(op tenantkit.Operation) string {
	info, _ := op.Info()
	return info.ArgoRoute
}
