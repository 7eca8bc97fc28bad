//go:build !race

package kincheck

// mutationStride is how many mutations of the corpus share one check:
// every mutation is checked (race_test.go samples under -race).
const mutationStride = 1
