package fakeserver

// The ARGO response envelope: {"status":{"message","code","details"?},
// "data"?, "errors"?}, indented by one space, no trailing newline, code as a
// string. Error bodies follow Accept (XML in a <root> element for
// application/xml) except 406, which is always JSON. Messages are the real
// server's, typos included.

import (
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// The real server's messages (typos are part of the wire).
const (
	argoMsgSuccess        = "Success"
	argoMsgTenantCreated  = "Tenant was successfully created"
	argoMsgTenantUpdated  = "Tenant successfully updated"
	argoMsgTenantDeleted  = "Tenant Successfully Deleted"
	argoMsgUserCreated    = "User was successfully created"
	argoMsgUserUpdated    = "User succesfully updated"
	argoMsgUserDeleted    = "User succesfully deleted"
	argoMsgKeyRenewed     = "User api key succesfully renewed"
	argoMsgUserRetrieved  = "User was successfully retrieved"
	argoDetailsNotFound   = "item with the specific ID was not found on the server"
	argoDetailsBadJSON    = "Request Body contains malformed JSON, thus rendering the Request Bad"
	argoDetailsNameTaken  = "Tenant with same name already exists"
	argoDetailsKeyTaken   = "More than one users found using the key: "
	argoDetailsBadKey     = "You need to provide a correct authentication token using the header 'x-api-key'"
	argoDetailsBadAccept  = "Accept header provided did not contain any valid content types. Acceptable content types are 'application/xml' and 'application/json'"
	argoMsgForbidden      = "Access to the resource is Forbidden"
	argoContentTypeJSON   = "application/json; charset=utf-8"
	argoContentTypeXML    = "application/xml; charset=utf-8"
	argoAcceptJSON        = "application/json"
	argoAcceptXML         = "application/xml"
	argoCreatedLinkScheme = "https://"
)

// argoStatusBlock is the "status" object, and one element of "errors".
type argoStatusBlock struct {
	Message string `xml:"message,omitempty"`
	Code    string `xml:"code,omitempty"`
	Details string `xml:"details,omitempty"`
}

// argoErrorDoc is an error body: a status and optional errors.
type argoErrorDoc struct {
	Status argoStatusBlock
	Errors []argoStatusBlock
}

// argoErrorXML is argoErrorDoc for encoding/xml. Errors is an interface, as
// in the real server, because encoding/xml writes an empty <errors></errors>
// for a nil slice under an "a>b" path but nothing for a nil interface.
type argoErrorXML struct {
	XMLName xml.Name        `xml:"root"`
	Status  argoStatusBlock `xml:"status"`
	Errors  any             `xml:"errors>error,omitempty"`
}

func appendArgoStatusBlock(b []byte, s *argoStatusBlock, depth int) []byte {
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
func (d *argoErrorDoc) render(asXML bool) []byte {
	if asXML {
		x := argoErrorXML{Status: d.Status}
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
	b = appendArgoStatusBlock(o.Key(b, "status"), &d.Status, 1)
	if len(d.Errors) > 0 {
		var a wire.Array
		b, a = wire.Indented.OpenArray(o.Key(b, "errors"), 1)
		for i := range d.Errors {
			b = appendArgoStatusBlock(a.Next(b), &d.Errors[i], 2)
		}
		b = a.Close(b)
	}
	return o.Close(b)
}

// argoErrorWithDetails is the handlers' error form: a status without
// details and the details in a one-element errors array.
func argoErrorWithDetails(message string, code int, details string) *argoErrorDoc {
	c := strconv.Itoa(code)
	return &argoErrorDoc{
		Status: argoStatusBlock{Message: message, Code: c},
		Errors: []argoStatusBlock{{Message: message, Code: c, Details: details}},
	}
}

// argoError names the fixed error bodies.
type argoError uint8

const (
	argoErrUnauthorized   argoError = iota // 401
	argoErrForbidden                       // 403
	argoErrNotAcceptable                   // 406, always JSON
	argoErrBadRequest                      // 400
	argoErrTenantNotFound                  // 404, errors-array form
	argoErrUserNotFound                    // 404, flat form
	argoErrNameTaken                       // 409
	argoErrCount
)

func (e argoError) status() int {
	switch e {
	case argoErrUnauthorized:
		return http.StatusUnauthorized
	case argoErrForbidden:
		return http.StatusForbidden
	case argoErrNotAcceptable:
		return http.StatusNotAcceptable
	case argoErrBadRequest:
		return http.StatusBadRequest
	case argoErrTenantNotFound, argoErrUserNotFound:
		return http.StatusNotFound
	}
	return http.StatusConflict
}

func (e argoError) doc() *argoErrorDoc {
	switch e {
	case argoErrUnauthorized:
		return &argoErrorDoc{Status: argoStatusBlock{Message: "Unauthorized", Code: "401", Details: argoDetailsBadKey}}
	case argoErrForbidden:
		return &argoErrorDoc{Status: argoStatusBlock{Message: argoMsgForbidden, Code: "403"}}
	case argoErrNotAcceptable:
		return &argoErrorDoc{Status: argoStatusBlock{Message: "Not Acceptable Content Type", Code: "406", Details: argoDetailsBadAccept}}
	case argoErrBadRequest:
		return argoErrorWithDetails("Bad Request", http.StatusBadRequest, argoDetailsBadJSON)
	case argoErrTenantNotFound:
		return argoErrorWithDetails("Not Found", http.StatusNotFound, argoDetailsNotFound)
	case argoErrUserNotFound:
		return &argoErrorDoc{Status: argoStatusBlock{Message: "Not Found", Code: "404", Details: argoDetailsNotFound}}
	}
	return argoErrorWithDetails("Conflict", http.StatusConflict, argoDetailsNameTaken)
}

// argoErrorBodies holds every fixed error body in both forms, rendered once
// per server.
type argoErrorBodies [argoErrCount][2][]byte

func newArgoErrorBodies() *argoErrorBodies {
	var bodies argoErrorBodies
	for e := argoError(0); e < argoErrCount; e++ {
		d := e.doc()
		bodies[e][0] = d.render(false)
		bodies[e][1] = d.render(e != argoErrNotAcceptable)
	}
	return &bodies
}

// argoKeyTakenBody is the 409 for a clashing api key, which names the key.
func argoKeyTakenBody(key string, asXML bool) []byte {
	return argoErrorWithDetails("Conflict", http.StatusConflict, argoDetailsKeyTaken+key).render(asXML)
}

// argoEnvelope starts a success body: the opening brace and the status
// object. Finish it with argoEnvelopeData and/or argoEnvelopeEnd.
func argoEnvelope(b []byte, message string, code int) []byte {
	b = append(b, "{\n \"status\": "...)
	return appendArgoStatusBlock(b, &argoStatusBlock{Message: message, Code: strconv.Itoa(code)}, 1)
}

// argoEnvelopeData starts the "data" member; its value follows at depth 1.
func argoEnvelopeData(b []byte) []byte { return append(b, ",\n \"data\": "...) }

func argoEnvelopeEnd(b []byte) []byte { return append(b, "\n}"...) }

// argoMessageBody is a body with a status and nothing else.
func argoMessageBody(message string, code int) []byte {
	return argoEnvelopeEnd(argoEnvelope(nil, message, code))
}

// argoMessageBodies are the fixed 200 bodies without data, rendered once
// per server.
type argoMessageBodies struct {
	tenantUpdated, tenantDeleted, userUpdated, userDeleted []byte
}

func newArgoMessageBodies() argoMessageBodies {
	return argoMessageBodies{
		tenantUpdated: argoMessageBody(argoMsgTenantUpdated, http.StatusOK),
		tenantDeleted: argoMessageBody(argoMsgTenantDeleted, http.StatusOK),
		userUpdated:   argoMessageBody(argoMsgUserUpdated, http.StatusOK),
		userDeleted:   argoMessageBody(argoMsgUserDeleted, http.StatusOK),
	}
}

// argoCreatedBody appends the 201 body of a create to b: data {id, links
// {self}}.
func argoCreatedBody(b []byte, message, id, self string) []byte {
	b = argoEnvelopeData(argoEnvelope(b, message, http.StatusCreated))
	b, o := wire.Indented.OpenObject(b, 1)
	b = o.String(b, "id", id)
	b = o.Key(b, "links")
	var lo wire.Object
	b, lo = wire.Indented.OpenObject(b, 2)
	b = lo.String(b, "self", self)
	b = lo.Close(b)
	return argoEnvelopeEnd(o.Close(b))
}
