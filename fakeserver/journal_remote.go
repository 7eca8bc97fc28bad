package fakeserver

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tenantkit/tenantkit"
)

// A Remote's Journal reads the remote fake's journal through the control
// API at each call, page by page, until a page comes back empty.

// calls returns the remote journal's calls to operation ("": every call
// and event), oldest first, with their headers and bodies when bodies is
// true, or nil when the fake cannot be asked (reported as Remote.Reset
// does).
func (r *Remote) calls(operation tenantkit.Operation, bodies bool) []Call {
	var out []Call
	var after int64
	for {
		q := url.Values{"after": {strconv.FormatInt(after, 10)}, "bodies": {strconv.FormatBool(bodies)}}
		if operation != "" {
			q.Set("operation", string(operation))
		}
		var page journalPage
		if !r.do(http.MethodGet, "journal?"+q.Encode(), nil, &page) {
			return nil
		}
		for _, cj := range page.Calls {
			c, err := cj.call()
			if err != nil {
				r.fail(fmt.Errorf("fakeserver: Journal: %w", err))
				return nil
			}
			out = append(out, c)
		}
		// A page ends by count or by the size of its bodies, so only an
		// empty page says there is no more.
		if len(page.Calls) == 0 {
			return out
		}
		after = page.Last
	}
}

// lastCall returns the remote journal's newest entry with its headers
// and bodies: found without bodies, then read alone, so the bodies of the
// rest never travel.
func (r *Remote) lastCall() (Call, bool) {
	all := r.calls("", false)
	if len(all) == 0 {
		return Call{}, false
	}
	last := all[len(all)-1]
	var page journalPage
	q := "journal?limit=1&bodies=true&after=" + strconv.FormatInt(last.Seq-1, 10)
	if !r.do(http.MethodGet, q, nil, &page) || len(page.Calls) == 0 {
		return last, true // evicted meanwhile: the line is what is left
	}
	c, err := page.Calls[0].call()
	if err != nil {
		r.fail(fmt.Errorf("fakeserver: Journal: %w", err))
		return last, true
	}
	return c, true
}

// journalCounts reads how many calls the remote journal holds and has
// evicted.
func (r *Remote) journalCounts() journalPage {
	var page journalPage
	r.do(http.MethodGet, "journal?limit=1&after="+strconv.FormatInt(1<<62, 10), nil, &page)
	return page
}
