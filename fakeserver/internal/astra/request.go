package astra

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// maxBody is the largest request body the fake accepts (openapi.yaml).
const maxBody = 1 << 20

// readBody reads the request body once, up to the limit.
func (c *call) readBody() {
	if c.read {
		return
	}
	c.read = true
	body, err := wire.ReadBody(c.r, maxBody+1)
	if len(body) > maxBody {
		c.tooBig = true
		wire.Drain(c.r.Body) // so the client reads the 413, not a reset
		return
	}
	if err != nil {
		// A body the client stopped sending is as good as malformed.
		body = nil
	}
	c.body = body
}

// decodeBody reads and decodes a JSON request body into v: 413 for an
// oversized body, 400 for an empty or malformed one or a value of the
// wrong JSON type. Unknown keys are ignored and keys match
// case-insensitively, as the real (Go) server does.
func decodeBody(c *call, v any) *failure {
	c.readBody()
	if c.tooBig {
		return &failure{http.StatusRequestEntityTooLarge, "request body exceeds the limit of 1 MiB"}
	}
	if len(c.body) == 0 {
		return errBadRequest("request body is required")
	}
	err := json.Unmarshal(c.body, v)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return errBadRequest("request body must be a JSON object")
		}
		return errBadRequest(fmt.Sprintf("invalid value for %q: want %s, got %s", typeErr.Field, jsonKind(typeErr.Type), typeErr.Value))
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return errBadRequest(fmt.Sprintf("malformed JSON in request body at offset %d", syntaxErr.Offset))
	}
	return errBadRequest("malformed JSON in request body")
}

// jsonKind names a Go type the way a JSON user thinks of it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "a boolean"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	default:
		return "a number"
	}
}

// langflowCreateBody decodes the Langflow create body once: the header
// rules need its org_id before the permission check, and createTenant all
// of it afterwards. Like json.Unmarshal, it fills the fields it can even
// when another one has the wrong type, and reports that error.
func (c *call) langflowCreateBody() (*tenantCreateRequest, *failure) {
	if !c.createDecoded {
		c.createDecoded = true
		c.createErr = decodeBody(c, &c.create)
	}
	return &c.create, c.createErr
}

// peekBodyOrg returns the org_id of a Langflow create body, or "" when the
// body is too big, malformed or has no string org_id; validation reports
// those later, after the permission check.
func peekBodyOrg(c *call) string {
	req, _ := c.langflowCreateBody()
	return req.OrgID
}
