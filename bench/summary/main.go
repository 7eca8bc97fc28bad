// Command summary reads the output of tenantkit's benchmarks (the bench
// package, as bench/run runs them) and prints one Markdown table of the
// figures the performance goals are stated in: SDK/raw time ratios and
// allocation deltas, fake/bare throughput ratios, streaming time ratios and
// peak heap growth, the fake's lookup and list scaling and bytes per
// record, the rate limiter's accuracy and CPU use, and the requests,
// records and time per user of inviting in bulk. Every figure is the
// median over all the runs in the input (bench/run interleaves them); a
// ratio of two benchmarks is the median of their ratios round by round.
//
// Usage:
//
//	go run ./bench/summary results.txt...
//
// With no file it reads standard input. It is a main package of its own,
// so nothing in the library imports it.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "summary:", err)
		os.Exit(1)
	}
}

func run(files []string, stdin io.Reader, stdout io.Writer) error {
	res := newResults()
	if len(files) == 0 {
		if err := res.parse(stdin); err != nil {
			return err
		}
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		err = res.parse(f)
		_ = f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(res.order) == 0 {
		return fmt.Errorf("no benchmark results in the input")
	}
	w := bufio.NewWriter(stdout)
	render(w, summarize(res))
	return w.Flush()
}
