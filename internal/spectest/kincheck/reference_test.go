package kincheck

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime"
	"net/http"
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

// loadDoc parses openapi.yaml with kin-openapi, once per test binary.
var loadDoc = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(tenantkit.OpenAPI())
	if err != nil {
		return nil, err
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
	return doc, nil
})

func mustLoadDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := loadDoc()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// verdict is what a checker finds wrong with one exchange, by part.
type verdict struct {
	Request  bool // an accepted (2xx) request breaks its operation
	Response bool // a routed response breaks its operation
	Other    bool // the answer to an unrouted request is not what openapi.yaml says
}

func (v verdict) bad() bool { return v.Request || v.Response || v.Other }

// judgement is the reference's finding on one exchange: kin-openapi's
// verdict, and the verdict spectest must reach. The two differ only where
// spectest is stricter on purpose, and why says where.
type judgement struct {
	kin, want verdict
	why       []string
}

// The places where spectest is stricter than kin-openapi, on purpose.
const (
	// kin-openapi's body decoder reads the first JSON value and ignores
	// what follows; both servers decode with json.Unmarshal, which refuses
	// it, and a response with it is no JSON document.
	stricterTrailingData = "data after the JSON value"
	// kin-openapi does not look at the body of a response that declares
	// none; a 204 (or the invite's empty 200) with a body is a bug.
	stricterUndeclaredBody = "a body where the response declares none"
	// kin-openapi skips 301, 304, 307 and 308 responses entirely; no
	// operation declares a redirect, so spectest checks one like any
	// undeclared status, against default.
	stricterRedirect = "a redirect from an operation"
)

// kinChecker is the reference: spectest's checks as they were built on
// kin-openapi before spectest moved to the standard library (its router,
// its request and response validators, its schema visitor), for exchanges
// of clean paths (the ARGO redirects of unclean paths are prose the
// library has no part in).
type kinChecker struct {
	doc    *openapi3.T
	router routers.Router
}

func newKinChecker(t testing.TB) *kinChecker {
	t.Helper()
	doc := mustLoadDoc(t)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &kinChecker{doc: doc, router: router}
}

// routeOf names the operation that answers x, or its request URI when
// none does.
func (k *kinChecker) routeOf(x exchange) string {
	req, _ := x.pair()
	if strings.HasPrefix(req.URL.Path, "/api/v1/") {
		req.URL.Path = strings.TrimPrefix(req.URL.Path, "/api")
	}
	route, _, err := k.router.FindRoute(req)
	if err != nil || !segmentsMatch(route.Path, req.URL.Path) {
		return x.method + " " + x.target
	}
	return route.Operation.OperationID
}

func (k *kinChecker) judge(x exchange) judgement {
	req, resp := x.pair()
	rreq := req.Clone(context.Background())
	if p := req.URL.Path; strings.HasPrefix(p, "/api/v1/") {
		rreq.URL.Path = strings.TrimPrefix(p, "/api")
	}
	route, params, err := k.router.FindRoute(rreq)
	if err == nil && !segmentsMatch(route.Path, rreq.URL.Path) {
		err = routers.ErrPathNotFound // the router forgives empty segments and trailing slashes; the servers do not
	}
	if err != nil {
		v := verdict{Other: k.unroutedBad(x)}
		return judgement{kin: v, want: v}
	}
	var j judgement
	stricter := func(part *bool, why string) {
		if !*part {
			*part = true
			j.why = append(j.why, why)
		}
	}

	opts := &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		MultiError:            true,
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
	}
	reqBody := x.reqBody
	if len(reqBody) > 0 {
		rreq.Header.Set("Content-Type", "application/json")
		reqBody = foldKeysKin(reqBody, requestSchema(route.Operation))
	}
	rreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	rreq.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(reqBody)), nil }
	in := &openapi3filter.RequestValidationInput{Request: rreq, PathParams: params, Route: route, Options: opts}
	if x.status >= 200 && x.status < 300 {
		j.kin.Request = openapi3filter.ValidateRequest(context.Background(), in) != nil
		j.want.Request = j.kin.Request
		if route.Operation.RequestBody != nil && len(x.reqBody) > 0 && !json.Valid(x.reqBody) {
			stricter(&j.want.Request, stricterTrailingData)
		}
	}

	ropts := *opts
	header := resp.Header
	xmlError := false
	switch ct, _, _ := mime.ParseMediaType(header.Get("Content-Type")); {
	case ct == "application/xml" && x.status < 300:
		header = header.Clone()
		header.Set("Content-Type", "application/json")
	case ct == "application/xml":
		ropts.ExcludeResponseBody = true
		xmlError = true
		j.kin.Response = !xmlErrorOK(route.Operation, x.status, x.respBody)
	}
	in.Options = &ropts
	err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 x.status,
		Header:                 header,
		Body:                   resp.Body,
		Options:                &ropts,
	})
	j.kin.Response = j.kin.Response || err != nil
	j.want.Response = j.kin.Response
	if xmlError {
		return j
	}
	declared := route.Operation.Responses.Status(x.status)
	if declared == nil {
		declared = route.Operation.Responses.Default()
	}
	switch {
	case declared == nil:
	case x.status == 301 || x.status == 304 || x.status == 307 || x.status == 308:
		if kinResponseBad(declared.Value, header, x.respBody) {
			stricter(&j.want.Response, stricterRedirect)
		}
	case len(declared.Value.Content) == 0 && len(x.respBody) > 0:
		stricter(&j.want.Response, stricterUndeclaredBody)
	case len(declared.Value.Content) > 0 && !json.Valid(x.respBody):
		stricter(&j.want.Response, stricterTrailingData)
	}
	return j
}

