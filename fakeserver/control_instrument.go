package fakeserver

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/tenantkit/tenantkit"
)

// The control API's endpoints for the instrument: fault rules, the rate
// limit, the journal.

// faultsJSON is a list of fault rules on the control API.
type faultsJSON struct {
	Faults []faultJSON `json:"faults"`
}

func faultsToJSON(fs []Fault) faultsJSON {
	out := faultsJSON{Faults: make([]faultJSON, len(fs))}
	for i, f := range fs {
		out.Faults[i] = faultToJSON(f)
	}
	return out
}

func (c *control) listFaults(w http.ResponseWriter, r *http.Request) {
	writeControlJSON(w, http.StatusOK, faultsToJSON(c.s.Faults()))
}

// addFaults takes one rule or an array of rules and adds them all or
// none, answering with them as added (names filled in).
func (c *control) addFaults(w http.ResponseWriter, r *http.Request) {
	data, ok := readControlBody(w, r)
	if !ok {
		return
	}
	var list []faultJSON
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		err := decodeStrict(trimmed, &list)
		if err == nil && len(list) == 0 {
			err = errors.New("the list of fault rules is empty")
		}
		if err != nil {
			badRequest(w, err)
			return
		}
	} else {
		var one faultJSON
		if err := decodeStrict(trimmed, &one); err != nil {
			badRequest(w, err)
			return
		}
		list = []faultJSON{one}
	}
	rules := make([]Fault, len(list))
	for i, j := range list {
		f, err := j.fault()
		if err != nil {
			badRequest(w, fmt.Errorf("fault rule %d: %w", i+1, err))
			return
		}
		rules[i] = f
	}
	before := c.s.Faults()
	if err := c.s.AddFault(rules...); err != nil {
		badRequest(w, err)
		return
	}
	// The rules just added are the ones not there before, in order.
	var added []Fault
	for _, f := range c.s.Faults() {
		if !slices.ContainsFunc(before, func(b Fault) bool { return b.Name == f.Name }) {
			added = append(added, f)
		}
	}
	writeControlJSON(w, http.StatusCreated, faultsToJSON(added))
}

func (c *control) clearFaults(w http.ResponseWriter, r *http.Request) {
	c.s.ClearFaults()
	noContent(w)
}

func (c *control) removeFault(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !c.s.RemoveFault(name) {
		badRequest(w, fmt.Errorf("no fault rule named %q (GET %sfaults lists them)", name, controlAPIPrefix))
		return
	}
	noContent(w)
}

func (c *control) getRateLimit(w http.ResponseWriter, r *http.Request) {
	rate, burst, ok := c.s.RateLimit()
	writeControlJSON(w, http.StatusOK, rateLimitJSON{Enabled: ok, PerSecond: rate, Burst: burst})
}

func (c *control) setRateLimit(w http.ResponseWriter, r *http.Request) {
	var body rateLimitChange
	if !readControlJSON(w, r, &body) {
		return
	}
	off := body.Enabled != nil && !*body.Enabled
	if off || (body.Enabled == nil && body.PerSecond == 0 && body.Burst == 0) {
		c.s.ClearRateLimit()
		noContent(w)
		return
	}
	if err := c.s.SetRateLimit(body.PerSecond, body.Burst); err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

func (c *control) clearRateLimit(w http.ResponseWriter, r *http.Request) {
	c.s.ClearRateLimit()
	noContent(w)
}

// maxJournalPage bounds a page of the journal by count.
const maxJournalPage = 1000

// maxJournalPageBodies bounds a page of the journal asked with bodies by
// size: the page ends after the call whose bodies take the page's past
// it. A journal holds 4096 entries of bodies up to 64 KiB by default;
// unbounded, a page could outgrow what a Remote reads of an answer.
const maxJournalPageBodies = 4 << 20

// journal answers the calls after a cursor, oldest first: ?after=<seq>
// (0: from the start), ?operation=<operationId>, ?limit=<n> (at most
// 1000, the default), ?bodies=true for headers and bodies. A page with
// bodies also ends once its bodies pass maxJournalPageBodies (it always
// holds at least one call), so a page may hold fewer calls than the
// limit while more follow: the reader asks again with after=last until
// a page comes back empty.
func (c *control) journal(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var after int64
	limit := maxJournalPage
	var err error
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil || after < 0 {
			badRequest(w, fmt.Errorf("after=%q: give the seq of the last call you have (0 or more)", v))
			return
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxJournalPage {
			badRequest(w, fmt.Errorf("limit=%q: give a number from 1 to %d", v, maxJournalPage))
			return
		}
	}
	op := tenantkit.Operation(q.Get("operation"))
	if op != "" && !op.Valid() {
		badRequest(w, fmt.Errorf("operation=%q: openapi.yaml has no such operation (operations: %s)", op, knownOperations()))
		return
	}
	bodies := false
	if v := q.Get("bodies"); v != "" {
		if bodies, err = strconv.ParseBool(v); err != nil {
			badRequest(w, fmt.Errorf("bodies=%q: give true or false", v))
			return
		}
	}
	j := c.s.journal
	page := journalPage{Calls: []callJSON{}, Last: after, Evicted: j.Evicted(), Len: j.Len()}
	size := 0 // the page's body bytes so far
	for _, e := range j.entries() {
		if e.seq <= after || (op != "" && (e.event != "" || j.operation(e) != op)) {
			continue
		}
		if len(page.Calls) == limit || size > maxJournalPageBodies {
			break
		}
		call := e.call(j)
		if bodies {
			size += len(call.Body) + len(call.ResponseBody)
		}
		page.Calls = append(page.Calls, callToJSON(call, bodies))
		page.Last = e.seq
	}
	writeControlJSON(w, http.StatusOK, page)
}

func (c *control) resetJournal(w http.ResponseWriter, r *http.Request) {
	c.s.journal.Reset()
	noContent(w)
}

func (c *control) journalOutline(w http.ResponseWriter, r *http.Request) {
	lines := c.s.journal.Outline()
	if lines == nil {
		lines = []string{}
	}
	writeControlJSON(w, http.StatusOK, map[string][]string{"lines": lines})
}
