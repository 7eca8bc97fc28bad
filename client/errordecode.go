package client

import (
	"bytes"
	"encoding/json"
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

// decodedError is what an errorDecoder extracts from an error response (see
// APIError for what each field holds).
type decodedError struct {
	Code    string
	Title   string
	Message string
	Details []string
}

// errorDecoder reads the body of a non-2xx response. It never fails:
// whatever it cannot parse leaves the status text as the message, so the
// status is never hidden.
type errorDecoder func(status int, body []byte) decodedError

// errorDecoderFor returns the decoder for the error bodies of api. The client
// picks it once per call, before the first attempt, so the attempt loop
// knows no API's error shape: another API brings a file with its shapes and
// a case here.
func errorDecoderFor(api API) errorDecoder {
	switch api {
	case APIAstra:
		return decodeAstraError
	case APIArgo:
		return decodeArgoError
	}
	return decodeError
}

// decodeError reads a body in any shape the SDK knows, for requests whose
// API is unspecified: the ARGO envelope first (its errors array would also
// pass for Astra's), then Astra's errors array, then the generic shapes.
func decodeError(status int, body []byte) decodedError {
	return decodeWith(status, body, argoShape, astraShape)
}

// errorShape recognises one API's shape of error body. It reports false when
// the body is not in that shape (or says nothing in it), so that the next
// shape is tried.
type errorShape func(b errorBody) (decodedError, bool)

// errorBody is an error response body as the shapes see it: trimmed of
// space, with its top-level keys read once when it is a JSON object.
type errorBody struct {
	text []byte
	obj  *jsonErrorBody // nil unless text is a JSON object
}

// decodeWith tries shapes in order, then the generic ones every server and
// gateway may send, and cleans the result for a one-line error message.
//
// Bodies are sniffed, not taken by their Content-Type: the ARGO server
// echoes the request's headers, Content-Type included, on 401/403/406.
func decodeWith(status int, body []byte, shapes ...errorShape) decodedError {
	b := errorBody{text: bytes.TrimSpace(body)}
	if len(b.text) > 0 && b.text[0] == '{' {
		var obj jsonErrorBody
		if json.Unmarshal(b.text, &obj) == nil {
			b.obj = &obj
		}
	}
	var d decodedError
	found := false
	for _, shape := range shapes {
		if d, found = shape(b); found {
			break
		}
	}
	if !found && len(b.text) > 0 {
		d = genericShape(b)
	}
	d.Message = cleanText(d.Message)
	d.Title = cleanText(d.Title)
	d.Code = cleanText(d.Code)
	if d.Title == d.Message {
		d.Title = ""
	}
	d.Details = cleanDetails(d.Details, d.Message, d.Title)
	if d.Message == "" {
		d.Message = http.StatusText(status)
	}
	return d
}

// genericShape reads what is not any API's own shape:
//   - any JSON object with message, description or error (Stargate's
//     {"description":"...","code":401} among them), with code and details;
//   - a bare JSON string ("role not found", as Astra's role endpoints sent
//     for years);
//   - plain text (ARGO's router "404 page not found\n", Astra's text/plain
//     errors).
//
// HTML from a proxy, broken XML, and JSON numbers, booleans and null say
// nothing; the status text stands in for them.
func genericShape(b errorBody) decodedError {
	var d decodedError
	switch b.text[0] {
	case '{':
		if w := b.obj; w != nil {
			d = decodedError{Code: scalar(w.Code), Details: texts(w.Details)}
			d.Message = firstOf(w.Message, w.Description, w.ErrorText)
		}
	case '"':
		var s string
		if json.Unmarshal(b.text, &s) == nil {
			d.Message = s
		}
	case '<':
	default:
		if !json.Valid(b.text) {
			d.Message = string(b.text)
		}
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

// errorItems reads an errors array; anything else (an array of
// non-objects among them) gives none.
func errorItems(raw json.RawMessage) []jsonErrorItem {
	var items []jsonErrorItem
	if isJSON(raw, '[') {
		_ = json.Unmarshal(raw, &items)
	}
	return items
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

// firstOf returns the first of raws that renders as non-empty text.
func firstOf(raws ...json.RawMessage) string {
	for _, r := range raws {
		if s := scalar(r); s != "" {
			return s
		}
	}
	return ""
}

// cleanDetails cleans each detail and drops empty ones, repeats, and those
// that only restate the message or the title, keeping at most maxDetails.
func cleanDetails(details []string, message, title string) []string {
	var out []string
	for _, d := range details {
		d = cleanText(d)
		if d == "" || d == message || d == title || slices.Contains(out, d) {
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
