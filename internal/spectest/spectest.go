// Package spectest checks HTTP exchanges against openapi.yaml, the single
// source of truth for the wire of the APIs tenantkit speaks. Tests plug it
// into the fake server, which then has every request it receives and every
// response it sends checked:
//
//	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
//
// and the test fails, when it ends, with every violation found.
//
// This package is the one place outside _test.go files that imports
// kin-openapi, and it may only be imported by tenantkit's own tests: Go
// never lets code outside this module import an internal package, so it is
// never compiled into a consumer's build and the SDK and the fake keep their
// short dependency list. It imports neither the fake nor the SDK (the fake's
// own tests use it), only the root package for the embedded document.
package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/tenantkit/tenantkit"
)

// Checker checks exchanges against openapi.yaml. It is safe for concurrent
// use.
type Checker struct {
	doc    *openapi3.T
	router routers.Router
	astra  *openapi3.Schema // AstraErrors
	argo   *openapi3.Schema // ArgoErrorResponse
}

// load parses the document once per test binary: it is read-only
// afterwards, and parsing it for each of hundreds of parallel tests would
// dominate their run time.
var load = sync.OnceValues(func() (*Checker, error) {
	doc, err := openapi3.NewLoader().LoadFromData(tenantkit.OpenAPI())
	if err != nil {
		return nil, fmt.Errorf("spectest: loading openapi.yaml: %w", err)
	}
	// Paths in the document are absolute; the real hosts are irrelevant
	// to requests as a server sees them.
	doc.Servers = nil
	// Open enumerations list the known values only (x-tenantkit-open-enum).
	for _, ref := range doc.Components.Schemas {
		if open, _ := ref.Value.Extensions["x-tenantkit-open-enum"].(bool); open {
			ref.Value.Enum = nil
		}
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("spectest: routing openapi.yaml: %w", err)
	}
	c := &Checker{doc: doc, router: router}
	for name, dst := range map[string]**openapi3.Schema{"AstraErrors": &c.astra, "ArgoErrorResponse": &c.argo} {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			return nil, fmt.Errorf("spectest: openapi.yaml has no schema %s", name)
		}
		*dst = ref.Value
	}
	return c, nil
})

// New returns a Checker for tenantkit's openapi.yaml.
func New() (*Checker, error) { return load() }

// argoPrefix is where the ARGO admin API lives.
const argoPrefix = "/api/v2/admin"

