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
//	TENANTKIT_FAKE_CONTROL_TOKEN=tkctl_…
//	TENANTKIT_FAKE_INSPECTOR_URL=http://127.0.0.1:8080/__tenantkit/?token=tkctl_…
//	TENANTKIT_FAKE_URL=http://127.0.0.1:8080
//
// The URL line comes last: a test that has read it has everything and may
// send requests. Credentials the fixture lacks are left out. With
// -addr 127.0.0.1:0 the system picks a free port, which the URL shows.
//
// SIGINT or SIGTERM stops it: it stops accepting connections and waits up
// to -shutdown-grace (default 5s) for the requests in flight, then closes
// their connections, whatever the clients do; a second signal closes them
// at once. The exit status is 0 when every request finished, 1 when it
// could not start or had to cut requests off, and 2 for a bad command line.
// (Under go run, the exit status is go run's own: 1 after Ctrl-C, whatever
// the program returned.)
//
// Its HTTP server has timeouts, each a flag: -read-header-timeout (10s),
// -read-timeout (1m, the whole request), -write-timeout (1m, from the
// request's headers to the end of the answer) and -idle-timeout (2m).
//
// Every option of fakeserver.New that makes sense from outside a Go program
// is a flag; fakeserver -help lists them by group:
//
//	-addr address                listen address (default 127.0.0.1:8080)
//	-read-header-timeout, -read-timeout, -write-timeout, -idle-timeout d
//	-shutdown-grace d            how long a stop waits for requests in flight (default 5s)
//	-fixture file                start from a fixture file (default: the default fixture)
//	-print-default-fixture       print the default fixture as JSON and exit
//	-seed n                      seed generated IDs and keys, for repeatable runs
//	-provisioning-delay d        how long a new Langflow tenant takes to become active (default 1s)
//	-astra-error-style shape     object, string, text, empty or null-message (WithAstraErrorStyle)
//	-role-error-style shape      the same, for the role endpoints only (WithRoleErrorStyle)
//	-policy-as-string            roles carry Policy as a JSON string (WithPolicyAsString)
//	-permission-denied-status s  403 or 401 (WithPermissionDeniedStatus)
//	-argo-route-roles t          default, unit-test or a JSON file (WithArgoRouteRoles)
//	-argo-body-limit size        how much of an ARGO body is read (default 64MiB; WithArgoBodyLimit)
//	-rate-limit r, -rate-burst n requests per second per credential, and the burst (WithRateLimit)
//	-faults file                 start with these fault rules (JSON, as the control API takes them)
//	-journal n                   requests the journal keeps (default 4096; 0: off)
//	-journal-body-limit size     bytes of each body it keeps (default 64KiB)
//	-control-token token         opens the control API and inspector (default: random per start)
//	-virtual-clock               a clock that stands still until the control API moves it
//	-virtual-clock-start time    where the virtual clock starts (RFC 3339)
//
// The control API and the inspector page live under /__tenantkit/ on the
// same listener: see fakeserver's controlapi.yaml, fakeserver.Dial, and
// README's "Steering the fake from another process".
//
// The journal is memory: by default it keeps the last 4096 requests with
// up to 64KiB of each body, hundreds of MB once the answers are long lists.
// A long-running process that needs no journal should run with -journal 0.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/tenantkit/tenantkit/fakeserver"
)

func main() {
	// Every signal goes to run, the second included: it must not be left
	// to a context that has already been cancelled.
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, signals))
}

// run is the whole command, testable without a process: it serves until
// a value arrives on signals, stops as that value and any second one ask,
// and returns the exit status.
func run(args []string, stdout, stderr io.Writer, signals <-chan os.Signal) int {
	o, status, ok := parse(args, stdout, stderr)
	if !ok {
		return status
	}
	if o.printDefault {
		b, _ := json.MarshalIndent(fakeserver.DefaultFixture(), "", "  ") // plain data: cannot fail
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}

	srv, status := newFake(&o, stderr)
	if srv == nil {
		return status
	}
	defer srv.Close()
	l, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(stderr, "fakeserver: -addr %s: %v\n", o.addr, err)
		return 1
	}
	s := serve(l, srv.Handler(), o.limits)

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
	base := "http://" + l.Addr().String()
	fmt.Fprintf(stdout, "TENANTKIT_FAKE_CONTROL_TOKEN=%s\n", o.controlToken)
	fmt.Fprintf(stdout, "TENANTKIT_FAKE_INSPECTOR_URL=%s%s?token=%s\n", base, fakeserver.ControlPrefix, url.QueryEscape(o.controlToken))
	fmt.Fprintf(stdout, "TENANTKIT_FAKE_URL=%s\n", base)
	fmt.Fprintln(stderr, "fakeserver: serving; send SIGINT or SIGTERM to stop")

	status = s.untilStopped(signals, o.limits.grace, stderr)
	fmt.Fprintln(stderr, "fakeserver: stopped")
	return status
}

// newFake builds the fake the options describe. On failure it reports
// and returns the exit status: 1 for a fixture or fault-rules file that
// cannot be loaded, 2 for a flag value the fake refuses.
func newFake(o *options, stderr io.Writer) (*fakeserver.Server, int) {
	flags := slices.Clip(o.fakeOptions()) // appends below never share its array
	opts := flags
	var rules []fakeserver.Fault
	if o.faultsFile != "" {
		var err error
		if rules, err = loadFaults(o.faultsFile); err != nil {
			fmt.Fprintf(stderr, "fakeserver: -faults %s: %v\n", o.faultsFile, err)
			return nil, 1
		}
		opts = append(opts, fakeserver.WithFaults(rules...))
	}
	if o.fixture != "" {
		f, err := fakeserver.LoadFixture(o.fixture)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return nil, 1
		}
		opts = append(opts, fakeserver.WithFixture(f))
		// The flags alone, below, without the default fixture's
		// credentials, which this fixture replaces.
		flags = append(flags, fakeserver.WithFixture(fakeserver.Fixture{}))
	}
	srv, err := fakeserver.New(opts...)
	if err == nil {
		return srv, 0
	}
	// Which of the flags, the fault rules and the fixture is to blame
	// shows by trying the first two alone (only on this failure path).
	switch {
	case !builds(flags...):
		fmt.Fprintln(stderr, err)
		return nil, 2
	case len(rules) > 0 && !builds(fakeserver.WithFaults(rules...)):
		fmt.Fprintf(stderr, "fakeserver: -faults %s: %v\n", o.faultsFile, err)
	default:
		fmt.Fprintf(stderr, "fakeserver: -fixture %s: %v\n", o.fixture, err)
	}
	return nil, 1
}

// builds reports whether New accepts opts.
func builds(opts ...fakeserver.Option) bool {
	srv, err := fakeserver.New(opts...)
	if err != nil {
		return false
	}
	srv.Close()
	return true
}

// loadFaults reads a file of fault rules in the control API's form: one
// rule (a JSON object) or a JSON array of them. New checks the rules.
func loadFaults(path string) ([]fakeserver.Fault, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rules []fakeserver.Fault
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var rule fakeserver.Fault
		err = json.Unmarshal(trimmed, &rule)
		rules = []fakeserver.Fault{rule}
	} else {
		err = json.Unmarshal(data, &rules)
	}
	if err != nil {
		return nil, fmt.Errorf("want a fault rule or a JSON array of them: %w", err)
	}
	return rules, nil
}
