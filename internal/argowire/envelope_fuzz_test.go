package argowire_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tenantkit/tenantkit/internal/argowire"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// FuzzEnvelopeDecodersDecodeLikeEnvelope checks that the DecodeBody of
// ListEnvelope and of ObjectEnvelope gives what json.Unmarshal into the
// lenient Envelope gives, for any body client.Do hands over and every model
// the SDK reads from an envelope: the same items, or the same error.
func FuzzEnvelopeDecodersDecodeLikeEnvelope(f *testing.F) {
	for _, dir := range []string{"../../tenants/testdata/argo", "../../users/testdata/argo"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
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
	}
	for _, seed := range []string{
		`{"data":null}`, `{"data":[]}`, `{"data":{}}`, `{"data":{"id":"t1"}}`, `{"data":"x"}`, `{"data":7}`,
		`{"data":[{"id":5}]}`, `{"data":[{"id":"t1"},null]}`, `{"data":[1]}`, `{"DATA":[{"id":"t1"}]}`,
		`{"data":[{"id":"a"}],"data":{"id":"b"}}`, `{"data":{"id":"a"},"data":[{"id":"b"}]}`,
		`{}`, `[]`, `null`, `"x"`, `{"data":[`, `{"data":[{"id":"t1"}]} x`, ` {"data" : [ ] } `,
		`{"data":[{"info":{"name":1}}]}`, `{"data":[{"db_conf":[{"port":"x"}]}]}`,
		`{"data":[{"roles":"admin"}]}`, `{"data":{"api_key":5}}`, `{"data":[{"roles":[1]}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if len(bytes.TrimSpace([]byte(body))) == 0 {
			return // client.Do never decodes an empty body
		}
		checkListEnvelope[tenants.ArgoTenant](t, body)
		checkListEnvelope[tenants.ArgoCreated](t, body)
		checkListEnvelope[users.ArgoUser](t, body)
		checkListEnvelope[struct {
			APIKey string `json:"api_key"`
		}](t, body) // a key renewal's data
	})
}

func checkListEnvelope[T any](t *testing.T, body string) {
	t.Helper()
	var lenient argowire.Envelope[T]
	errLenient := json.Unmarshal([]byte(body), &lenient)
	var list argowire.ListEnvelope[T]
	errList := list.DecodeBody([]byte(body))
	var object argowire.ObjectEnvelope[T]
	errObject := object.DecodeBody([]byte(body))
	for _, got := range []struct {
		name string
		env  argowire.Envelope[T]
		err  error
	}{{"ListEnvelope", argowire.Envelope[T](list), errList}, {"ObjectEnvelope", argowire.Envelope[T](object), errObject}} {
		if fmt.Sprint(errLenient) != fmt.Sprint(got.err) {
			t.Fatalf("%s[%T], body %q: error %v, Envelope gives %v", got.name, *new(T), body, got.err, errLenient)
		}
		if errLenient != nil {
			continue // the caller drops the value with the error
		}
		if diff := testkit.Diff(lenient, got.env); diff != "" {
			t.Errorf("%s[%T], body %q (-Envelope +%s):\n%s", got.name, *new(T), body, got.name, diff)
		}
	}
}
