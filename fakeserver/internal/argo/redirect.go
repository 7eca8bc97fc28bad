package argo

// Unclean paths ("//", "/./", "x/.."): the real server answers them before
// any route, and not in one way. Its gorilla/mux router is mounted in the
// standard library's http.ServeMux, which redirects every request whose
// escaped path is unclean (CONNECT excepted) with http.Redirect. What
// passes it unclean once decoded (a "%2E%2E" segment, or any CONNECT)
// gorilla/mux redirects itself. The bytes of the ServeMux redirect depend
// on the Go release the server is built with; the fake answers as the
// upstream build, Go 1.25, does (openapi.yaml says why).

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// muxRedirectStatus is ServeMux's status for a path it cleans: 301 up to Go
// 1.25, the upstream server's toolchain; Go 1.26 answers 307.
const muxRedirectStatus = http.StatusMovedPermanently

// redirect answers a request whose path is unclean, and reports whether it
// did.
func redirect(w http.ResponseWriter, r *http.Request) bool {
	clean := cleanPath(r.URL.Path)
	if clean == r.URL.Path {
		// Decoding keeps every "/" and "." of the escaped path, so a clean
		// decoded path had a clean escaped one: neither router redirects.
		return false
	}
	if r.Method != http.MethodConnect {
		escaped := r.URL.EscapedPath()
		if muxClean := cleanPath(escaped); muxClean != escaped {
			// ServeMux puts the cleaned escaped path in a URL's Path, which
			// String escapes again: "//a%20b" goes to "/a%2520b".
			writeMuxRedirect(w, r, (&url.URL{Path: muxClean, RawQuery: r.URL.RawQuery}).String())
			return true
		}
	}
	u := *r.URL // gorilla/mux keeps everything of the URL but the path
	u.Path = clean
	writeRouterRedirect(w, r, u.String())
	return true
}

// cleanPath is the cleanPath of gorilla/mux and of ServeMux alike:
// path.Clean, keeping a trailing slash.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// writeMuxRedirect answers as ServeMux's http.Redirect does, for a target
// that is a clean absolute path (so Redirect's own cleaning changes
// nothing): the status, Location with non-ASCII bytes escaped, and for GET
// and HEAD an HTML Content-Type; for GET a short HTML body, for other
// methods none. The Content-Length is the one net/http computes (none for
// HEAD), set here so that the in-process transport sends it too.
func writeMuxRedirect(w http.ResponseWriter, r *http.Request, target string) {
	h := w.Header()
	h.Set("Location", hexEscapeNonASCII(target))
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		h.Set("Content-Type", "text/html; charset=utf-8")
	}
	var body string
	if r.Method == http.MethodGet {
		// Redirect's body ends in ".\n" and is written with Fprintln.
		body = "<a href=\"" + htmlEscape(target) + "\">" + http.StatusText(muxRedirectStatus) + "</a>.\n\n"
	}
	if r.Method != http.MethodHead {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(muxRedirectStatus)
	if body != "" {
		_, _ = w.Write([]byte(body))
	}
}

// writeRouterRedirect answers as gorilla/mux does: 301 and Location, no
// body (Content-Length 0, as net/http adds it, but for HEAD).
func writeRouterRedirect(w http.ResponseWriter, r *http.Request, target string) {
	h := w.Header()
	h.Set("Location", target)
	if r.Method != http.MethodHead {
		h.Set("Content-Length", "0")
	}
	w.WriteHeader(http.StatusMovedPermanently)
}

// htmlEscape is net/http's: &, <, >, " and ' as entities.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// hexEscapeNonASCII is net/http's: every byte from 0x80 up as %xx, in
// lowercase hex as strconv writes it.
func hexEscapeNonASCII(s string) string {
	var b []byte
	pos := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			b = append(b, s[pos:i]...)
			b = append(b, '%')
			b = strconv.AppendInt(b, int64(s[i]), 16)
			pos = i + 1
		}
	}
	if b == nil {
		return s
	}
	return string(append(b, s[pos:]...))
}
