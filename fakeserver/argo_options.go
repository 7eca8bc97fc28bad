package fakeserver

import (
	"errors"
	"slices"
)

// argoDefaultBodyLimit bounds what the fake reads of a request body. The
// real server reads up to 1 GiB (reqsizelimit); the fake stops earlier to
// stay a test fixture. A longer body is cut there, as the real server cuts
// it at its own limit, which makes it malformed JSON: 400.
const argoDefaultBodyLimit = 64 << 20

// argoConfig is what options set for the ARGO half.
type argoConfig struct {
	routeRoles map[string][]string // nil: ArgoDefaultRouteRoles
	bodyLimit  int64
}

func defaultArgoConfig() argoConfig { return argoConfig{bodyLimit: argoDefaultBodyLimit} }

// WithArgoRouteRoles replaces the ARGO route-name → roles table (the real
// server's "roles" collection), which decides which admin flavours may use
// each admin route; a request whose flavour's role is not listed for the
// route gets 403. Route names are those of the real server, such as
// "tenants.list", "tenants.get" and "tenants.user_by_id"; a route missing
// from the table is closed to everyone, and roles other than the three
// flavours' are allowed but match nothing. Start from
// [ArgoDefaultRouteRoles] (the default) or [ArgoUnitTestRouteRoles]. The
// table is copied when WithArgoRouteRoles is called. An unknown route name makes New fail.
func WithArgoRouteRoles(table map[string][]string) Option {
	c := make(map[string][]string, len(table))
	for name, roles := range table {
		c[name] = slices.Clone(roles)
	}
	_, err := compileArgoRouteRoles(c)
	return func(cfg *config) error {
		if err != nil {
			return err
		}
		cfg.argo.routeRoles = c
		return nil
	}
}

// WithArgoBodyLimit sets how many bytes of an ARGO request body the fake
// reads (default 64 MiB); the rest is ignored, so a longer body is
// malformed JSON (400), as with the real server's 1 GiB limit. n must be
// at least 1.
func WithArgoBodyLimit(n int64) Option {
	return func(cfg *config) error {
		if n < 1 {
			return errors.New("fakeserver: WithArgoBodyLimit: limit must be at least 1 byte")
		}
		cfg.argo.bodyLimit = n
		return nil
	}
}
