package fakeserver

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// The inspector page: what the fake handled and holds, live, for a person
// running it beside an app under development or a test. It is served under
// ControlPrefix with the control API and needs the same token (the
// inspector URL sets it as a cookie). The server renders every part with
// html/template; inspector.js polls one endpoint that answers the parts
// that changed as HTML, and posts the buttons' events to the control API.

//go:embed inspector
var inspectorFiles embed.FS

// inspectorTemplates are parsed once per process: they never change.
var inspectorTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"statusClass": statusClass,
	"json":        func(v any) (string, error) { b, err := json.Marshal(v); return string(b), err },
	"clockTime":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000 UTC") },
	"rowTime":     func(t time.Time) string { return t.UTC().Format("15:04:05.000") },
}).ParseFS(inspectorFiles, "inspector/*.tmpl"))

// inspectorRows bounds the journal rows the page is first given.
const inspectorRows = 500

// inspectorContentSecurity keeps the page to its own script and styles.
const inspectorContentSecurity = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// inspectorRoutes registers the page, its assets and its update endpoint.
func (s *Server) inspectorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+ControlPrefix+"{$}", s.inspectorPage)
	mux.HandleFunc("GET "+ControlPrefix+"inspector/update", s.inspectorUpdate)
	for _, asset := range []struct{ name, contentType string }{
		{"inspector.css", "text/css; charset=utf-8"},
		{"inspector.js", "text/javascript; charset=utf-8"},
	} {
		body, err := inspectorFiles.ReadFile("inspector/" + asset.name)
		if err != nil { // not reached: the files are embedded
			continue
		}
		mux.HandleFunc("GET "+ControlPrefix+"inspector/"+asset.name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", asset.contentType)
			_, _ = w.Write(body)
		})
	}
}

// inspectorView is what the templates render.
type inspectorView struct {
	URL       string
	Clock     clockJSON
	RateLimit rateLimitJSON
	Calls     []callJSON // newest first
	Last      int64      // the highest seq rendered
	Held      int        // entries the journal holds
	Evicted   int
	APIs      []half.View
	Faults    []faultJSON
}

// inspect gathers the page's data for request r: the journal after seq
// after (newest first, at most inspectorRows), the state, the faults, the
// clock.
func (s *Server) inspect(r *http.Request, after int64) inspectorView {
	rate, burst, on := s.RateLimit()
	v := inspectorView{
		URL:       s.reachedAt(r),
		Clock:     s.clockState(),
		RateLimit: rateLimitJSON{Enabled: on, PerSecond: rate, Burst: burst},
		Last:      after,
		Held:      s.journal.Len(),
		Evicted:   s.journal.Evicted(),
		APIs:      s.views(),
	}
	for _, f := range s.Faults() {
		v.Faults = append(v.Faults, faultToJSON(f))
	}
	entries := s.journal.entries()
	for i := len(entries) - 1; i >= 0 && len(v.Calls) < inspectorRows; i-- {
		e := entries[i]
		if e.seq <= after {
			break
		}
		v.Calls = append(v.Calls, callToJSON(e.call(s.journal), false))
		v.Last = max(v.Last, e.seq)
	}
	return v
}

// reachedAt is the base URL r reached the fake at: the page shows that one,
// which is the listener the user has (a binary serving Handler on its own
// listener, a proxy), rather than the fake's own loopback listener.
func (s *Server) reachedAt(r *http.Request) string {
	if r.Host == "" {
		return s.URL()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) inspectorPage(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := inspectorTemplates.ExecuteTemplate(&buf, "page.html.tmpl", s.inspect(r, 0)); err != nil {
		http.Error(w, "fakeserver: inspector: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", inspectorContentSecurity)
	w.Header().Set("Referrer-Policy", "no-referrer")
	_, _ = w.Write(buf.Bytes())
}

// inspectorUpdateJSON is the page's periodic update: the new journal rows
// and every other part, as HTML.
type inspectorUpdateJSON struct {
	Last    int64  `json:"last"`
	Rows    string `json:"rows"`
	Summary string `json:"summary"`
	State   string `json:"state"`
	Faults  string `json:"faults"`
	Status  string `json:"status"`
}

// inspectorUpdate answers GET inspector/update?after=<seq>.
func (s *Server) inspectorUpdate(w http.ResponseWriter, r *http.Request) {
	after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if err != nil || after < 0 {
		writeControlError(w, http.StatusBadRequest, "after: give the seq of the newest row the page shows (0 or more)")
		return
	}
	v := s.inspect(r, after)
	var out inspectorUpdateJSON
	out.Last = v.Last
	for _, part := range []struct {
		name string
		into *string
	}{{"rows", &out.Rows}, {"summary", &out.Summary}, {"state", &out.State}, {"faults", &out.Faults}, {"status", &out.Status}} {
		var buf bytes.Buffer
		if err := inspectorTemplates.ExecuteTemplate(&buf, part.name, v); err != nil {
			writeControlError(w, http.StatusInternalServerError, "fakeserver: inspector: "+err.Error())
			return
		}
		*part.into = buf.String()
	}
	writeControlJSON(w, http.StatusOK, out)
}

// statusClass is the CSS class of a status: ok, redirect, client error,
// server error, or none (a dropped connection, an event).
func statusClass(status int) string {
	switch {
	case status == 0:
		return "st-none"
	case status < 300:
		return "st-ok"
	case status < 400:
		return "st-redirect"
	case status < 500:
		return "st-client"
	}
	return "st-server"
}
