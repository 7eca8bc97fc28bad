package client

import (
	"encoding/json"
	"encoding/xml"
)

// decodeArgoError reads an ARGO Web API error body: its envelope, in JSON
// or XML, or one of the generic shapes (the router's plain-text "404 page
// not found").
func decodeArgoError(status int, body []byte) decodedError {
	return decodeWith(status, body, argoShape)
}

// argoShape reads the ARGO envelope {"status":{"message","code","details"},
// "errors":[{"message","code","details"}]}, with or without errors, and its
// XML form <root><status>…</status><errors><error>…</error></errors></root>
// (sent when the request's Accept was application/xml).
func argoShape(b errorBody) (decodedError, bool) {
	switch {
	case b.obj != nil && isJSON(b.obj.Status, '{'):
		var st jsonErrorItem
		if json.Unmarshal(b.obj.Status, &st) != nil {
			return decodedError{}, false
		}
		items := errorItems(b.obj.Errors)
		env := argoEnvelope{status: argoEntryOf(st), errors: make([]argoEntry, len(items))}
		for i, it := range items {
			env.errors[i] = argoEntryOf(it)
		}
		return env.decoded(), true
	case len(b.text) > 0 && b.text[0] == '<':
		var x xmlErrorBody
		if xml.Unmarshal(b.text, &x) != nil {
			return decodedError{}, false // HTML from a proxy, or broken XML
		}
		env := argoEnvelope{status: x.Status.entry(), errors: make([]argoEntry, len(x.Errors))}
		for i, it := range x.Errors {
			env.errors[i] = it.entry()
		}
		d := env.decoded()
		return d, d.Message != "" || d.Code != ""
	}
	return decodedError{}, false
}

// argoEnvelope is the ARGO error envelope, whichever form it came in.
type argoEnvelope struct {
	status argoEntry
	errors []argoEntry
}

// argoEntry is the status object, or one entry of errors.
type argoEntry struct {
	message, code string
	details       []string
}

// decoded lays the envelope out as an APIError has it. The server's
// status.message is a heading ("Conflict", "Not Found", "Not Acceptable
// Content Type"); the sentence that says what went wrong ("Tenant with same
// name already exists") sits in status.details or errors[].details. So
// Message is the most specific text: the first of status.details,
// errors[].details and an errors[].message other than the heading; Title is
// the heading (status.message, or the first errors[].message without one);
// every other text becomes a detail.
func (e argoEnvelope) decoded() decodedError {
	d := decodedError{Code: e.status.code, Title: e.status.message}
	specific := append([]string(nil), e.status.details...)
	for _, it := range e.errors {
		if d.Code == "" {
			d.Code = it.code
		}
		if d.Title == "" {
			d.Title = it.message
		}
		specific = append(specific, it.details...)
	}
	for _, it := range e.errors {
		if it.message != d.Title {
			specific = append(specific, it.message)
		}
	}
	for i, s := range specific {
		if s != "" {
			d.Message, d.Details = s, specific[i+1:]
			break
		}
	}
	if d.Message == "" {
		d.Message, d.Title = d.Title, ""
	}
	return d
}

func argoEntryOf(it jsonErrorItem) argoEntry {
	return argoEntry{message: firstOf(it.Message, it.Description), code: firstOf(it.Code, it.ID), details: texts(it.Details)}
}

// xmlErrorBody is the ARGO error envelope as XML.
type xmlErrorBody struct {
	Status xmlErrorItem   `xml:"status"`
	Errors []xmlErrorItem `xml:"errors>error"`
}

type xmlErrorItem struct {
	Message string `xml:"message"`
	Code    string `xml:"code"`
	Details string `xml:"details"`
}

func (it xmlErrorItem) entry() argoEntry {
	e := argoEntry{message: it.Message, code: it.Code}
	if it.Details != "" {
		e.details = []string{it.Details}
	}
	return e
}
