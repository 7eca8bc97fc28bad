package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// Items streams the elements of a JSON array in the body of a GET (or any
// request) as a sequence, decoding one element at a time so memory stays
// flat however long the list. None of the tenantkit APIs paginates on the
// server; this is how the SDK offers lists as sequences.
//
// path selects the array by object keys, matched case-insensitively as
// encoding/json does: no path means the body is the array; "Users" selects it
// in {"OrgID":"..","Users":[...]}; "data" in the ARGO envelope
// {"status":{..},"data":[...]}. A null or absent array (and an empty body)
// yields nothing; anything else where the array should be is an error.
//
// An error (the request failing, or a malformed body) is yielded once and
// ends the sequence. Stopping early closes the response body.
func Items[T any](ctx context.Context, c *Client, req Request, path ...string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		body, resp, err := c.Stream(ctx, req)
		if err != nil {
			yield(zero, err)
			return
		}
		defer body.Close()
		for v, err := range decodeItems[T](body, path) {
			if err != nil {
				yield(zero, newOpError(&req, resp.Attempts, c.redactor(&req, ""), err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// DecodeItems is the decoder behind [Items]: it reads r and yields the
// elements of the array that path selects (see Items for the path rules),
// one at a time. It never panics, whatever r holds; malformed or truncated
// input yields one error and ends the sequence.
func DecodeItems[T any](r io.Reader, path ...string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for v, err := range decodeItems[T](r, path) {
			if err != nil {
				yield(v, fmt.Errorf("tenantkit: %w", err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// decodeItems is DecodeItems with errors left for the caller to prefix.
func decodeItems[T any](r io.Reader, path []string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if r == nil {
			yield(zero, errors.New("decoding items: nil reader"))
			return
		}
		dec := json.NewDecoder(r)
		found, err := seekArray(dec, path)
		if err != nil {
			yield(zero, fmt.Errorf("decoding items: %w", err))
			return
		}
		if !found {
			return
		}
		// One T on the heap for the whole list (Decode's argument escapes),
		// zeroed before each item so that nothing of the last one is
		// reused: every yielded value is a copy with its own slices and
		// maps.
		v := new(T)
		for i := 0; dec.More(); i++ {
			*v = zero
			if err := dec.Decode(v); err != nil {
				yield(zero, fmt.Errorf("decoding item %d: %w", i, unexpectedEOF(err)))
				return
			}
			if !yield(*v, nil) {
				return
			}
		}
		// The closing bracket proves the array was complete.
		if _, err := dec.Token(); err != nil {
			yield(zero, fmt.Errorf("decoding items: %w", unexpectedEOF(err)))
		}
	}
}

// seekArray advances dec to just inside the array that path selects. It
// reports false, with no error, when the array is null or absent or the
// input is empty.
func seekArray(dec *json.Decoder, path []string) (bool, error) {
	for depth, key := range path {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF && depth == 0 {
				return false, nil
			}
			return false, unexpectedEOF(err)
		}
		if tok == nil {
			return false, nil
		}
		if tok != json.Delim('{') {
			return false, fmt.Errorf("expected an object at %s, found %s", where(path[:depth]), describe(tok))
		}
		found := false
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return false, unexpectedEOF(err)
			}
			if k, _ := kt.(string); strings.EqualFold(k, key) {
				found = true
				break
			}
			if err := skipValue(dec); err != nil {
				return false, err
			}
		}
		if !found {
			// Read the closing brace, so that truncated input is an error
			// rather than an empty list.
			if _, err := dec.Token(); err != nil {
				return false, unexpectedEOF(err)
			}
			return false, nil
		}
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF && len(path) == 0 {
			return false, nil
		}
		return false, unexpectedEOF(err)
	}
	switch tok {
	case json.Delim('['):
		return true, nil
	case nil:
		return false, nil
	}
	return false, fmt.Errorf("expected an array at %s, found %s", where(path), describe(tok))
}

// skipValue consumes one JSON value token by token, so skipping a large
// sibling of the array never buffers it whole.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// unexpectedEOF turns io.EOF in the middle of a document into
// io.ErrUnexpectedEOF: the input was truncated.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func where(path []string) string {
	if len(path) == 0 {
		return "the top level"
	}
	return fmt.Sprintf("%q", strings.Join(path, "."))
}

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return "an object"
		case '[':
			return "an array"
		}
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64, json.Number:
		return "a number"
	}
	return "null"
}
