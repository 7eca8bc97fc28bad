//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package bench_test

import "time"

// cpuTime reports false: this platform has no getrusage.
func cpuTime() (time.Duration, bool) { return 0, false }
