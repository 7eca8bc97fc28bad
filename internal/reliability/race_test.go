//go:build race

package reliability_test

// raceEnabled reports whether the test binary was built with -race.
const raceEnabled = true
