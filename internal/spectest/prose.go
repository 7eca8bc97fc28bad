package spectest

import (
	"encoding/xml"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
)

// This file holds the checks of what openapi.yaml says in prose rather
// than in operations: the answers to requests no operation routes, the
// ARGO redirects of unclean paths, and the form of ARGO XML error bodies.

// checkUnrouted checks the answer to a request that reaches no operation.
func (c *Checker) checkUnrouted(req *http.Request, argo bool, status int, h http.Header, body []byte) []string {
	if argo {
		switch {
		case status == http.StatusNotFound && string(body) == "404 page not found\n":
			return nil
		case req.Method == http.MethodOptions && status == http.StatusOK:
			return nil
		case status >= 400:
			return c.checkJSONError("ArgoErrorResponse", h, body)
		}
		return []string{"an unrouted ARGO request must get 404 page not found"}
	}
	if status < 400 {
		return []string{"no operation in the spec answers this; want an Astra error"}
	}
	if status == http.StatusMethodNotAllowed && h.Get("Allow") == "" {
		return []string{"405 without an Allow header"}
	}
	return c.checkJSONError("AstraErrors", h, body)
}

// checkJSONError checks an error body against one of the error schemas.
func (c *Checker) checkJSONError(name string, h http.Header, body []byte) []string {
	if ct, _, _ := mime.ParseMediaType(h.Get("Content-Type")); ct != "application/json" {
		return []string{fmt.Sprintf("error Content-Type %q, want application/json (%s)", h.Get("Content-Type"), name)}
	}
	v, err := decodeJSON(body)
	if err != nil {
		return []string{fmt.Sprintf("error body is not JSON: %v", err)}
	}
	if vs := validate(c.spec.Schemas[name], v); len(vs) > 0 {
		return []string{fmt.Sprintf("error body is not %s: %s", name, joinViolations(vs))}
	}
	return nil
}

// checkXML checks an XML error body: the response must allow XML, and the
// body must be a <root> whose status code is the HTTP status.
func checkXML(r *response, status int, body []byte) string {
	if _, ok := r.Content["application/xml"]; !ok {
		return fmt.Sprintf("status %d does not allow application/xml", status)
	}
	var doc struct {
		XMLName xml.Name
		Status  struct {
			Message string `xml:"message"`
			Code    string `xml:"code"`
		} `xml:"status"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return fmt.Sprintf("XML body does not parse: %v", err)
	}
	if doc.XMLName.Local != "root" || doc.Status.Code != strconv.Itoa(status) || doc.Status.Message == "" {
		return fmt.Sprintf("XML body is not <root><status> with message and code %d: %s", status, body)
	}
	return ""
}

// cleanPath is gorilla/mux's cleanPath, which the ARGO server applies
// before routing: path.Clean, keeping a trailing slash.
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

// checkRedirect checks the answer to an ARGO request whose path is
// unclean, as openapi.yaml describes it: the server's standard-library
// ServeMux (Go 1.25, the upstream build) redirects an unclean escaped path
// with http.Redirect, to the cleaned escaped path escaped once more, the
// query kept, with an HTML body for GET; what is unclean only once decoded
// its gorilla/mux router redirects, to the URL with the clean path, without
// a body. It returns "skip" for a clean path, else the violation or "".
func checkRedirect(req *http.Request, status int, h http.Header, body []byte) string {
	escaped := req.URL.EscapedPath()
	var want, wantBody, wantType string
	switch {
	case req.Method != http.MethodConnect && cleanPath(escaped) != escaped:
		want = (&url.URL{Path: cleanPath(escaped), RawQuery: req.URL.RawQuery}).String()
		if req.Method == http.MethodGet {
			wantBody = "<a href=\"" + html.EscapeString(want) + "\">Moved Permanently</a>.\n\n"
		}
		if req.Method == http.MethodGet || req.Method == http.MethodHead {
			wantType = "text/html; charset=utf-8"
		}
	case cleanPath(req.URL.Path) != req.URL.Path:
		u := *req.URL
		u.Path = cleanPath(req.URL.Path)
		want = u.String()
	default:
		return "skip"
	}
	got := fmt.Sprintf("%d, Location %q, Content-Type %q, body %q", status, h.Get("Location"), h.Get("Content-Type"), body)
	if w := fmt.Sprintf("%d, Location %q, Content-Type %q, body %q", http.StatusMovedPermanently, want, wantType, wantBody); got != w {
		return "an unclean ARGO path must get " + w + "; got " + got
	}
	return ""
}
