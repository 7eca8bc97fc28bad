package bench_test

import "os"

// scaleEnv is the environment variable that opts in to the full-size
// benchmarks: TENANTKIT_BENCH_SCALE=full adds a million records to the
// list sizes (bench/run sets it). Without it, `go test -bench .` stays
// quick enough for CI.
const scaleEnv = "TENANTKIT_BENCH_SCALE"

// fullScale reports whether the full-size benchmarks were asked for.
func fullScale() bool { return os.Getenv(scaleEnv) == "full" }

// scaleSizes returns sizes, with 1,000,000 appended under fullScale.
func scaleSizes(sizes ...int) []int {
	if fullScale() {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}
