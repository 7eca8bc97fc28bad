package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/tenantkit/tenantkit"
)

// API names the API a request is for, so that a client configured with
// credentials for both sends each API only its own.
type API int

const (
	// APIUnspecified sends every credential the client has; it suits
	// requests built by hand against a server of one's own.
	APIUnspecified API = iota
	// APIAstra is the Astra DevOps API: the request carries the bearer token
	// and, when set, X-DataStax-Current-Org, never the ARGO key. Without a
	// token (WithBearerToken or WithTokenSource) it fails before sending.
	APIAstra
	// APIArgo is the ARGO Web API: the request carries x-api-key and neither
	// the bearer token nor the org header. Without an ARGO key, or with the
	// default base URL (the Astra host), it fails before sending.
	APIArgo
)

// Request describes one API call. Services build these; the client adds
// the base URL, headers, credentials, rate limiting and retries.
//
// When Operation is one of openapi.yaml's (a tenantkit.Op… constant), the
// client takes what the spec says of it from the operation registry: the
// API (and so the credentials and the error shape) and whether the request
// may be sent again after an ambiguous failure. API and Idempotent are then
// left zero; a Method, API or Idempotent that contradicts the spec fails
// the call before anything is sent. Requests for anything else (a server of
// one's own) set API and Idempotent themselves.
type Request struct {
	// API selects the credentials sent and how an error body is read (see
	// [API]). For an operation of openapi.yaml it defaults to the
	// operation's API.
	API API
	// Operation names the call in errors, logs and attempt hooks: the
	// operationId from openapi.yaml (tenantkit.OpGetOrganizationUser), or
	// any name for a request outside it.
	Operation tenantkit.Operation
	// Method is the HTTP method; for an operation of openapi.yaml, the one
	// the spec gives it.
	Method string
	// Path is the already-escaped path relative to the base URL, starting
	// with "/". Services escape path parameters with url.PathEscape. Literal
	// ':' (as in ARGO's "/api/v2/admin/users:byID/{ID}") reaches the wire
	// unescaped. It must not contain '?' or '#'; use Query.
	Path string
	// Query holds the query parameters, if any.
	Query url.Values
	// Body is the request body: nil for none; []byte or json.RawMessage to
	// send verbatim; anything else is JSON-encoded once and the same bytes
	// are replayed on every attempt. A body is sent with
	// "Content-Type: application/json".
	Body any
	// Idempotent marks a PATCH or POST outside openapi.yaml as safe to
	// retry like GET, PUT and DELETE. The operations of openapi.yaml carry
	// this fact in the spec (x-tenantkit-idempotent), which the client
	// reads; setting it on one the spec does not mark is an error.
	Idempotent bool
	// Secrets lists further secret values in this request (API keys or
	// passwords in the body) to redact from errors and logs.
	Secrets []string
	// Header holds extra request headers; they are set after the client's
	// own and so override them.
	Header http.Header
}

// call is a Request prepared once for all of its attempts.
type call struct {
	*Request
	api         API // req.API, or the operation's API from the registry
	url         string
	body        []byte // nil: no body
	idempotent  bool
	decodeError errorDecoder // reads an error body in api's shape
}

func (c *Client) prepare(req *Request) (*call, error) {
	if req.Method == "" {
		return nil, c.requestError(req, errors.New("empty method"))
	}
	if !strings.HasPrefix(req.Path, "/") || strings.ContainsAny(req.Path, "?#") {
		return nil, c.requestError(req, errors.New(`path must start with "/" and hold no query or fragment`))
	}
	api, idempotent, err := requestFacts(req)
	if err != nil {
		return nil, c.requestError(req, err)
	}
	switch api {
	case APIAstra:
		if c.hAuth == nil && c.tokenSource == nil {
			return nil, c.requestError(req, errors.New("no Astra token: use WithBearerToken or WithTokenSource"))
		}
	case APIArgo:
		if c.hAPIKey == nil {
			return nil, c.requestError(req, errors.New("no ARGO API key: use WithArgoAPIKey"))
		}
		if c.base == DefaultBaseURL {
			return nil, c.requestError(req, errors.New("the base URL is the Astra DevOps API: set the ARGO server with WithBaseURL"))
		}
	}
	cl := &call{
		Request:     req,
		api:         api,
		url:         c.base + req.Path,
		idempotent:  idempotent,
		decodeError: errorDecoderFor(api),
	}
	if len(req.Query) > 0 {
		cl.url += "?" + req.Query.Encode()
	}
	switch b := req.Body.(type) {
	case nil:
	case []byte:
		cl.body = b
	case json.RawMessage:
		cl.body = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, c.requestError(req, fmt.Errorf("encoding the body: %w", err))
		}
		cl.body = data
	}
	if req.Body != nil && cl.body == nil {
		cl.body = []byte{} // a present but empty body still gets its Content-Type
	}
	return cl, nil
}

// newHTTPRequest builds the request for one attempt: a fresh body reader
// over the same bytes, and a token from the token source if there is one.
func (c *Client) newHTTPRequest(ctx context.Context, cl *call) (*http.Request, string, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	hreq, err := http.NewRequestWithContext(ctx, cl.Method, cl.url, body)
	if err != nil {
		return nil, "", err
	}
	h := hreq.Header // already allocated by NewRequestWithContext, and empty
	h["Accept"] = c.hAccept
	h["User-Agent"] = c.hUserAgent
	if cl.body != nil {
		h["Content-Type"] = c.hJSON
	}
	if c.hOrg != nil && cl.api != APIArgo {
		h["X-Datastax-Current-Org"] = c.hOrg
	}
	token, err := c.setAuth(ctx, h, cl.api)
	if err != nil {
		return nil, token, err
	}
	for k, v := range cl.Header {
		h[http.CanonicalHeaderKey(k)] = v
	}
	return hreq, token, nil
}

//go:generate go -C ../tools run ./genops -spec ../openapi.yaml -form client -package client -out ../client/specfacts.gen.go

// specFacts is what openapi.yaml says of an operation that the transport
// needs on every request; specFactsOf (generated from the spec, like the
// operation registry) looks it up.
type specFacts struct {
	api        API
	method     string
	idempotent bool
}

// requestFacts returns the API of req and whether it may be sent again
// after an ambiguous failure. For an operation of openapi.yaml they come
// from the spec, and what req says must agree with it; otherwise from req
// (and its method).
func requestFacts(req *Request) (API, bool, error) {
	f, ok := specFactsOf(req.Operation)
	if !ok {
		return req.API, req.Idempotent || idempotentMethod(req.Method), nil
	}
	switch {
	case req.Method != f.method:
		return 0, false, fmt.Errorf("openapi.yaml sends %s as %s, not %s", req.Operation, f.method, req.Method)
	case req.API != APIUnspecified && req.API != f.api:
		return 0, false, fmt.Errorf("%s is an operation of the %s API, but the request is for the %s API", req.Operation, apiName(f.api), apiName(req.API))
	case req.Idempotent && !f.idempotent:
		return 0, false, fmt.Errorf("the request is marked Idempotent, but openapi.yaml does not mark %s safe to send again (x-tenantkit-idempotent)", req.Operation)
	}
	return f.api, f.idempotent, nil
}

// apiName names an API in error messages.
func apiName(a API) string {
	switch a {
	case APIAstra:
		return "Astra"
	case APIArgo:
		return "ARGO"
	}
	return "unspecified"
}

// requestError reports a Request that cannot be sent at all.
func (c *Client) requestError(req *Request, err error) error {
	return newOpError(req, 0, c.redactor(req, ""), err)
}
