package fakeserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
)

// Default journal bounds: enough for any test, bounded for a fake that
// runs for days as a process.
const (
	DefaultJournalCapacity  = 4096
	DefaultJournalBodyLimit = 64 << 10
)

// Call is one entry of a Server's [Journal]: a request the fake handled and
// what it answered, or a server-side event a test triggered. Secrets are
// redacted: the values of the Authorization, X-Api-Key, Cookie and
// Set-Cookie headers, and of every "api_key" and "password" member in the
// bodies, read "[REDACTED]" (and so does any other occurrence of those
// values in the bodies). The slices and maps are the caller's own copies.
type Call struct {
	// Seq is the entry's number in arrival order: 1 for the first request
	// or event since New. Journal.Reset does not restart it.
	Seq int64
	// Time is the server clock's reading when the request arrived.
	Time time.Time

	// Event names a server-side event triggered through a test hook
	// ("AcceptInvitation", "FinishProvisioning", "DeactivateLangflowTenant",
	// "SetLangflowTenantStatus"); EventArgs are the hook's arguments. Event
	// entries have no request fields and Status 0.
	Event     string
	EventArgs []string

	// Operation is the operation of openapi.yaml the request was routed
	// to, or "" when it reached none (unknown path, wrong method, an ARGO
	// redirect or OPTIONS request).
	Operation tenantkit.Operation
	// Method, Path (decoded) and Query are the request line; Query is nil
	// when there was none.
	Method string
	Path   string
	Query  url.Values
	// Header holds the request headers, Body the request body as far as the
	// fake read it (nil when empty).
	Header http.Header
	Body   []byte

	// Status is the status the fake produced; 0 when it produced none (the
	// connection was dropped before serving, or the client went away
	// during injected latency).
	Status int
	// ResponseHeader and ResponseBody are what the fake sent. After a
	// dropped connection they hold the part that went out: nothing for
	// DropAfterServing, half the body for DropMidResponse.
	ResponseHeader http.Header
	ResponseBody   []byte
	// Truncated reports that Body or ResponseBody was cut at the
	// journal's body limit (WithJournalBodyLimit).
	Truncated bool

	// Fault is the Name of the fault rule that applied, "" if none.
	Fault string
	// RateLimited reports a 429 from the rate-limit emulation
	// (WithRateLimit).
	RateLimited bool
	// Dropped says how an injected fault dropped the connection.
	Dropped Drop
}

// String is a one-line summary of the call, as listed by Journal.Summary:
// "POST /v1/tenant 201", "GET /v2/currentOrg 429 rate-limited",
// "POST /v1/tenant 201 fault=lost dropped=after-serving",
// "event FinishProvisioning <tenant ID>".
func (c Call) String() string {
	var b strings.Builder
	if c.Event != "" {
		b.WriteString("event ")
		b.WriteString(c.Event)
		for _, a := range c.EventArgs {
			b.WriteByte(' ')
			b.WriteString(a)
		}
		return b.String()
	}
	b.WriteString(c.Method)
	b.WriteByte(' ')
	b.WriteString(c.Path)
	if len(c.Query) > 0 {
		b.WriteByte('?')
		b.WriteString(c.Query.Encode())
	}
	b.WriteByte(' ')
	if c.Status == 0 {
		b.WriteByte('-')
	} else {
		b.WriteString(strconv.Itoa(c.Status))
	}
	if c.RateLimited {
		b.WriteString(" rate-limited")
	}
	if c.Fault != "" {
		b.WriteString(" fault=")
		b.WriteString(c.Fault)
	}
	if c.Dropped != NoDrop {
		b.WriteString(" dropped=")
		b.WriteString(c.Dropped.String())
	}
	return b.String()
}

// Journal records every request a Server handles, faulted, rate-limited
// and dropped ones included, and the server-side events tests trigger, in
// the order they finished. A request whose answer a client has read is
// there, before any event triggered or Reset called after that. It keeps
// the most recent entries up to its capacity (WithJournalCapacity; 0
// turns it off) and each body up to a limit (WithJournalBodyLimit). It is
// safe for concurrent use.
type Journal struct {
	capacity  int
	bodyLimit int
	seq       atomic.Int64
	route     func(method string, u *url.URL) tenantkit.Operation // operation of a request
	tb        testing.TB                                          // NewTest's test, for reporting misuse; nil after New
	remote    *Remote                                             // a Remote's journal reads the fake's; nil in process

	mu sync.Mutex
	// settling counts the requests whose answer is all handed to the
	// connection (a client may have read it) but not yet in the ring;
	// readers wait for them, so a client that got its answer finds its
	// request in the journal.
	settling int
	ring     []*journalEntry
	head     int // index of the oldest entry once the ring is full
	evicted  int
}

