package testkit

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// ReadTestdata returns the file at the path elems name under the test's
// testdata directory, failing the test if it cannot be read.
func ReadTestdata(tb testing.TB, elems ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, elems...)...))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Unmarshal decodes JSON into v, failing the test on error.
func Unmarshal(tb testing.TB, data []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		tb.Fatalf("decoding %.60q: %v", data, err)
	}
}

// DecodeStrict decodes JSON into v and fails on a key v has no field for,
// so a key a type would silently drop is caught.
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// DiffJSON reports how two JSON texts differ as values, whatever their key
// order and spacing, in Diff's form; "" when they are equal. Text that is
// not JSON differs from everything.
func DiffJSON(want, got []byte) string {
	var w, g any
	werr, gerr := json.Unmarshal(want, &w), json.Unmarshal(got, &g)
	if werr != nil || gerr != nil {
		return Diff("JSON "+string(want), "JSON "+string(got)) + "(not JSON: " + errText(werr) + ", " + errText(gerr) + ")\n"
	}
	return Diff(w, g)
}

func errText(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
