package client

import "encoding/json"

// decodeAstraError reads an Astra DevOps API error body: its errors array,
// or one of the generic shapes (a bare JSON string from the role endpoints,
// text/plain, Stargate's {"description","code"}).
func decodeAstraError(status int, body []byte) decodedError {
	return decodeWith(status, body, astraShape)
}

// astraShape reads the Astra errors array, {"errors":[{"ID":123,"message":
// "..."}]} or the bare array: the first entry gives the code and the
// message (its description when the message is null), the others become
// details.
func astraShape(b errorBody) (decodedError, bool) {
	var items []jsonErrorItem
	switch {
	case b.obj != nil:
		items = errorItems(b.obj.Errors)
	case len(b.text) > 0 && b.text[0] == '[':
		items = errorItems(json.RawMessage(b.text))
	}
	if len(items) == 0 {
		return decodedError{}, false
	}
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
	return d, true
}
