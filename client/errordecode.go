package client

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// Bounds on what an error body can put into an APIError, so a hostile or
// broken server cannot make Error() strings arbitrarily long.
const (
	maxMessageBytes = 1024
	maxDetails      = 16
)

// decodedError is what decodeError extracts from an error response.
type decodedError struct {
	Code    string
	Message string
	Details []string
}

// decodeError extracts the API's code, message and details from an error
// response body. It sniffs the body instead of trusting Content-Type (the ARGO
// server echoes the request's headers, Content-Type included, on 401/403/406)
// and never fails: whatever it cannot parse leaves the status text as the
// message, so the status is never hidden.
//
// Shapes understood, in the order they are tried:
//   - an Astra errors array {"errors":[{"ID":123,"message":"..."}]}
//   - the ARGO envelope {"status":{"message","code","details"},"errors":[...]},
//     with or without errors, and its XML form <root><status>...</status></root>
//   - a bare JSON string "role not found"
//   - any JSON object with message, description or error (Stargate's
//     {"description":"...","code":401} among them)
//   - plain text (ARGO's "404 page not found\n", Astra's text/plain errors)
//   - an empty body
func decodeError(status int, body []byte) decodedError {
	var d decodedError
	if b := bytes.TrimSpace(body); len(b) > 0 {
		switch b[0] {
		case '{':
			d = decodeJSONError(b)
		case '[':
			var items []jsonErrorItem
			if json.Unmarshal(b, &items) == nil {
				d = fromErrorItems(items)
			}
		case '"':
			var s string
			if json.Unmarshal(b, &s) == nil {
				d.Message = s
			}
		case '<':
			d = decodeXMLError(b)
		default:
			// Numbers, true, false and null are JSON but say nothing; anything
			// else that is not JSON is a plain-text message.
			if !json.Valid(b) {
				d.Message = string(b)
			}
		}
	}
	d.Message = cleanText(d.Message)
	d.Details = cleanDetails(d.Message, d.Details)
	d.Code = cleanText(d.Code)
	if d.Message == "" {
		d.Message = http.StatusText(status)
	}
	return d
}

// jsonErrorBody holds the top-level keys of every JSON error shape we know.
// encoding/json matches keys case-insensitively, so "ID", "Id" and "id" all
// land in the same field, as do "Message" and "message".
type jsonErrorBody struct {
	Errors      json.RawMessage `json:"errors"`
	Status      json.RawMessage `json:"status"`
	Message     json.RawMessage `json:"message"`
	Description json.RawMessage `json:"description"`
	ErrorText   json.RawMessage `json:"error"`
	Code        json.RawMessage `json:"code"`
	Details     json.RawMessage `json:"details"`
}

// jsonErrorItem is one entry of an errors array, or an ARGO status object.
type jsonErrorItem struct {
	ID          json.RawMessage `json:"id"`
	Code        json.RawMessage `json:"code"`
	Message     json.RawMessage `json:"message"`
	Description json.RawMessage `json:"description"`
	Details     json.RawMessage `json:"details"`
}

func decodeJSONError(b []byte) decodedError {
	var w jsonErrorBody
	if json.Unmarshal(b, &w) != nil {
		return decodedError{}
	}
	var items []jsonErrorItem
	if isJSON(w.Errors, '[') {
		// An errors array of non-objects is not a shape we know; ignore it.
		_ = json.Unmarshal(w.Errors, &items)
	}
	var st jsonErrorItem
	if isJSON(w.Status, '{') && json.Unmarshal(w.Status, &st) == nil {
		return fromArgoEnvelope(st, items)
	}
	if len(items) > 0 {
		return fromErrorItems(items)
	}
	d := decodedError{Code: scalar(w.Code), Details: texts(w.Details)}
	for _, m := range []json.RawMessage{w.Message, w.Description, w.ErrorText} {
		if d.Message = scalar(m); d.Message != "" {
			break
		}
	}
	return d
}