// journalEntry is a Call as recorded: raw, unredacted, shared with nobody.
type journalEntry struct {
	seq       int64
	time      time.Time
	event     string
	eventArgs []string

	op          tenantkit.Operation // once known (opKnown)
	opKnown     bool
	method      string
	url         *url.URL // the request's; nothing changes it after the request
	header      http.Header
	body        []byte
	status      int
	respHeader  http.Header
	respBody    []byte
	truncated   bool
	fault       string
	rateLimited bool
	dropped     Drop
	gone        bool // the client left during injected latency
}

// knownOperations lists the operationIds, for a message.
func knownOperations() string {
	ops := tenantkit.Operations()
	names := make([]string, len(ops))
	for i, op := range ops {
		names[i] = string(op.ID)
	}
	return strings.Join(names, ", ")
}

func newJournal(capacity, bodyLimit int, route func(string, *url.URL) tenantkit.Operation) *Journal {
	return &Journal{capacity: capacity, bodyLimit: bodyLimit, route: route}
}

// on reports whether the journal records anything.
func (j *Journal) on() bool { return j.capacity > 0 }

// addSettled records e; settled says that e's answer was counted as
// settling (beginSettling), which it no longer is.
func (j *Journal) addSettled(e *journalEntry, settled bool) {
	j.mu.Lock()
	if settled {
		j.settling--
	}
	j.appendLocked(e)
	j.mu.Unlock()
}

// appendLocked puts e in the ring, evicting the oldest entry when full.
func (j *Journal) appendLocked(e *journalEntry) {
	if len(j.ring) < j.capacity {
		j.ring = append(j.ring, e)
	} else {
		j.ring[j.head] = e
		j.head = (j.head + 1) % j.capacity
		j.evicted++
	}
}

// settleWait bounds how long a reader waits for requests settling.
const settleWait = time.Second

// beginSettling counts a request whose answer is all handed to the
// connection until addSettled or abandonSettling.
func (j *Journal) beginSettling() {
	j.mu.Lock()
	j.settling++
	j.mu.Unlock()
}

// lockSettled locks the journal once no request is settling. The
// requests settling are moments from the ring; one that never gets there
// (a handler that panics) is waited for only until the deadline.
func (j *Journal) lockSettled() {
	j.mu.Lock()
	for deadline := time.Now().Add(settleWait); j.settling > 0 && time.Now().Before(deadline); {
		j.mu.Unlock()
		time.Sleep(20 * time.Microsecond)
		j.mu.Lock()
	}
}

// abandonSettling uncounts a request that will not be recorded.
func (j *Journal) abandonSettling() {
	j.mu.Lock()
	j.settling--
	j.mu.Unlock()
}

// event records a server-side event at now.
func (j *Journal) event(now time.Time, name string, args ...string) {
	if !j.on() {
		return
	}
	// An event comes after the requests whose answers are out: a test
	// that got its answer and then triggers an event reads them in that
	// order.
	j.lockSettled()
	defer j.mu.Unlock()
	j.appendLocked(&journalEntry{seq: j.seq.Add(1), time: now, event: name, eventArgs: args})
}

// entries returns the recorded entries, oldest first.
func (j *Journal) entries() []*journalEntry {
	j.lockSettled()
	defer j.mu.Unlock()
	out := make([]*journalEntry, 0, len(j.ring))
	out = append(out, j.ring[j.head:]...)
	return append(out, j.ring[:j.head]...)
}

// Calls returns every entry, oldest first.
func (j *Journal) Calls() []Call {
	if j.remote != nil {
		return j.remote.calls("", true)
	}
	es := j.entries()
	out := make([]Call, len(es))
	for i, e := range es {
		out[i] = e.call(j)
	}
	return out
}

// CallsTo returns the requests routed to operation (such as
// tenantkit.OpCreateLangflowTenant), oldest first.
//
// An operation that openapi.yaml does not have (a misspelt string rather
// than a constant) would make "it was not called" hold whatever happened,
// so it is reported: on a server made by NewTest, it fails the test with
// the list of operations; on one made by New, CallsTo returns nil and
// operation.Valid() tells.
func (j *Journal) CallsTo(operation tenantkit.Operation) []Call {
	if !operation.Valid() {
		if j.tb != nil {
			j.tb.Helper()
			j.tb.Errorf("fakeserver: Journal.CallsTo(%q): openapi.yaml has no such operation; use a tenantkit.Op… constant (operations: %s)",
				string(operation), knownOperations())
		}
		return nil
	}
	if j.remote != nil {
		return j.remote.calls(operation, true)
	}
	var out []Call
	for _, e := range j.entries() {
		if e.event == "" && j.operation(e) == operation {
			out = append(out, e.call(j))
		}
	}
	return out
}

