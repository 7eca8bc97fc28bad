package argo

import (
	"errors"
	"slices"
)

// DefaultBodyLimit bounds what the fake reads of a request body. The real
// server reads up to 1 GiB (reqsizelimit); the fake stops earlier to stay
// a test fixture. A longer body is cut there, as the real server cuts it
// at its own limit, which makes it malformed JSON: 400.
const DefaultBodyLimit = 64 << 20

// Config is what a Server's options set for the ARGO API.
type Config struct {
	// RouteRoles is the route-name → roles table; nil is
	// DefaultRouteRoles.
	RouteRoles map[string][]string
	// BodyLimit is how many bytes of a request body are read.
	BodyLimit int64
}

// DefaultConfig is the configuration without options.
func DefaultConfig() Config { return Config{BodyLimit: DefaultBodyLimit} }

// WithRouteRoles returns cfg with a copy of table, or an error naming the
// route names the registry does not know.
func (cfg Config) WithRouteRoles(table map[string][]string) (Config, error) {
	c := make(map[string][]string, len(table))
	for name, roles := range table {
		c[name] = slices.Clone(roles)
	}
	if _, err := CompileRouteRoles(c); err != nil {
		return cfg, err
	}
	cfg.RouteRoles = c
	return cfg, nil
}

// WithBodyLimit returns cfg reading at most n bytes of a body.
func (cfg Config) WithBodyLimit(n int64) (Config, error) {
	if n < 1 {
		return cfg, errors.New("limit must be at least 1 byte")
	}
	cfg.BodyLimit = n
	return cfg, nil
}
