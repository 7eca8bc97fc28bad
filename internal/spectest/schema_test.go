package spectest

import (
	"net/http"
	"strings"
	"testing"
)

// synthetic is a document in tools/genspec's form with the keywords
// openapi.yaml does not use today but the validator implements (a closed
// enum, additionalProperties false, a nullable schema under allOf, a
// required query parameter and header), so that each is checked before a
// spec change relies on it.
const synthetic = `{
  "generated": "test",
  "operations": [{
    "id": "getThing", "method": "GET", "path": "/things/{id}",
    "query": [{"name": "view", "required": true}],
    "responses": {
      "200": {"headers": {"ETag": true}, "content": {"application/json": {"$ref": "Thing"}}},
      "204": {}
    }
  }],
  "schemas": {
    "AstraErrors": {"type": "object"},
    "ArgoErrorResponse": {"type": "object"},
    "Color": {"type": "string", "enum": ["red", "blue"]},
    "Thing": {
      "type": "object",
      "required": ["id"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": "integer"},
        "color": {"$ref": "Color"},
        "note": {"allOf": [{"type": "string", "nullable": true}]},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "any": {}
      }
    }
  }
}`

func TestValidatorImplementsEveryKeywordOfTheForm(t *testing.T) {
	t.Parallel()
	c, err := newChecker([]byte(synthetic))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, target string
		header       map[string]string
		body         string
		want         string // a fragment of the one violation; "" for none
	}{
		{"conforming", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"color":"red","note":"n","labels":{"a":"b"},"any":[1]}`, ""},
		{"closed enum", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"color":"green"}`, `value "green" is not one of ["red" "blue"]`},
		{"closed enum, another type", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"color":3}`, `value must be one of ["red" "blue"], got a number`},
		{"additionalProperties false", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"extra":true}`, `property "extra" is not allowed`},
		{"additionalProperties schema", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"labels":{"a":1}}`, `at "/labels/a": value must be a string, got a number`},
		{"null taken through allOf", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"note":null}`, ""},
		{"null where nothing takes it", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":null}`, `at "/id": value is null`},
		{"no type takes anything but null", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1,"any":null}`, `at "/any": value is null`},
		{"integer written with a fraction", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1.0}`, ""},
		{"not an integer", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1.5}`, "value must be an integer, got 1.5"},
		{"a number beyond float64", "/things/1?view=full", map[string]string{"ETag": `"1"`}, `{"id":1e400}`, "number 1e400 is out of range"},
		{"required header", "/things/1?view=full", nil, `{"id":1}`, "header ETag is missing"},
		{"required query parameter", "/things/1", map[string]string{"ETag": `"1"`}, `{"id":1}`, `query parameter "view" is missing`},
		{"an empty path parameter routes nowhere", "/things/?view=full", map[string]string{"ETag": `"1"`}, `{"id":1}`, "no operation in the spec answers this"},
	}
	for _, tc := range cases {
		h := map[string]string{"Content-Type": jsonCT}
		for k, v := range tc.header {
			h[k] = v
		}
		req, resp := exchange("GET", tc.target, "", 200, h, tc.body)
		wantViolation(t, tc.name, c.Check(req, resp), tc.want)
	}
}

func TestResponseWithoutContentMustHaveNoBody(t *testing.T) {
	t.Parallel()
	c, err := newChecker([]byte(synthetic))
	if err != nil {
		t.Fatal(err)
	}
	for body, want := range map[string]string{"": "", "{}": "status 204 has no body, got 2 bytes"} {
		req, resp := exchange("GET", "/things/1?view=full", "", http.StatusNoContent, nil, body)
		got := strings.Join(c.Check(req, resp), "\n")
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("204 with body %q: violations %q, want %q", body, got, want)
		}
	}
}

func TestParseSpecRefusesWhatItCannotCheck(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"a keyword it does not know":  strings.Replace(synthetic, `"type": "integer"`, `"type": "integer", "minimum": 1`, 1),
		"a $ref to nothing":           strings.Replace(synthetic, `{"$ref": "Color"}`, `{"$ref": "Colour"}`, 1),
		"data after the document":     synthetic + "{}",
		"no Astra error schema":       strings.Replace(synthetic, `"AstraErrors"`, `"Other"`, 1),
		"additionalProperties a text": strings.Replace(synthetic, `"additionalProperties": false`, `"additionalProperties": "no"`, 1),
	}
	for name, doc := range cases {
		if _, err := newChecker([]byte(doc)); err == nil {
			t.Errorf("%s: newChecker accepted it", name)
		}
	}
}
