package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// options is what the command line asks for.
type options struct {
	addr         string
	limits       limits
	fixture      string
	printDefault bool
	seed         string

	provisioningDelay time.Duration
	astraStyle        fakeserver.AstraErrorStyle
	astraStyleSet     bool
	roleStyle         fakeserver.AstraErrorStyle
	roleStyleSet      bool
	policyAsString    bool
	deniedStatus      int

	routeRolesName string
	routeRoles     map[string][]string // nil: the default table
	argoBodyLimit  int64

	rateLimit float64
	rateBurst int

	journal          int
	journalBodyLimit int64

	faultsFile        string
	controlToken      string
	virtualClock      bool
	virtualClockStart string
}

// Defaults the flags share with their documentation.
const (
	defaultAddr              = "127.0.0.1:8080"
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = time.Minute
	defaultWriteTimeout      = time.Minute
	defaultIdleTimeout       = 2 * time.Minute
	defaultShutdownGrace     = 5 * time.Second
	// defaultArgoBodyLimit is fakeserver's own default (WithArgoBodyLimit).
	defaultArgoBodyLimit = 64 << 20
)

// newFlagSet defines every flag, writing into o.
func newFlagSet(o *options) *flag.FlagSet {
	*o = options{
		limits: limits{
			readHeader: defaultReadHeaderTimeout,
			read:       defaultReadTimeout,
			write:      defaultWriteTimeout,
			idle:       defaultIdleTimeout,
			grace:      defaultShutdownGrace,
		},
		provisioningDelay: time.Second,
		deniedStatus:      403,
		routeRolesName:    routeRolesDefault,
		argoBodyLimit:     defaultArgoBodyLimit,
		journal:           fakeserver.DefaultJournalCapacity,
		journalBodyLimit:  fakeserver.DefaultJournalBodyLimit,
	}
	fs := flag.NewFlagSet("fakeserver", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", defaultAddr, "listen `address`; port 0 picks a free port, which the URL line shows")
	fs.Var(duration{&o.limits.readHeader}, "read-header-timeout", "the longest a client may take to send a request's headers\n(a `duration`; 0: no limit)")
	fs.Var(duration{&o.limits.read}, "read-timeout", "the longest a client may take to send a whole request, body included\n(a `duration`; 0: no limit)")
	fs.Var(duration{&o.limits.write}, "write-timeout", "the longest from a request's headers to the end of its answer, which a client\nthat does not read holds up (a `duration`; 0: no limit)")
	fs.Var(duration{&o.limits.idle}, "idle-timeout", "the longest a keep-alive connection may wait for its next request\n(a `duration`; 0: no limit)")
	fs.Var(duration{&o.limits.grace}, "shutdown-grace", "how long SIGINT or SIGTERM waits for the requests in flight before cutting\nthem off (a `duration`; 0: at once)")

	fs.StringVar(&o.fixture, "fixture", "", "start from the fixture in `file` (default: the built-in default fixture)")
	fs.BoolVar(&o.printDefault, "print-default-fixture", false, "print the default fixture as JSON and exit")
	fs.StringVar(&o.seed, "seed", "", "seed generated IDs and keys with `n` (an unsigned integer), for repeatable runs")
	fs.Var(duration{&o.provisioningDelay}, "provisioning-delay", "how long a new Langflow tenant takes to become active\n(a `duration`: 0 for at once, else more than 100ms)")

	fs.Var(errorStyle{&o.astraStyle, &o.astraStyleSet, false}, "astra-error-style", "the `shape` of every Astra error body: object ({\"errors\":[…]}, as documented),\nstring (a bare JSON string), text (text/plain), empty, or null-message")
	fs.Var(errorStyle{&o.roleStyle, &o.roleStyleSet, true}, "role-error-style", "the `shape` of the role endpoints' error bodies, the same choices; string is what\nthey sent in 2021–22 (default: as -astra-error-style)")
	fs.BoolVar(&o.policyAsString, "policy-as-string", false, "send a role's Policy as a JSON string holding the policy, as old docs examples do")
	fs.Var(deniedStatus{&o.deniedStatus}, "permission-denied-status", "the `status` for a valid token whose roles lack the permission: 403 or 401")

	fs.Var(routeRoles{&o.routeRolesName, &o.routeRoles}, "argo-route-roles", "which admin flavours may use which route (a `table`): default, the real server's\ndefault table; unit-test, its unit tests' table; or a JSON file of route → roles\n(default: default)")
	fs.Var(byteSize{&o.argoBodyLimit}, "argo-body-limit", "how much of an ARGO request body the fake reads (a `size`: 65536, 64KiB, 1MiB);\nthe rest is cut off, which makes a longer body malformed JSON (400)")

	fs.Float64Var(&o.rateLimit, "rate-limit", 0, "the requests per second (a `rate`) allowed per credential, 429 beyond it\n(0: no limit)")
	fs.IntVar(&o.rateBurst, "rate-burst", 0, "the burst of the rate limit, `n` requests (default: the rate rounded up)")

	fs.IntVar(&o.journal, "journal", fakeserver.DefaultJournalCapacity, "how many requests (`n`) the journal keeps, with their bodies (0: off)")
	fs.Var(byteSize{&o.journalBodyLimit}, "journal-body-limit", "how much of each request and response body the journal keeps (a `size`; 0: none)")

	fs.StringVar(&o.faultsFile, "faults", "", "start with the fault rules in `file`, in the control API's form: one rule or a\nJSON array of them, such as {\"operation\":\"createLangflowTenant\",\"status\":503,\"times\":1}")
	fs.StringVar(&o.controlToken, "control-token", "", "the `token` that opens the control API and the inspector page under /__tenantkit/\n(at least 16 printable characters; default: a random one per start, printed\nas TENANTKIT_FAKE_CONTROL_TOKEN)")
	fs.BoolVar(&o.virtualClock, "virtual-clock", false, "run on a virtual clock that stands still until the control API advances or sets it\n(a fault's latency moves it too): until then new Langflow tenants stay provisioning\nand rate-limit buckets do not refill")
	fs.StringVar(&o.virtualClockStart, "virtual-clock-start", "", "the `time` the virtual clock starts at, RFC 3339 (default: the wall time at start);\nimplies -virtual-clock")
	return fs
}

// flagGroups orders the flags in -help.
var flagGroups = []struct {
	title string
	names []string
}{
	{"Serving", []string{"addr", "read-header-timeout", "read-timeout", "write-timeout", "idle-timeout", "shutdown-grace"}},
	{"State", []string{"fixture", "print-default-fixture", "seed", "provisioning-delay"}},
	{"Astra DevOps API", []string{"astra-error-style", "role-error-style", "policy-as-string", "permission-denied-status"}},
	{"ARGO Web API", []string{"argo-route-roles", "argo-body-limit"}},
	{"Both APIs", []string{"rate-limit", "rate-burst", "faults"}},
	{"Journal (what the fake keeps of every request; it costs memory)", []string{"journal", "journal-body-limit"}},
	{"Control API and inspector page (under /__tenantkit/)", []string{"control-token", "virtual-clock", "virtual-clock-start"}},
}

const usageHeader = `Usage: fakeserver [flags]

Runs tenantkit's fake of the Astra DevOps API (Langflow tenants, organization
users and roles) and of the ARGO Web API admin endpoints. Once it listens it
prints TENANTKIT_FAKE_NAME=value lines on standard output: the credentials,
the control token and the inspector page's URL, then TENANTKIT_FAKE_URL, last.

SIGINT or SIGTERM stops it: it waits up to -shutdown-grace for the requests in
flight, then cuts them off; a second signal cuts them off at once.
Exit status: 0 stopped with every request finished; 1 could not start, or had
to cut requests off; 2 bad command line.
`

// usage writes the help text: the header, then the flags by group.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, usageHeader)
	for _, g := range flagGroups {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		for _, name := range g.names {
			f := fs.Lookup(name)
			kind, text := flag.UnquoteUsage(f)
			line := "  -" + f.Name
			if kind != "" {
				line += " " + kind
			}
			fmt.Fprintln(w, line)
			if d := f.DefValue; d != "" && d != "0" && d != "false" && !strings.Contains(text, "(default") {
				text += "\n(default " + d + ")"
			}
			for _, l := range strings.Split(text, "\n") {
				fmt.Fprintf(w, "    \t%s\n", l)
			}
		}
	}
}

