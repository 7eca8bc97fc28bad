//go:build !live

package contract_test

import "testing"

// liveEnvironment is nil without the live tag: the contract runs against
// the fake only.
func liveEnvironment() func(*testing.T) environment { return nil }
