package wire

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestReadBodyReadsWithinTheLimit(t *testing.T) {
	t.Parallel()
	type result struct {
		Body string
		Err  bool
	}
	for _, tc := range []struct {
		name     string
		body     string
		declared int64 // -1: unknown, as with chunked transfer
		limit    int64
		want     result
	}{
		{"declared length", `{"a":1}`, 7, 100, result{`{"a":1}`, false}},
		{"unknown length", `{"a":1}`, -1, 100, result{`{"a":1}`, false}},
		{"declared, over the limit", `{"a":1}`, 7, 3, result{`{"a`, false}},
		{"unknown, over the limit", `{"a":1}`, -1, 3, result{`{"a`, false}},
		{"shorter than declared", `{"a"`, 7, 100, result{"{\"a\"\x00\x00\x00", true}},
		{"empty", ``, 0, 100, result{``, false}},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
		r.ContentLength = tc.declared
		b, err := ReadBody(r, tc.limit)
		if tc.want.Err && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: error %v, want io.ErrUnexpectedEOF", tc.name, err)
		}
		if diff := testkit.Diff(tc.want, result{string(b), err != nil}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestDrainReadsAtMostEightMiB(t *testing.T) {
	t.Parallel()
	r := strings.NewReader(strings.Repeat("x", maxDrain+10))
	Drain(r)
	if r.Len() != 10 {
		t.Errorf("%d bytes left unread, want 10", r.Len())
	}
	Drain(nil) // a request without a body
}
