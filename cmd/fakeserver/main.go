// Command fakeserver runs tenantkit's fake of the Astra DevOps API (Langflow
// tenants, organization users and roles) and the ARGO Web API admin
// endpoints as a process, for tests written in any language.
//
//	go run github.com/tenantkit/tenantkit/cmd/fakeserver -addr 127.0.0.1:8080 -fixture fixture.json
//
// It serves the same fake as fakeserver.New, from a fixture file (the
// format of fakeserver.Fixture; see fakeserver/testdata/fixture.example.json)
// or, without -fixture, from the default fixture, whose credentials are the
// fakeserver.Default* constants. Once it listens it prints, on standard
// output, one NAME=value line per credential and then the base URL:
//
//	TENANTKIT_FAKE_ORG_ID=5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b
//	TENANTKIT_FAKE_ORG_NAME=tenantkit-fake
//	TENANTKIT_FAKE_ASTRA_TOKEN=AstraCS:…
//	TENANTKIT_FAKE_ARGO_ADMIN_KEY=…
//	TENANTKIT_FAKE_ARGO_RESTRICTED_ADMIN_KEY=…
//	TENANTKIT_FAKE_ARGO_UI_ADMIN_KEY=…
//	TENANTKIT_FAKE_URL=http://127.0.0.1:8080
//
// The URL line comes last: a test that has read it has everything and may
// send requests. Credentials the fixture lacks are left out. With
// -addr 127.0.0.1:0 the system picks a free port, which the URL shows.
//
// SIGINT or SIGTERM stops it: it waits for the requests in flight and exits
// with status 0. Flags:
//
//	-addr string                listen address (default "127.0.0.1:8080")
//	-fixture file               fixture file (default: the built-in default fixture)
//	-seed n                     seed generated IDs and keys, for repeatable runs
//	-provisioning-delay d       how long a new Langflow tenant takes to become active (default 1s; 0: at once)
//	-rate-limit r               requests per second allowed per credential (default 0: no limit)
//	-rate-burst n               burst of the rate limit (default: r rounded up)
//	-journal n                  requests kept in the journal (default 4096; 0: off)
//	-print-default-fixture      print the default fixture as JSON and exit
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, testable without a process: it serves until
// ctx is done and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fakeserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address`")
	fixturePath := fs.String("fixture", "", "fixture `file` (default: the built-in default fixture)")
	seed := fs.String("seed", "", "seed `n` (an unsigned integer) for generated IDs and keys, for repeatable runs")
	delay := fs.Duration("provisioning-delay", time.Second, "how long a new Langflow tenant takes to become active (0: at once)")
	rate := fs.Float64("rate-limit", 0, "requests per second allowed per credential (0: no limit)")
	burst := fs.Int("rate-burst", 0, "burst of the rate limit (default: the rate rounded up)")
	journal := fs.Int("journal", fakeserver.DefaultJournalCapacity, "requests kept in the journal (0: off)")
	printDefault := fs.Bool("print-default-fixture", false, "print the default fixture as JSON and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fakeserver: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if *printDefault {
		b, _ := json.MarshalIndent(fakeserver.DefaultFixture(), "", "  ") // plain data: cannot fail
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}

	opts := []fakeserver.Option{
		fakeserver.WithAddr(*addr),
		fakeserver.WithProvisioningDelay(*delay),
		fakeserver.WithJournalCapacity(*journal),
	}
	if *fixturePath != "" {
		f, err := fakeserver.LoadFixture(*fixturePath)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		opts = append(opts, fakeserver.WithFixture(f))
	}
	if *seed != "" {
		n, err := strconv.ParseUint(*seed, 10, 64)
		if err != nil {
			fmt.Fprintf(stderr, "fakeserver: -seed %q: want an unsigned integer\n", *seed)
			return 2
		}
		opts = append(opts, fakeserver.WithSeed(n))
	}
	if *rate != 0 {
		b := *burst
		if b == 0 {
			b = int(math.Ceil(*rate))
		}
		opts = append(opts, fakeserver.WithRateLimit(*rate, b))
	}

	srv, err := fakeserver.New(opts...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	c := srv.Credentials()
	for _, kv := range [][2]string{
		{"ORG_ID", c.OrgID},
		{"ORG_NAME", c.OrgName},
		{"ASTRA_TOKEN", c.AstraToken},
		{"ARGO_ADMIN_KEY", c.ArgoAdminKey},
		{"ARGO_RESTRICTED_ADMIN_KEY", c.ArgoRestrictedAdminKey},
		{"ARGO_UI_ADMIN_KEY", c.ArgoUIAdminKey},
	} {
		if kv[1] != "" {
			fmt.Fprintf(stdout, "TENANTKIT_FAKE_%s=%s\n", kv[0], kv[1])
		}
	}
	fmt.Fprintf(stdout, "TENANTKIT_FAKE_URL=%s\n", srv.URL())
	fmt.Fprintln(stderr, "fakeserver: serving; send SIGINT or SIGTERM to stop")

	<-ctx.Done()
	srv.Close()
	fmt.Fprintln(stderr, "fakeserver: stopped")
	return 0
}
