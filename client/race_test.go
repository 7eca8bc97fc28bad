//go:build race

package client_test

// raceEnabled reports whether the test binary was built with -race. The
// race detector allocates on its own account, so allocation counts taken
// under it say nothing about the code under test.
const raceEnabled = true
