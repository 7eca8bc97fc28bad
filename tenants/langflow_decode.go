package tenants

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/tenantkit/tenantkit/client"
)

// The Langflow tenant object is not publicly documented (openapi.yaml says
// what tenantkit decided); these decoders accept the alternatives listed
// there, so an API that differs in those ways still works.

// maxLangflowWrapper bounds a wrapped list, which is read whole.
const maxLangflowWrapper = client.DefaultMaxResponseBytes

// decodeLangflowTenant decodes one tenant object.
func decodeLangflowTenant(raw []byte) (LangflowTenant, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return LangflowTenant{}, errors.New("decoding the tenant: empty response body")
	}
	if raw[0] != '{' {
		return LangflowTenant{}, errors.New("decoding the tenant: the response body is not a JSON object")
	}
	var t LangflowTenant
	if err := json.Unmarshal(raw, &t); err != nil {
		return LangflowTenant{}, fmt.Errorf("decoding the tenant: %w", err)
	}
	return normalizeLangflowTenant(t), nil
}

// langflowTenantBody decodes a tenant response body in one pass (a
// client.BodyDecoder). It reads what decodeLangflowTenant reads from the
// body, and fails the call only where client.Do's own decoding into a
// json.RawMessage did: on malformed JSON. Use tenant for the outcome.
type langflowTenantBody struct {
	decoded bool // false: client.Do found the body empty
	t       LangflowTenant
	err     error // why the body holds no tenant
}

func (d *langflowTenantBody) DecodeBody(body []byte) error {
	d.decoded = true
	if raw := bytes.TrimSpace(body); raw[0] != '{' { // never empty: Do keeps empty bodies
		if err := json.Unmarshal(body, new(json.RawMessage)); err != nil {
			return err
		}
		d.t, d.err = decodeLangflowTenant(raw)
		return nil
	}
	var t LangflowTenant
	if err := json.Unmarshal(body, &t); err != nil {
		if !json.Valid(body) {
			return err // malformed: json's syntax error, as before
		}
		d.err = fmt.Errorf("decoding the tenant: %w", err)
		return nil
	}
	d.t = normalizeLangflowTenant(t)
	return nil
}

// tenant returns the tenant in the body, or decodeLangflowTenant's error.
func (d *langflowTenantBody) tenant() (LangflowTenant, error) {
	if !d.decoded {
		return decodeLangflowTenant(nil)
	}
	return d.t, d.err
}

// normalizeLangflowTenant takes the ID from "tenant_id" (or a spelling of
// it) when "id" is absent; the generated decoder left it in Extra.
func normalizeLangflowTenant(t LangflowTenant) LangflowTenant {
	if t.ID != "" || len(t.Extra) == 0 {
		return t
	}
	for _, k := range [...]string{"tenant_id", "tenantId", "tenantID"} {
		var id string
		if raw, ok := t.Extra[k]; ok && json.Unmarshal(raw, &id) == nil && id != "" {
			t.ID = id
			delete(t.Extra, k)
			if len(t.Extra) == 0 {
				t.Extra = nil
			}
			break
		}
	}
	return t
}

// decodeLangflowTenants yields the tenants of a list body: a top-level array
// (the decided form, streamed), or an object holding the array under one of
// "tenants", "data" or "items" (read whole). An empty body or null is an empty list.
func decodeLangflowTenants(r io.Reader) iter.Seq2[LangflowTenant, error] {
	return func(yield func(LangflowTenant, error) bool) {
		br := bufio.NewReader(r)
		first, err := peekNonSpace(br)
		if err != nil {
			yield(LangflowTenant{}, fmt.Errorf("decoding the tenant list: %w", err))
			return
		}
		var items io.Reader = br
		if first == '{' {
			arr, err := unwrapLangflowList(br)
			if err != nil {
				yield(LangflowTenant{}, fmt.Errorf("decoding the tenant list: %w", err))
				return
			}
			items = bytes.NewReader(arr)
		}
		for t, err := range client.DecodeItems[LangflowTenant](items) {
			if err != nil {
				yield(LangflowTenant{}, err)
				return
			}
			if !yield(normalizeLangflowTenant(t), nil) {
				return
			}
		}
	}
}

// unwrapLangflowList returns the array inside a wrapper object.
func unwrapLangflowList(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxLangflowWrapper+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxLangflowWrapper {
		return nil, fmt.Errorf("the list exceeds %d bytes", maxLangflowWrapper)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	for _, want := range [...]string{"tenants", "data", "items"} {
		for k, v := range obj {
			if strings.EqualFold(k, want) {
				return v, nil
			}
		}
	}
	return nil, errors.New(`expected an array of tenants, or an object holding one under "tenants", "data" or "items"`)
}

// peekNonSpace skips JSON whitespace and returns the next byte without
// consuming it; 0 at the end of input.
func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b, br.UnreadByte()
	}
}
