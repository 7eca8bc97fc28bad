//go:build race

package kincheck

// mutationStride is how many mutations of the corpus share one check:
// under the race detector, which has nothing to find in the checkers'
// single-goroutine comparison and makes it ten times slower, every
// eighth; the plain test run checks them all.
const mutationStride = 8
