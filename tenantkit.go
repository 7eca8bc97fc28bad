// Package tenantkit is the root of the tenantkit SDK: a Go client, with a
// built-in in-memory fake server, for the administration APIs that run
// multi-tenant platforms — the Astra DevOps API (Langflow tenants,
// organization users and roles) and the ARGO Web API admin endpoints
// (tenants, engine status, tenant users).
//
// The root package holds the version and the OpenAPI document that describes
// the wire of all three APIs. The service clients live in the tenants, users
// and roles packages, the shared transport in client, and the fake server in
// fakeserver.
package tenantkit

import _ "embed"

// Version is the SDK release this source tree builds. It appears in the
// default User-Agent as "tenantkit-go/<Version>".
const Version = "0.1.0"

//go:embed openapi.yaml
var openAPIDocument string

// OpenAPI returns openapi.yaml, the single source of truth for the wire of
// the three APIs: paths, methods, JSON keys, status codes, error shapes, and
// every decision tenantkit took where the public record is silent. Each call
// returns a fresh copy.
func OpenAPI() []byte { return []byte(openAPIDocument) }
