// Package tenantkit is the root of the tenantkit SDK: a Go client, with a
// built-in in-memory fake server, for the administration APIs that run
// multi-tenant platforms (the Astra DevOps API for Langflow tenants,
// organization users and roles, and the ARGO Web API admin endpoints).
//
// The root package holds only the version and the embedded OpenAPI document;
// the service clients live in the tenants, users and roles packages, the
// shared transport in client, and the fake server in fakeserver.
package tenantkit

// Version is the SDK release this source tree builds. It appears in the
// default User-Agent as "tenantkit-go/<Version>".
const Version = "0.1.0"
