// Package kincheck holds the tests that hold spectest to kin-openapi: on a
// corpus of exchanges with the fake (every operation, good and bad
// requests, and responses mutated in every way a schema can catch), the
// standard-library checker and one built on kin-openapi must agree on which
// break openapi.yaml, except where spectest is stricter on purpose (pinned
// in the tests, with why). It also holds the tests that read openapi.yaml
// itself with kin-openapi (its descriptions against the official Astra
// spec).
//
// Nothing imports this package; its tests are the only code here, so
// kin-openapi stays out of what the fake's tests, and so a service's
// go.sum, depend on.
package kincheck
