package argowire_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/argowire"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

type item struct {
	ID string `json:"id"`
}

func TestItemsAcceptsEveryShapeOfData(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body string
		want argowire.Items[item]
	}{
		{`{"data":[{"id":"a"},{"id":"b"}]}`, argowire.Items[item]{{"a"}, {"b"}}},
		{`{"data":{"id":"a"}}`, argowire.Items[item]{{"a"}}}, // create, renew
		{`{"data":null}`, nil},
		{`{"data":[]}`, argowire.Items[item]{}},
		{`{"status":{"message":"Success","code":"200"}}`, nil},
	} {
		var env argowire.Envelope[item]
		if err := json.Unmarshal([]byte(tc.body), &env); err != nil {
			t.Errorf("%s: %v", tc.body, err)
			continue
		}
		if diff := testkit.Diff(tc.want, env.Data); diff != "" {
			t.Errorf("%s: data (-want +got):\n%s", tc.body, diff)
		}
	}
	var env argowire.Envelope[item]
	if err := json.Unmarshal([]byte(`{"data":"text"}`), &env); err == nil {
		t.Error(`data "text" decoded without an error`)
	}
}

func TestSegmentRefusesIDsThatCannotAddressAnything(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"", ".", "..", "a/b"} {
		if _, err := argowire.Segment("op", "tenant", id); err == nil || !strings.Contains(err.Error(), "tenantkit: op: ") {
			t.Errorf("Segment(%q) error = %v, want one naming the operation", id, err)
		}
	}
	got, err := argowire.TenantPath("op", "a b%c")
	if err != nil || got != "/api/v2/admin/tenants/a%20b%25c" {
		t.Errorf("TenantPath = %q, %v", got, err)
	}
}

func TestPickNeverReturnsAnotherItem(t *testing.T) {
	t.Parallel()
	idOf := func(i *item) string { return i.ID }
	if _, ok := argowire.Pick([]item{{"a"}, {"b"}}, "c", idOf); ok {
		t.Error("Pick found an item that is not there")
	}
	if got, ok := argowire.Pick([]item{{"a"}, {"b"}}, "b", idOf); !ok || got.ID != "b" {
		t.Errorf("Pick = %v, %v", got, ok)
	}
}
