package fakeserver

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
)

// Fault is a rule that makes the fake misbehave on purpose, to test how a
// client copes with a failing, slow or flaky API: retries, backoff,
// timeouts, and never replaying a request that may have taken effect.
//
// A rule matches requests by Operation (an operation of openapi.yaml, such
// as tenantkit.OpCreateLangflowTenant), or by Method and Path; a rule with
// neither matches every request. Of the matching requests it lets the first
// After through, then applies to each with the given Probability, until it
// has applied Times times (0: until removed). Rules are tried in the order
// they were added; the first that applies wins and the others are not
// consulted for that request.
//
// What it does, in order: wait Latency on the server's Clock; then answer
// Status with that API's own error body (Astra: the errors object, in the
// configured style; ARGO: the envelope, always JSON) and Retry-After, or
// drop the connection as Drop says, or both (DropMidResponse cuts the
// error body), or, with neither, serve the request normally after the
// wait.
//
// Rate-limited requests (WithRateLimit) never reach the fault rules.
type Fault struct {
	// Name identifies the rule in Faults, RemoveFault and Call.Fault. If
	// empty, AddFault names it "fault-N". Names are unique among the rules
	// in place.
	Name string

	// Operation matches requests routed to this operation, such as
	// tenantkit.OpCreateLangflowTenant (see Operations). It cannot be
	// combined with Path.
	Operation tenantkit.Operation
	// Method, if not empty, matches only requests with this method.
	Method string
	// Path matches the decoded request path against a pattern: "*" stands
	// for any run of characters within a segment, and a whole segment in
	// braces ("{userID}", as openapi.yaml writes parameters) for any one
	// segment; otherwise as path.Match.
	Path string

	// After is how many matching requests pass untouched before the rule
	// starts to apply.
	After int
	// Times is how many requests the rule applies to before it removes
	// itself; 0 means every matching request until the rule is removed.
	Times int
	// Probability, if between 0 and 1, is the chance that the rule applies
	// to a matching request; 0 means always. Draws come from a generator
	// seeded by WithSeed, so a run with the same requests in the same order
	// faults the same ones.
	Probability float64

	// Latency is waited on the server's Clock before anything else. The
	// wait ends early if the client goes away or the server closes.
	//
	// On the wall clock (the default) it is real time: a client with a
	// shorter timeout sees its deadline pass. On a virtual clock
	// (client.VirtualClock given to WithClock) it costs no wall time: the
	// wait advances the clock at once, so the answer arrives immediately and
	// what shows the latency is the clock — a client sharing it sees
	// Latency more of its time gone, and a deadline on its context, which
	// runs on wall time, is not reached by it.
	Latency time.Duration
	// Status, if not 0, is answered instead of serving the request: an
	// HTTP status from 400 to 599.
	Status int
	// Message is the error message in the body; the default is
	// "over rate limit" for 429 and the status text otherwise.
	Message string
	// RetryAfter, if positive, is sent as the Retry-After header with
	// Status: whole seconds, rounded up, or with RetryAfterDate an
	// HTTP-date that many seconds after the server clock's now.
	RetryAfter     time.Duration
	RetryAfterDate bool
	// Drop drops the connection (see the Drop constants).
	Drop Drop
}

// Drop is how an injected fault drops the connection (see Fault.Drop).
type Drop int

// The ways a fault drops a connection. Over loopback the client sees the
// connection close; through the in-process transport it sees the same
// error a dropped connection gives (a failed round trip, or a body that
// ends early). Over loopback, Go's http.Transport itself resends a GET,
// HEAD, OPTIONS or TRACE request once when a reused connection closes
// before any byte of the response: such resends reach the fake, and the
// journal, as calls of their own.
const (
	// NoDrop answers normally.
	NoDrop Drop = iota
	// DropBeforeServing reads the request and closes the connection
	// without serving it: the request has no effect.
	DropBeforeServing
	// DropAfterServing serves the request (it takes effect) and closes the
	// connection before any byte of the response is sent: the ambiguous
	// failure after which a client must not replay a POST.
	DropAfterServing
	// DropMidResponse serves the request, sends the status, the headers
	// (with the full Content-Length) and the first half of the body, then
	// closes the connection. A response without a body is dropped as
	// DropAfterServing.
	DropMidResponse
)