// Check returns the ways one exchange violates openapi.yaml, none if it
// conforms. req is the request as a server received it (a path-only URL)
// and resp the response; both bodies are read.
//
// The response must always conform. The request must conform when the
// server accepted it (2xx): a request the server rejected may break the
// schema, since that is what tests of bad input send. Beyond the
// operations, it knows the answers the document describes in prose:
// unknown Astra paths get 404 (405 with Allow for a wrong method) with the
// Astra error body; unrouted ARGO requests get the plain-text
// "404 page not found", unclean ARGO paths a 301 to the clean path (with
// the upstream build's bytes; see checkRedirect), and
// OPTIONS on ARGO collection routes a 200. Injected errors (429, 5xx) must
// have the API's error body. XML bodies (ARGO errors under
// "Accept: application/xml") are checked for form: a <root> element whose
// status code is the HTTP status.
func (c *Checker) Check(req *http.Request, resp *http.Response) []string {
	reqBody, _ := readAll(req.Body)
	respBody, _ := readAll(resp.Body)
	status := resp.StatusCode
	where := fmt.Sprintf("%s %s → %d", req.Method, req.URL.RequestURI(), status)
	var out []string
	add := func(format string, args ...any) {
		out = append(out, where+": "+fmt.Sprintf(format, args...))
	}
	p := req.URL.Path
	argo := p == argoPrefix || strings.HasPrefix(p, argoPrefix+"/")
	if argo {
		if v := checkRedirect(req, status, resp.Header, respBody); v != "skip" {
			if v != "" {
				add("%s", v)
			}
			return out
		}
	}

	// The Langflow endpoints are also served under /api/v1 (openapi.yaml
	// describes the /v1 form).
	rreq := req.Clone(req.Context())
	if strings.HasPrefix(p, "/api/v1/") {
		rreq.URL.Path = strings.TrimPrefix(p, "/api")
		rreq.URL.RawPath = ""
	}
	route, params, err := c.router.FindRoute(rreq)
	if err == nil && !exactMatch(route.Path, rreq.URL.Path) {
		err = routers.ErrPathNotFound // the router forgives empty segments and trailing slashes; the servers do not
	}
	if err != nil {
		for _, v := range c.checkUnrouted(req, argo, status, resp.Header, respBody) {
			add("%s", v)
		}
		return out
	}

	opts := &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		MultiError:            true,
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
	}
	// Both APIs decode a request body as JSON whatever its Content-Type
	// says, and match its keys case-insensitively (openapi.yaml): check the
	// body in that light.
	if len(reqBody) > 0 {
		if ct, _, _ := mime.ParseMediaType(rreq.Header.Get("Content-Type")); ct != "application/json" {
			rreq.Header.Set("Content-Type", "application/json")
		}
		reqBody = foldKeys(reqBody, requestSchema(route.Operation))
	}
	rreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	rreq.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
	in := &openapi3filter.RequestValidationInput{Request: rreq, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil && status >= 200 && status < 300 {
		add("%s accepted a request that breaks the spec: %s", route.Operation.OperationID, strings.Join(violations(err), "; "))
	}

	ropts := *opts
	header := resp.Header
	ctype, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	switch {
	case ctype == "application/xml" && status < 300:
		// The ARGO server sends its success bodies as JSON even when
		// Accept asks for XML, labelled application/xml
		// (reference/argo-web-api.md): check the JSON.
		header = header.Clone()
		header.Set("Content-Type", "application/json")
	case ctype == "application/xml":
		ropts.ExcludeResponseBody = true
		if v := c.checkXML(route.Operation, status, respBody); v != "" {
			add("%s: %s", route.Operation.OperationID, v)
		}
	}
	in.Options = &ropts
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                &ropts,
	})
	if err != nil {
		add("%s: response breaks the spec: %s", route.Operation.OperationID, flatten(err))
	}
	return out
}

// checkUnrouted checks the answer to a request that reaches no operation.
func (c *Checker) checkUnrouted(req *http.Request, argo bool, status int, h http.Header, body []byte) []string {
	if argo {
		switch {
		case status == http.StatusNotFound && string(body) == "404 page not found\n":
			return nil
		case req.Method == http.MethodOptions && status == http.StatusOK:
			return nil
		case status >= 400:
			return c.checkJSONError(c.argo, "ArgoErrorResponse", h, body)
		}
		return []string{"an unrouted ARGO request must get 404 page not found"}
	}
	if status < 400 {
		return []string{"no operation in the spec answers this; want an Astra error"}
	}
	if status == http.StatusMethodNotAllowed && h.Get("Allow") == "" {
		return []string{"405 without an Allow header"}
	}
	return c.checkJSONError(c.astra, "AstraErrors", h, body)
}

// checkJSONError checks an error body against one of the error schemas.
func (c *Checker) checkJSONError(schema *openapi3.Schema, name string, h http.Header, body []byte) []string {
	if ct, _, _ := mime.ParseMediaType(h.Get("Content-Type")); ct != "application/json" {
		return []string{fmt.Sprintf("error Content-Type %q, want application/json (%s)", h.Get("Content-Type"), name)}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{fmt.Sprintf("error body is not JSON: %v", err)}
	}
	if err := schema.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return []string{fmt.Sprintf("error body is not %s: %s", name, flatten(err))}
	}
	return nil
}

