package tenants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzArgoEnvelopeDecodesAsBefore checks that argoListEnvelope's
// DecodeBody gives what json.Unmarshal into the lenient argoEnvelope
// (client.Do's decoding of every read before) gives, for any body Do hands
// over: the same items, or the same error.
func FuzzArgoEnvelopeDecodesAsBefore(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "argo", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for _, seed := range []string{
		`{"data":null}`, `{"data":[]}`, `{"data":{}}`, `{"data":{"id":"t1"}}`, `{"data":"x"}`, `{"data":7}`,
		`{"data":[{"id":5}]}`, `{"data":[{"id":"t1"},null]}`, `{"data":[1]}`, `{"DATA":[{"id":"t1"}]}`,
		`{"data":[{"id":"a"}],"data":{"id":"b"}}`, `{"data":{"id":"a"},"data":[{"id":"b"}]}`,
		`{}`, `[]`, `null`, `"x"`, `{"data":[`, `{"data":[{"id":"t1"}]} x`, ` {"data" : [ ] } `,
		`{"data":[{"info":{"name":1}}]}`, `{"data":[{"db_conf":[{"port":"x"}]}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if len(bytes.TrimSpace([]byte(body))) == 0 {
			return // client.Do never decodes an empty body
		}
		checkArgoEnvelope[ArgoTenant](t, body)
		checkArgoEnvelope[ArgoCreated](t, body)
	})
}

func checkArgoEnvelope[T any](t *testing.T, body string) {
	t.Helper()
	var before argoEnvelope[T]
	var now argoListEnvelope[T]
	errBefore := json.Unmarshal([]byte(body), &before)
	errNow := now.DecodeBody([]byte(body))
	if fmt.Sprint(errBefore) != fmt.Sprint(errNow) {
		t.Fatalf("%T, body %q: error %v, was %v", now, body, errNow, errBefore)
	}
	if errBefore != nil {
		return // the caller drops the value with the error
	}
	if diff := cmp.Diff(before, argoEnvelope[T](now)); diff != "" {
		t.Errorf("%T, body %q (-before +now):\n%s", now, body, diff)
	}
}
