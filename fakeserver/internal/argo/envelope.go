package argo

// The ARGO response envelope: {"status":{"message","code","details"?},
// "data"?, "errors"?}, indented by one space, no trailing newline, code as a
// string. Error bodies follow Accept (XML in a <root> element for
// application/xml) except 406, which is always JSON. Messages are the real
// server's, typos included.

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"sync"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// The real server's messages (typos are part of the wire).
const (
	msgSuccess        = "Success"
	msgTenantCreated  = "Tenant was successfully created"
	msgTenantUpdated  = "Tenant successfully updated"
	msgTenantDeleted  = "Tenant Successfully Deleted"
	msgUserCreated    = "User was successfully created"
	msgUserUpdated    = "User succesfully updated"
	msgUserDeleted    = "User succesfully deleted"
	msgKeyRenewed     = "User api key succesfully renewed"
	msgUserRetrieved  = "User was successfully retrieved"
	detailsNotFound   = "item with the specific ID was not found on the server"
	detailsBadJSON    = "Request Body contains malformed JSON, thus rendering the Request Bad"
	detailsNameTaken  = "Tenant with same name already exists"
	detailsKeyTaken   = "More than one users found using the key: "
	detailsBadKey     = "You need to provide a correct authentication token using the header 'x-api-key'"
	detailsBadAccept  = "Accept header provided did not contain any valid content types. Acceptable content types are 'application/xml' and 'application/json'"
	msgForbidden      = "Access to the resource is Forbidden"
	contentTypeJSON   = "application/json; charset=utf-8"
	contentTypeXML    = "application/xml; charset=utf-8"
	acceptJSON        = "application/json"
	acceptXML         = "application/xml"
	createdLinkScheme = "https://"
)

// statusBlock is the "status" object, and one element of "errors".
type statusBlock struct {
	Message string `xml:"message,omitempty"`
	Code    string `xml:"code,omitempty"`
	Details string `xml:"details,omitempty"`
}

// errorDoc is an error body: a status and optional errors.
type errorDoc struct {
	Status statusBlock
	Errors []statusBlock
}

// errorXML is errorDoc for encoding/xml. Errors is an interface, as
// in the real server, because encoding/xml writes an empty <errors></errors>
// for a nil slice under an "a>b" path but nothing for a nil interface.
type errorXML struct {
	XMLName xml.Name    `xml:"root"`
	Status  statusBlock `xml:"status"`
	Errors  any         `xml:"errors>error,omitempty"`
}

func appendStatusBlock(b []byte, s *statusBlock, depth int) []byte {
	b, o := wire.Indented.OpenObject(b, depth)
	if s.Message != "" {
		b = o.String(b, "message", s.Message)
	}
	if s.Code != "" {
		b = o.String(b, "code", s.Code)
	}
	if s.Details != "" {
		b = o.String(b, "details", s.Details)
	}
	return o.Close(b)
}

// render writes the error body as JSON or XML.
func (d *errorDoc) render(asXML bool) []byte {
	if asXML {
		x := errorXML{Status: d.Status}
		if len(d.Errors) > 0 {
			x.Errors = d.Errors
		}
		out, err := xml.MarshalIndent(x, "", " ")
		if err != nil { // cannot happen for these types; fall back to JSON
			return d.render(false)
		}
		return out
	}
	b, o := wire.Indented.OpenObject(make([]byte, 0, 256), 0)
	b = appendStatusBlock(o.Key(b, "status"), &d.Status, 1)
	if len(d.Errors) > 0 {
		var a wire.Array
		b, a = wire.Indented.OpenArray(o.Key(b, "errors"), 1)
		for i := range d.Errors {
			b = appendStatusBlock(a.Next(b), &d.Errors[i], 2)
		}
		b = a.Close(b)
	}
	return o.Close(b)
}

// errorWithDetails is the handlers' error form: a status without
// details and the details in a one-element errors array.
func errorWithDetails(message string, code int, details string) *errorDoc {
	c := strconv.Itoa(code)
	return &errorDoc{
		Status: statusBlock{Message: message, Code: c},
		Errors: []statusBlock{{Message: message, Code: c, Details: details}},
	}
}

// fixedError names the fixed error bodies.
type fixedError uint8

const (
	errUnauthorized   fixedError = iota // 401
	errForbidden                        // 403
	errNotAcceptable                    // 406, always JSON
	errBadRequest                       // 400
	errTenantNotFound                   // 404, errors-array form
	errUserNotFound                     // 404, flat form
	errNameTaken                        // 409
	errCount
)