// checkXML checks an XML error body: the response must allow XML, and the
// body must be a <root> whose status code is the HTTP status.
func (c *Checker) checkXML(op *openapi3.Operation, status int, body []byte) string {
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil || ref.Value.Content.Get("application/xml") == nil {
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

// Validator returns an observer for fakeserver.WithObserver that checks
// every exchange with a Checker and, when tb's test ends, fails it with
// every violation found (each once, with how often it happened). Register
// it before the fake (as the argument to NewTest is) so that its check
// runs after the fake has closed and every exchange is in.
func Validator(tb testing.TB) func(*http.Request, *http.Response) {
	tb.Helper()
	c, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	col := &collector{c: c, found: map[string]int{}}
	tb.Cleanup(func() {
		if msg := col.report(); msg != "" {
			tb.Error(msg)
		}
	})
	return col.observe
}

// collector gathers the violations of many exchanges.
type collector struct {
	c *Checker

	mu        sync.Mutex
	exchanges int
	bad       int
	found     map[string]int // violation → how many times
}

func (col *collector) observe(req *http.Request, resp *http.Response) {
	vs := col.c.Check(req, resp)
	col.mu.Lock()
	defer col.mu.Unlock()
	col.exchanges++
	if len(vs) > 0 {
		col.bad++
	}
	for _, v := range vs {
		col.found[v]++
	}
}

// report describes the violations found, "" if there are none.
func (col *collector) report() string {
	col.mu.Lock()
	defer col.mu.Unlock()
	if len(col.found) == 0 {
		return ""
	}
	vs := make([]string, 0, len(col.found))
	for v, n := range col.found {
		if n > 1 {
			v += fmt.Sprintf(" (%d times)", n)
		}
		vs = append(vs, v)
	}
	sort.Strings(vs)
	return fmt.Sprintf("spectest: %d of %d exchanges break openapi.yaml:\n  %s", col.bad, col.exchanges, strings.Join(vs, "\n  "))
}

// flatten puts a (multi-)error on one line.
func flatten(err error) string { return strings.Join(violations(err), "; ") }

// violations lists the single violations in a (multi-)error, each on one
// line.
func violations(err error) []string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []string
		for _, e := range me {
			out = append(out, violations(e)...)
		}
		return out
	}
	return []string{strings.Join(strings.Fields(err.Error()), " ")}
}

func readAll(rc io.ReadCloser) ([]byte, error) {
	if rc == nil {
		return nil, nil
	}
	defer rc.Close()
	return io.ReadAll(rc)
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

// exactMatch reports whether a request path has the segments of a route's
// path template, each parameter non-empty.
func exactMatch(template, p string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(p, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i, t := range ts {
		if strings.HasPrefix(t, "{") {
			if ps[i] == "" {
				return false
			}
		} else if t != ps[i] {
			return false
		}
	}
	return true
}

// requestSchema is the JSON schema of an operation's request body, or nil.
func requestSchema(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// foldKeys reads a JSON request body as both servers' encoding/json does:
// object keys that match a property of the schema only case-insensitively
// take the property's spelling, and a null object is {}. A body that is not
// JSON is returned as it is, for the validator to report.
func foldKeys(body []byte, schema *openapi3.Schema) []byte {
	if schema == nil {
		return body
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	if v == nil && schema.Type.Is("object") {
		// encoding/json decodes null into a struct as a no-op: the
		// servers take it as {}.
		v = map[string]any{}
	}
	out, err := json.Marshal(fold(v, schema))
	if err != nil {
		return body
	}
	return out
}

func fold(v any, s *openapi3.Schema) any {
	if s == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			name := k
			if _, ok := s.Properties[k]; !ok {
				for p := range s.Properties {
					if strings.EqualFold(p, k) {
						name = p
						break
					}
				}
			}
			var ps *openapi3.Schema
			if ref := s.Properties[name]; ref != nil {
				ps = ref.Value
			}
			out[name] = fold(e, ps)
		}
		return out
	case []any:
		if s.Items == nil {
			return x
		}
		for i, e := range x {
			x[i] = fold(e, s.Items.Value)
		}
		return x
	}
	return v
}
