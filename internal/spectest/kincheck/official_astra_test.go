package kincheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// officialAstraSpec is what the official Astra DevOps spec says about the
// operations and schemas openapi.yaml also describes (testdata, copied by
// hand from datastax/astra-client-go).
type officialAstraSpec struct {
	Operations []struct {
		OperationID  string
		Method, Path string
		Statuses     []string
		RequestBody  string // the schema of its body, if any; never marked required
		StringErrors bool   // its error bodies are declared `type: string`
	}
	Schemas []struct {
		Name, Ours           string
		Properties, Required []string
	}
}

func loadOfficialAstraSpec(t *testing.T) officialAstraSpec {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "astra-devops-official.json"))
	if err != nil {
		t.Fatal(err)
	}
	var o officialAstraSpec
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// normalKey is a JSON key without its casing and underscores: the same
// for last_update_datetime and LastUpdateDateTime.
func normalKey(k string) string { return strings.ToLower(strings.ReplaceAll(k, "_", "")) }

// TestSpecSaysWhereItDepartsFromTheOfficialAstraSpec compares openapi.yaml
// with the official Astra DevOps spec, operation by operation and schema by
// schema, and requires each difference to be explained where the operation
// or schema is described: a status either spec declares and the other does
// not, a request body tenantkit requires, role error bodies, and a key
// spelled or required differently.
func TestSpecSaysWhereItDepartsFromTheOfficialAstraSpec(t *testing.T) {
	t.Parallel()
	doc := mustLoadDoc(t)
	official := loadOfficialAstraSpec(t)
	if info := strings.Join(strings.Fields(doc.Info.Description), " "); !strings.Contains(info, "401, 413 and 429 on every operation") {
		t.Errorf("info.description does not say that 401, 413 and 429 are declared on every operation")
	}

	for _, o := range official.Operations {
		item := doc.Paths.Value(o.Path)
		var op *openapi3.Operation
		if item != nil {
			op = item.GetOperation(o.Method)
		}
		if op == nil || op.OperationID != o.OperationID {
			t.Errorf("%s %s: openapi.yaml has no operation %s there", o.Method, o.Path, o.OperationID)
			continue
		}
		explained := func(status string) bool {
			return strings.Contains(op.Description, status) && strings.Contains(op.Description, "official spec")
		}
		for _, status := range o.Statuses {
			declared := op.Responses.Value(status) != nil || (status == "500" && op.Responses.Default() != nil)
			if !declared && !explained(status) {
				t.Errorf("%s: the official spec declares %s; openapi.yaml neither declares it nor says why", o.OperationID, status)
			}
		}
		for status := range op.Responses.Map() {
			switch {
			case status == "default" || slices.Contains(o.Statuses, status):
			case status == "401" || status == "413" || status == "429": // info.description explains these
			case !explained(status):
				t.Errorf("%s: openapi.yaml declares %s, which the official spec does not; the description does not say why", o.OperationID, status)
			}
		}
		if body := op.RequestBody; o.RequestBody != "" && body != nil && body.Value.Required && !strings.Contains(body.Value.Description, "official spec") {
			t.Errorf("%s: the request body is required, which the official spec does not say, and its description does not say why", o.OperationID)
		}
		if o.StringErrors {
			for status, ref := range op.Responses.Map() {
				if status < "400" {
					continue
				}
				schema := ref.Value.Content.Get("application/json").Schema.Value
				if !slices.ContainsFunc(schema.OneOf, func(s *openapi3.SchemaRef) bool { return s.Value.Type.Is("string") }) {
					t.Errorf("%s %s: the official spec declares a string error body, which openapi.yaml does not accept", o.OperationID, status)
				}
			}
		}
	}

	for _, s := range official.Schemas {
		ref := doc.Components.Schemas[s.Ours]
		if ref == nil {
			t.Errorf("openapi.yaml has no schema %s (the official spec's %s)", s.Ours, s.Name)
			continue
		}
		ours := ref.Value
		byNormal := map[string]string{}
		for k := range ours.Properties {
			byNormal[normalKey(k)] = k
		}
		for _, k := range s.Properties {
			mine, ok := byNormal[normalKey(k)]
			switch {
			case !ok:
				t.Errorf("%s: no counterpart of the official %s's key %q", s.Ours, s.Name, k)
			case mine != k && !strings.Contains(ours.Description, "`"+k+"`"):
				t.Errorf("%s: the key %q is %q in the official %s; the description does not say so", s.Ours, mine, k, s.Name)
			}
		}
		var theirs, mine []string
		for _, k := range s.Required {
			theirs = append(theirs, normalKey(k))
		}
		for _, k := range ours.Required {
			mine = append(mine, normalKey(k))
		}
		slices.Sort(theirs)
		slices.Sort(mine)
		if !slices.Equal(theirs, mine) && !strings.Contains(ours.Description, "require") {
			t.Errorf("%s requires %v, the official %s %v; the description does not say why", s.Ours, ours.Required, s.Name, s.Required)
		}
	}
}