// fromArgoEnvelope reads the ARGO envelope: the message and code live in
// status, the useful explanation in status.details and errors[].details.
func fromArgoEnvelope(st jsonErrorItem, items []jsonErrorItem) decodedError {
	d := decodedError{
		Code:    scalar(st.Code),
		Message: firstOf(st.Message, st.Description),
		Details: texts(st.Details),
	}
	for _, it := range items {
		if d.Code == "" {
			d.Code = firstOf(it.Code, it.ID)
		}
		msg := firstOf(it.Message, it.Description)
		if d.Message == "" {
			d.Message = msg
		} else if msg != "" {
			d.Details = append(d.Details, msg)
		}
		d.Details = append(d.Details, texts(it.Details)...)
	}
	return d
}

// fromErrorItems reads the Astra errors array: the first entry gives code
// and message, the others become details.
func fromErrorItems(items []jsonErrorItem) decodedError {
	var d decodedError
	for i, it := range items {
		msg := firstOf(it.Message, it.Description)
		if i == 0 {
			d.Code = firstOf(it.ID, it.Code)
			d.Message = msg
		} else if msg != "" {
			d.Details = append(d.Details, msg)
		}
		d.Details = append(d.Details, texts(it.Details)...)
	}
	return d
}

// xmlErrorBody is the ARGO error envelope as XML (sent when the request's
// Accept was application/xml).
type xmlErrorBody struct {
	Status xmlErrorItem   `xml:"status"`
	Errors []xmlErrorItem `xml:"errors>error"`
}

type xmlErrorItem struct {
	Message string `xml:"message"`
	Code    string `xml:"code"`
	Details string `xml:"details"`
}

func decodeXMLError(b []byte) decodedError {
	var x xmlErrorBody
	if xml.Unmarshal(b, &x) != nil {
		// HTML from a proxy, or broken XML: the status text says more.
		return decodedError{}
	}
	d := decodedError{Code: x.Status.Code, Message: x.Status.Message}
	if x.Status.Details != "" {
		d.Details = append(d.Details, x.Status.Details)
	}
	for _, it := range x.Errors {
		if d.Code == "" {
			d.Code = it.Code
		}
		if d.Message == "" {
			d.Message = it.Message
		} else if it.Message != "" {
			d.Details = append(d.Details, it.Message)
		}
		if it.Details != "" {
			d.Details = append(d.Details, it.Details)
		}
	}
	return d
}

// isJSON reports whether raw holds a JSON value starting with open.
func isJSON(raw json.RawMessage, open byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == open
}

// scalar renders a JSON string or number as text; other values (null,
// booleans, objects, arrays) give "".
func scalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch c := raw[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case c == '-' || (c >= '0' && c <= '9'):
		return string(raw)
	}
	return ""
}

// texts renders a scalar, or an array of scalars, as a list of texts.
func texts(raw json.RawMessage) []string {
	if isJSON(raw, '[') {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		var out []string
		for _, it := range items {
			if s := scalar(it); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := scalar(raw); s != "" {
		return []string{s}
	}
	return nil
}

func firstOf(raws ...json.RawMessage) string {
	for _, r := range raws {
		if s := scalar(r); s != "" {
			return s
		}
	}
	return ""
}

// cleanDetails cleans each detail and drops empty ones, repeats, and those
// that only restate the message, keeping at most maxDetails.
func cleanDetails(message string, details []string) []string {
	var out []string
	for _, d := range details {
		d = cleanText(d)
		if d == "" || d == message || slices.Contains(out, d) {
			continue
		}
		if len(out) == maxDetails {
			break
		}
		out = append(out, d)
	}
	return out
}

// cleanText makes server text fit for a one-line error message: valid
// UTF-8, control characters (including newlines and terminal escapes) turned
// into spaces, runs of space collapsed, and at most maxMessageBytes long.
func cleanText(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	return truncate(s, maxMessageBytes)
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := n - len(mark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}