// parse reads the command line. When ok is false the command is over and
// status is its exit status: 0 after -help, 2 after a bad flag.
func parse(args []string, stdout, stderr io.Writer) (o options, status int, ok bool) {
	fs := newFlagSet(&o)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // a mistake gets one line and a hint, -help the whole text
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, fs)
			return o, 0, false
		}
		fmt.Fprintln(stderr, "fakeserver: run fakeserver -help for the flags")
		return o, 2, false
	}
	if err := o.check(fs); err != nil {
		fmt.Fprintf(stderr, "fakeserver: %v\n", err)
		return o, 2, false
	}
	return o, 0, true
}

// check refuses values whose flag type alone accepts them.
func (o *options) check(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (every setting is a flag)", fs.Args())
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return fmt.Errorf("-addr %q: want host:port, such as 127.0.0.1:8080 or :0", o.addr)
	}
	if o.seed != "" {
		if _, err := strconv.ParseUint(o.seed, 10, 64); err != nil {
			return fmt.Errorf("-seed %q: want an unsigned integer", o.seed)
		}
	}
	switch {
	case o.rateLimit < 0 || math.IsNaN(o.rateLimit) || math.IsInf(o.rateLimit, 0):
		return fmt.Errorf("-rate-limit %v: want 0 (no limit) or a positive number of requests per second", o.rateLimit)
	case o.rateBurst < 0:
		return fmt.Errorf("-rate-burst %d: must not be negative", o.rateBurst)
	case o.journal < 0:
		return fmt.Errorf("-journal %d: must not be negative (0 turns the journal off)", o.journal)
	case o.argoBodyLimit < 1:
		return errors.New("-argo-body-limit 0: the fake must read at least 1 byte")
	}
	if o.virtualClockStart != "" {
		if _, err := time.Parse(time.RFC3339, o.virtualClockStart); err != nil {
			return fmt.Errorf("-virtual-clock-start %q: want an RFC 3339 time, such as 2026-01-02T15:04:05Z", o.virtualClockStart)
		}
		o.virtualClock = true
	}
	if o.controlToken == "" {
		o.controlToken = randomControlToken()
	}
	return nil
}