// operation is the entry's operationId, found on first use: routing is a
// pure function of the method and the URL, so it need not cost the
// request anything.
func (j *Journal) operation(e *journalEntry) tenantkit.Operation {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !e.opKnown && e.url != nil {
		e.op, e.opKnown = j.route(e.method, e.url), true
	}
	return e.op
}

// Last returns the most recent entry; ok is false when there is none.
func (j *Journal) Last() (c Call, ok bool) {
	if j.remote != nil {
		return j.remote.lastCall()
	}
	j.lockSettled()
	var e *journalEntry
	if n := len(j.ring); n > 0 {
		e = j.ring[(j.head+n-1)%n]
	}
	j.mu.Unlock()
	if e == nil {
		return Call{}, false
	}
	return e.call(j), true
}

// Len returns the number of entries held.
func (j *Journal) Len() int {
	if j.remote != nil {
		return j.remote.journalCounts().Len
	}
	j.lockSettled()
	defer j.mu.Unlock()
	return len(j.ring)
}

// Evicted returns how many entries were dropped to stay within the
// capacity since New or the last Reset.
func (j *Journal) Evicted() int {
	if j.remote != nil {
		return j.remote.journalCounts().Evicted
	}
	j.lockSettled()
	defer j.mu.Unlock()
	return j.evicted
}

// Summary returns Call.String of every entry, oldest first: the form to
// compare with cmp.Diff when only the sequence of calls matters.
func (j *Journal) Summary() []string {
	calls := j.lines()
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.String()
	}
	return out
}

// lines returns the calls as Summary and Outline need them: from a
// Remote, without the headers and bodies they do not show.
func (j *Journal) lines() []Call {
	if j.remote != nil {
		return j.remote.calls("", false)
	}
	return j.Calls()
}

// Reset forgets every entry. Requests in flight are recorded when they
// finish.
func (j *Journal) Reset() {
	if j.remote != nil {
		j.remote.do(http.MethodDelete, "journal", nil, nil)
		return
	}
	j.lockSettled() // a request whose answer is out goes with the rest
	j.ring, j.head, j.evicted = nil, 0, 0
	j.mu.Unlock()
}

// call builds the redacted, caller-owned form of an entry.
func (e *journalEntry) call(j *Journal) Call {
	c := Call{
		Seq:         e.seq,
		Time:        e.time,
		Event:       e.event,
		EventArgs:   append([]string(nil), e.eventArgs...),
		Method:      e.method,
		Status:      e.status,
		Truncated:   e.truncated,
		Fault:       e.fault,
		RateLimited: e.rateLimited,
		Dropped:     e.dropped,
	}
	if len(c.EventArgs) == 0 {
		c.EventArgs = nil
	}
	if e.url != nil {
		c.Operation, c.Path = j.operation(e), e.url.Path
		if e.url.RawQuery != "" {
			c.Query, _ = url.ParseQuery(e.url.RawQuery)
		}
	}
	var secrets []string
	c.Header, secrets = redactHeader(e.header)
	reqBody, s := redactJSONSecrets(e.body)
	secrets = append(secrets, s...)
	respBody, s := redactJSONSecrets(e.respBody)
	secrets = append(secrets, s...)
	c.ResponseHeader, s = redactHeader(e.respHeader)
	secrets = append(secrets, s...)
	c.Body = cloneBytes(replaceSecrets(reqBody, secrets))
	c.ResponseBody = cloneBytes(replaceSecrets(respBody, secrets))
	return c
}

// cloneBytes copies b; empty is nil.
func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// WithJournalCapacity sets how many entries the journal keeps: the n most
// recent (default DefaultJournalCapacity). 0 turns the journal off, which
// also removes its cost from every request.
func WithJournalCapacity(n int) Option {
	return func(cfg *config) error {
		if n < 0 {
			return fmt.Errorf("fakeserver: WithJournalCapacity(%d): must not be negative", n)
		}
		cfg.journalCapacity = n
		return nil
	}
}

// WithJournalBodyLimit sets how many bytes of each request and response
// body the journal keeps (default DefaultJournalBodyLimit); longer bodies
// are cut and the entry marked Truncated. 0 keeps no bodies.
func WithJournalBodyLimit(n int) Option {
	return func(cfg *config) error {
		if n < 0 {
			return fmt.Errorf("fakeserver: WithJournalBodyLimit(%d): must not be negative", n)
		}
		cfg.journalBodyLimit = n
		return nil
	}
}

// Journal returns the server's journal. It is never nil; with the journal
// turned off (WithJournalCapacity(0)) it stays empty.
func (s *Server) Journal() *Journal { return s.journal }