// String returns "none", "before-serving", "after-serving" or
// "mid-response".
func (d Drop) String() string {
	switch d {
	case NoDrop:
		return "none"
	case DropBeforeServing:
		return "before-serving"
	case DropAfterServing:
		return "after-serving"
	case DropMidResponse:
		return "mid-response"
	}
	return fmt.Sprintf("Drop(%d)", int(d))
}

// validate checks a rule on its own; names are checked when it is added.
func (f *Fault) validate() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("fakeserver: fault %q: %s", f.Name, fmt.Sprintf(format, args...))
	}
	switch {
	case f.Operation != "" && f.Path != "":
		return fail("set Operation or Path, not both")
	case f.Operation != "" && !f.Operation.Valid():
		return fail("unknown operation %q (see fakeserver.Operations)", f.Operation)
	case f.Path != "" && !strings.HasPrefix(f.Path, "/"):
		return fail("Path %q must start with /", f.Path)
	case f.Method != "" && f.Method != strings.ToUpper(f.Method):
		return fail("Method %q must be upper case", f.Method)
	case f.After < 0 || f.Times < 0:
		return fail("After and Times must not be negative")
	case !(f.Probability >= 0 && f.Probability <= 1):
		return fail("Probability %v is not between 0 and 1", f.Probability)
	case f.Latency < 0 || f.RetryAfter < 0:
		return fail("Latency and RetryAfter must not be negative")
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fail("Status %d is not 0 or an HTTP error status (400–599)", f.Status)
	case f.Drop < NoDrop || f.Drop > DropMidResponse:
		return fail("unknown Drop %d", int(f.Drop))
	case f.Status != 0 && (f.Drop == DropBeforeServing || f.Drop == DropAfterServing):
		return fail("Status has no effect with Drop %s: nothing is answered", f.Drop)
	case f.Status == 0 && (f.Message != "" || f.RetryAfter != 0 || f.RetryAfterDate):
		return fail("Message and RetryAfter need a Status")
	case f.RetryAfterDate && f.RetryAfter == 0:
		return fail("RetryAfterDate needs a RetryAfter")
	case f.Status == 0 && f.Drop == NoDrop && f.Latency == 0:
		return fail("it does nothing: set Latency, Status or Drop")
	}
	if f.Path != "" {
		if _, err := path.Match(globOf(f.Path), ""); err != nil {
			return fail("bad Path pattern %q: %v", f.Path, err)
		}
	}
	return nil
}

// globOf turns "{param}" segments into "*".
func globOf(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}' {
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}

// faultRule is a Fault in place, with its counters running down.
type faultRule struct {
	f    Fault
	glob string
}

func (r *faultRule) matches(method, p string, op tenantkit.Operation) bool {
	if r.f.Method != "" && r.f.Method != method {
		return false
	}
	if r.f.Operation != "" {
		return r.f.Operation == op
	}
	if r.glob != "" {
		ok, _ := path.Match(r.glob, p)
		return ok
	}
	return true
}

// faultSet is a Server's rules. The counter lets every request skip the
// mutex while there are none, which is nearly always.
type faultSet struct {
	n atomic.Int32

	mu     sync.Mutex
	rules  []*faultRule
	named  int        // rules named so far, for "fault-N"
	rng    *rand.Rand // for Probability, made at the first draw
	seed   uint64
	seeded bool
}

// faultStream keeps the fault rules' random draws apart from the IDs drawn
// from the same seed, so adding a fault never changes a generated ID.
const faultStream = 1

// draw returns a random number in [0, 1). fs.mu is held.
func (fs *faultSet) draw() float64 {
	if fs.rng == nil {
		fs.rng = ids.NewRand(fs.seed, fs.seeded, faultStream)
	}
	return fs.rng.Float64()
}

func (fs *faultSet) pending() bool { return fs.n.Load() > 0 }