// randomControlToken is a control token for one start: "tkctl_" and 128
// random bits in hex.
func randomControlToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail
	return "tkctl_" + hex.EncodeToString(b[:])
}

// fakeOptions turns the options into the fake's own, fixture apart.
func (o *options) fakeOptions() []fakeserver.Option {
	opts := []fakeserver.Option{
		fakeserver.WithControlToken(o.controlToken),
		fakeserver.WithProvisioningDelay(o.provisioningDelay),
		fakeserver.WithJournalCapacity(o.journal),
		fakeserver.WithJournalBodyLimit(int(o.journalBodyLimit)),
		fakeserver.WithArgoBodyLimit(o.argoBodyLimit),
		fakeserver.WithPermissionDeniedStatus(o.deniedStatus),
	}
	if o.virtualClock {
		start := time.Now().UTC().Truncate(time.Second)
		if o.virtualClockStart != "" {
			start, _ = time.Parse(time.RFC3339, o.virtualClockStart) // checked by check
		}
		opts = append(opts, fakeserver.WithClock(client.NewVirtualClock(start)))
	}
	if o.seed != "" {
		n, _ := strconv.ParseUint(o.seed, 10, 64) // checked by check
		opts = append(opts, fakeserver.WithSeed(n))
	}
	if o.astraStyleSet {
		opts = append(opts, fakeserver.WithAstraErrorStyle(o.astraStyle))
	}
	if o.roleStyleSet {
		opts = append(opts, fakeserver.WithRoleErrorStyle(o.roleStyle))
	}
	if o.policyAsString {
		opts = append(opts, fakeserver.WithPolicyAsString())
	}
	if o.routeRoles != nil {
		opts = append(opts, fakeserver.WithArgoRouteRoles(o.routeRoles))
	}
	if o.rateLimit > 0 {
		burst := o.rateBurst
		if burst == 0 {
			burst = int(math.Ceil(o.rateLimit))
		}
		opts = append(opts, fakeserver.WithRateLimit(o.rateLimit, burst))
	}
	return opts
}
