package wire

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// trickyStrings covers every branch of the string escaping.
var trickyStrings = []string{
	"", "plain", "<b>&amp;</b>", `quote " back \ slash /`, "tab\tnew\nline\rcr", "\b\f\x00\x1f\x7f",
	"caf\u00e9 \u2028\u2029 \U0001F600 日本", "bad \xff\xfe utf8", "\xe2\x80", "a\xc3", "'single'",
}

// marshal is encoding/json's encoding of v, HTML escaping as Marshal does.
func marshal(t testing.TB, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestIndentedStringsAreEncodingJSONs(t *testing.T) {
	t.Parallel()
	for _, s := range trickyStrings {
		if got, want := string(Indented.AppendString(nil, s)), marshal(t, s); got != want {
			t.Errorf("Indented.AppendString(%q) = %s, encoding/json: %s", s, got, want)
		}
	}
}

// The Astra servers' strings keep <, > and & and write \b and \f as
// \u0008 and \u000c: the bytes the fake has always sent.
func TestCompactStringsEscapeOnlyWhatJSONNeeds(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]string{
		"<b>&amp;</b>":        `"<b>&amp;</b>"`,
		"\b\f\x00\x1f\x7f":    `"\u0008\u000c\u0000\u001f` + "\x7f\"",
		"tab\tnew\nline\rcr":  `"tab\tnew\nline\rcr"`,
		`quote " back \ sl /`: `"quote \" back \\ sl /"`,
		"bad \xff utf8":       `"bad \ufffd utf8"`,
		"\u2028\u2029 é":      `"\u2028\u2029 é"`,
	} {
		if got := string(Compact.AppendString(nil, s)); got != want {
			t.Errorf("Compact.AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

// FuzzAppendJSONString checks both escapings against encoding/json: the
// Compact output must be valid JSON that decodes to what encoding/json's
// own encoding decodes to (invalid UTF-8 becomes U+FFFD), and the Indented
// output must be encoding/json's, byte for byte.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Compact.AppendString([]byte("x"), s)[1:]
		var decoded string
		if err := json.Unmarshal(got, &decoded); err != nil {
			t.Fatalf("Compact.AppendString(%q) = %s, not a JSON string: %v", s, got, err)
		}
		ref := marshal(t, s)
		var want string
		_ = json.Unmarshal([]byte(ref), &want)
		if decoded != want {
			t.Fatalf("Compact.AppendString(%q) decodes to %q, encoding/json's to %q", s, decoded, want)
		}
		if got := string(Indented.AppendString(nil, s)); got != ref {
			t.Fatalf("Indented.AppendString(%q) = %s, encoding/json: %s", s, got, ref)
		}
	})
}

// sample is a document with every construct: nested objects and arrays,
// empty ones, a map with keys that need escaping, and every value kind.
type sample struct {
	Name  string          `json:"name"`
	Count int64           `json:"count"`
	On    bool            `json:"on"`
	Tags  []string        `json:"tags"`
	None  []string        `json:"none"`
	Empty struct{}        `json:"empty"`
	Map   map[string]bool `json:"map"`
	Items []sampleItem    `json:"items"`
}

type sampleItem struct {
	ID string `json:"id"`
}

func (s *sample) write(f Format) []byte {
	b, o := f.OpenObject(nil, 0)
	b = o.String(b, "name", s.Name)
	b = o.Int(b, "count", s.Count)
	b = o.Bool(b, "on", s.On)
	b = o.Strings(b, "tags", s.Tags)
	b = o.Strings(b, "none", s.None)
	b, e := f.OpenObject(o.Key(b, "empty"), o.Depth())
	b = e.Close(b)
	b, m := f.OpenObject(o.Key(b, "map"), o.Depth())
	for _, k := range []string{"<a>", "b\"c"} { // sorted, as encoding/json sorts map keys
		b = m.MapKey(b, k)
		b = append(b, "true"...)
	}
	b = m.Close(b)
	b, a := f.OpenArray(o.Key(b, "items"), o.Depth())
	for _, it := range s.Items {
		var item Object
		b, item = f.OpenObject(a.Next(b), a.Depth())
		b = item.String(b, "id", it.ID)
		b = item.Close(b)
	}
	b = a.Close(b)
	return o.Close(b)
}

func TestWritersLayOutJSONAsEncodingJSON(t *testing.T) {
	t.Parallel()
	s := &sample{Name: "n", Count: -3, On: true, Tags: []string{"x", "<y>"}, None: []string{},
		Map: map[string]bool{"<a>": true, "b\"c": true}, Items: []sampleItem{{"1"}, {"2"}}}
	indented, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"Indented": string(s.write(Indented)), "Compact": string(s.write(Compact))}
	want := map[string]string{
		"Indented": string(indented),
		"Compact":  `{"name":"n","count":-3,"on":true,"tags":["x","<y>"],"none":[],"empty":{},"map":{"<a>":true,"b\"c":true},"items":[{"id":"1"},{"id":"2"}]}`,
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
}

// Deeply nested values keep the layout past the depths the writers
// indent in one copy.
func TestIndentedLayoutHoldsAtAnyDepth(t *testing.T) {
	t.Parallel()
	var v any = "leaf"
	for range 20 {
		v = []any{v}
	}
	want, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	var write func(b []byte, v any, depth int) []byte
	write = func(b []byte, v any, depth int) []byte {
		inner, ok := v.([]any)
		if !ok {
			return Indented.AppendString(b, v.(string))
		}
		b, a := Indented.OpenArray(b, depth)
		for _, e := range inner {
			b = write(a.Next(b), e, a.Depth())
		}
		return a.Close(b)
	}
	if diff := testkit.Diff(string(want), string(write(nil, v, 0))); diff != "" {
		t.Errorf("20 levels (-encoding/json +wire):\n%s", diff)
	}
}