// add validates and adds rules, all or none.
func (fs *faultSet) add(faults []Fault) error {
	for i := range faults {
		if err := faults[i].validate(); err != nil {
			return err
		}
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	taken := make(map[string]bool, len(fs.rules)+len(faults))
	for _, r := range fs.rules {
		taken[r.f.Name] = true
	}
	rules := make([]*faultRule, len(faults))
	named := fs.named
	for i, f := range faults {
		if f.Name == "" {
			for f.Name == "" || taken[f.Name] {
				named++
				f.Name = "fault-" + strconv.Itoa(named)
			}
		} else if taken[f.Name] {
			return fmt.Errorf("fakeserver: fault %q: a rule with that name is already in place", f.Name)
		}
		taken[f.Name] = true
		rules[i] = &faultRule{f: f}
		if f.Path != "" {
			rules[i].glob = globOf(f.Path)
		}
	}
	fs.named = named
	fs.rules = append(fs.rules, rules...)
	fs.n.Store(int32(len(fs.rules)))
	return nil
}

// pick finds the rule that applies to a request and counts it.
func (fs *faultSet) pick(method, p string, op tenantkit.Operation) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if !r.matches(method, p, op) {
			continue
		}
		if r.f.After > 0 {
			r.f.After--
			continue
		}
		if pr := r.f.Probability; pr > 0 && pr < 1 && fs.draw() >= pr {
			continue
		}
		out := r.f
		if r.f.Times > 0 {
			if r.f.Times--; r.f.Times == 0 {
				fs.rules = slices.Delete(fs.rules, i, i+1)
				fs.n.Store(int32(len(fs.rules)))
			}
		}
		return out, true
	}
	return Fault{}, false
}

// AddFault puts fault rules in place, after those already there, while
// the server runs. Each rule is checked first; if any is invalid (an
// unknown operation, a bad pattern, a Status outside 400–599, a rule that
// does nothing, a name already in use…) none is added.
func (s *Server) AddFault(rules ...Fault) error { return s.faults.add(rules) }

// Faults returns the rules in place, in order, with After and Times
// counting down as they are used. Rules whose Times ran out are gone.
func (s *Server) Faults() []Fault {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, len(fs.rules))
	for i, r := range fs.rules {
		out[i] = r.f
	}
	return out
}

// RemoveFault removes the rule with the given name and reports whether
// there was one.
func (s *Server) RemoveFault(name string) bool {
	fs := &s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if r.f.Name == name {
			fs.rules = slices.Delete(fs.rules, i, i+1)
			fs.n.Store(int32(len(fs.rules)))
			return true
		}
	}
	return false
}

// ClearFaults removes every rule.
func (s *Server) ClearFaults() {
	fs := &s.faults
	fs.mu.Lock()
	fs.rules = nil
	fs.n.Store(0)
	fs.mu.Unlock()
}

// WithFaults puts fault rules in place from the start, as AddFault does.
func WithFaults(rules ...Fault) Option {
	rules = slices.Clone(rules)
	return func(cfg *config) error {
		for i := range rules {
			if err := rules[i].validate(); err != nil {
				return err
			}
		}
		cfg.faults = append(cfg.faults, rules...)
		return nil
	}
}

// injectedMessage is the default message of an injected error.
func injectedMessage(status int, msg string) string {
	switch {
	case msg != "":
		return msg
	case status == http.StatusTooManyRequests:
		return "over rate limit"
	case http.StatusText(status) != "":
		return http.StatusText(status)
	}
	return "error " + strconv.Itoa(status)
}

// writeInjectedError answers an injected status in the error shape of the
// API the request is for (half.API.WriteError).
func (s *Server) writeInjectedError(w http.ResponseWriter, r *http.Request, status int, msg, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	s.apiFor(r.URL.Path).WriteError(w, r, status, injectedMessage(status, msg))
}

// retryAfterValue renders a wait as a Retry-After value: whole seconds
// rounded up, or an HTTP-date that long after now, rounded up to the
// second so a client never retries early.
func retryAfterValue(now time.Time, d time.Duration, date bool) string {
	if date {
		t := now.Add(d)
		if t.Nanosecond() != 0 {
			t = t.Truncate(time.Second).Add(time.Second)
		}
		return t.UTC().Format(http.TimeFormat)
	}
	secs := int64(d / time.Second)
	if d%time.Second != 0 {
		secs++ // not d+time.Second-1, which overflows near the longest Duration
	}
	return strconv.FormatInt(secs, 10)
}
