// Package testkit is the test harness shared by the tests of tenantkit's
// packages. It needs nothing but the standard library: go mod tidy records
// the imports of the tests of every package a user of tenantkit imports,
// so a harness with a dependency of its own would put that dependency into
// every user's go.sum.
package testkit