// kinResponseBad checks a response against its declaration with
// kin-openapi's pieces, for the statuses its validator skips.
func kinResponseBad(r *openapi3.Response, h http.Header, body []byte) bool {
	if len(r.Content) == 0 {
		return len(body) > 0
	}
	mt := r.Content.Get(h.Get("Content-Type"))
	if mt == nil {
		return true
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return true
	}
	return mt.Schema.Value.VisitJSON(v, openapi3.MultiErrors()) != nil
}

// unroutedBad judges the answer to a request no operation routes, with
// the error schemas checked by kin-openapi.
func (k *kinChecker) unroutedBad(x exchange) bool {
	argo := strings.HasPrefix(x.target, "/api/v2/admin")
	errorSchema := "AstraErrors"
	switch {
	case argo && x.status == http.StatusNotFound && string(x.respBody) == "404 page not found\n":
		return false
	case argo && x.method == http.MethodOptions && x.status == http.StatusOK:
		return false
	case x.status < 400:
		return true
	case argo:
		errorSchema = "ArgoErrorResponse"
	case x.status == http.StatusMethodNotAllowed && x.respHeader.Get("Allow") == "":
		return true
	}
	if ct, _, _ := mime.ParseMediaType(x.respHeader.Get("Content-Type")); ct != "application/json" {
		return true
	}
	var body any
	if json.Unmarshal(x.respBody, &body) != nil {
		return true
	}
	return k.doc.Components.Schemas[errorSchema].Value.VisitJSON(body) != nil
}

// xmlErrorOK reports whether an XML error body is one the operation
// allows at status, in the ARGO form.
func xmlErrorOK(op *openapi3.Operation, status int, body []byte) bool {
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value.Content.Get("application/xml") == nil {
		return false
	}
	var doc struct {
		XMLName xml.Name
		Code    string `xml:"status>code"`
		Message string `xml:"status>message"`
	}
	return xml.Unmarshal(body, &doc) == nil && doc.XMLName.Local == "root" && doc.Code == strconv.Itoa(status) && doc.Message != ""
}

// segmentsMatch reports whether a request path has the segments of a
// route's path template, each parameter non-empty.
func segmentsMatch(template, p string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(p, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i, t := range ts {
		param := strings.HasPrefix(t, "{")
		if (param && ps[i] == "") || (!param && t != ps[i]) {
			return false
		}
	}
	return true
}

func requestSchema(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// foldKeysKin reads a request body as encoding/json does (keys matched
// case-insensitively, null into an object is {}), by kin-openapi's
// schemas. A body that is not one JSON value is left for kin-openapi to
// judge.
func foldKeysKin(body []byte, s *openapi3.Schema) []byte {
	var v any
	if s == nil || json.Unmarshal(body, &v) != nil {
		return body
	}
	if v == nil && s.Type.Is("object") {
		v = map[string]any{}
	}
	out, err := json.Marshal(foldKin(v, s))
	if err != nil {
		return body
	}
	return out
}

func foldKin(v any, s *openapi3.Schema) any {
	switch x := v.(type) {
	case map[string]any:
		if len(s.Properties) == 0 {
			if ap := s.AdditionalProperties.Schema; ap != nil {
				for k, e := range x {
					x[k] = foldKin(e, ap.Value)
				}
			}
			return x
		}
		out := map[string]any{}
		for k, e := range x {
			name := k
			for p := range s.Properties {
				if _, exact := s.Properties[k]; !exact && strings.EqualFold(p, k) {
					name = p
				}
			}
			if p := s.Properties[name]; p != nil {
				e = foldKin(e, p.Value)
			}
			out[name] = e
		}
		return out
	case []any:
		if s.Items != nil {
			for i, e := range x {
				x[i] = foldKin(e, s.Items.Value)
			}
		}
	}
	return v
}