func (e fixedError) status() int {
	switch e {
	case errUnauthorized:
		return http.StatusUnauthorized
	case errForbidden:
		return http.StatusForbidden
	case errNotAcceptable:
		return http.StatusNotAcceptable
	case errBadRequest:
		return http.StatusBadRequest
	case errTenantNotFound, errUserNotFound:
		return http.StatusNotFound
	}
	return http.StatusConflict
}

func (e fixedError) doc() *errorDoc {
	switch e {
	case errUnauthorized:
		return &errorDoc{Status: statusBlock{Message: "Unauthorized", Code: "401", Details: detailsBadKey}}
	case errForbidden:
		return &errorDoc{Status: statusBlock{Message: msgForbidden, Code: "403"}}
	case errNotAcceptable:
		return &errorDoc{Status: statusBlock{Message: "Not Acceptable Content Type", Code: "406", Details: detailsBadAccept}}
	case errBadRequest:
		return errorWithDetails("Bad Request", http.StatusBadRequest, detailsBadJSON)
	case errTenantNotFound:
		return errorWithDetails("Not Found", http.StatusNotFound, detailsNotFound)
	case errUserNotFound:
		return &errorDoc{Status: statusBlock{Message: "Not Found", Code: "404", Details: detailsNotFound}}
	}
	return errorWithDetails("Conflict", http.StatusConflict, detailsNameTaken)
}

// errorBodies holds every fixed error body in both forms.
type errorBodies [errCount][2][]byte

// fixedErrorBodies renders them once per process; nothing changes them.
var fixedErrorBodies = sync.OnceValue(newErrorBodies)

func newErrorBodies() *errorBodies {
	var bodies errorBodies
	for e := fixedError(0); e < errCount; e++ {
		d := e.doc()
		bodies[e][0] = d.render(false)
		bodies[e][1] = d.render(e != errNotAcceptable)
	}
	return &bodies
}

// keyTakenBody is the 409 for a clashing api key, which names the key.
func keyTakenBody(key string, asXML bool) []byte {
	return errorWithDetails("Conflict", http.StatusConflict, detailsKeyTaken+key).render(asXML)
}

// envelope starts a success body: the opening brace and the status
// object. Finish it with envelopeData and/or envelopeEnd.
func envelope(b []byte, message string, code int) []byte {
	b = append(b, "{\n \"status\": "...)
	return appendStatusBlock(b, &statusBlock{Message: message, Code: strconv.Itoa(code)}, 1)
}

// envelopeData starts the "data" member; its value follows at depth 1.
func envelopeData(b []byte) []byte { return append(b, ",\n \"data\": "...) }

func envelopeEnd(b []byte) []byte { return append(b, "\n}"...) }

// openList starts a 200 envelope whose data is an array: append each
// element after arr.Next (at depth 2), then end it with closeList.
func openList(b []byte, message string) ([]byte, wire.Array) {
	return wire.Indented.OpenArray(envelopeData(envelope(b, message, http.StatusOK)), 1)
}

// closeList ends what openList started.
func closeList(b []byte, arr wire.Array) []byte { return envelopeEnd(arr.Close(b)) }

// messageBody is a body with a status and nothing else.
func messageBody(message string, code int) []byte {
	return envelopeEnd(envelope(nil, message, code))
}

// messageBodies are the fixed 200 bodies without data.
type messageBodies struct {
	tenantUpdated, tenantDeleted, userUpdated, userDeleted []byte
}

// fixedMessageBodies renders them once per process; nothing changes them.
var fixedMessageBodies = sync.OnceValue(func() *messageBodies {
	return &messageBodies{
		tenantUpdated: messageBody(msgTenantUpdated, http.StatusOK),
		tenantDeleted: messageBody(msgTenantDeleted, http.StatusOK),
		userUpdated:   messageBody(msgUserUpdated, http.StatusOK),
		userDeleted:   messageBody(msgUserDeleted, http.StatusOK),
	}
})

// createdBody appends the 201 body of a create to b: data {id, links
// {self}}.
func createdBody(b []byte, message, id, self string) []byte {
	b = envelopeData(envelope(b, message, http.StatusCreated))
	b, o := wire.Indented.OpenObject(b, 1)
	b = o.String(b, "id", id)
	b = o.Key(b, "links")
	var lo wire.Object
	b, lo = wire.Indented.OpenObject(b, 2)
	b = lo.String(b, "self", self)
	b = lo.Close(b)
	return envelopeEnd(o.Close(b))
}
