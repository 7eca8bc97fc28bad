// Package conformance holds the checks of openapi.yaml itself and of the
// fake against it that need an OpenAPI library (kin-openapi, through
// internal/spectest): the operation registry against the document, each
// operation's tag, security and permission, the success statuses, the auth
// matrix derived from the security schemes, the API documents' examples
// against the schemas, and which tests spec-check their fakes.
//
// They lived in the root package's tests; there, go mod tidy put
// kin-openapi and its dependencies into the go.sum of every module that
// imports tenantkit (a dependency's tests count). A user's module never
// imports an internal package, so what this package's tests import stays
// out of it.
package conformance
