package fakeserver_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestFaultJSONIsTheControlAPIsFormAndRoundTrips(t *testing.T) {
	t.Parallel()
	rule := fakeserver.Fault{
		Name: "slow-then-lost", Operation: tenantkit.OpCreateLangflowTenant, After: 1, Times: 2, Probability: 0.5,
		Latency: 250 * time.Millisecond, Status: 503, Message: "busy", RetryAfter: 2 * time.Second, RetryAfterDate: true,
		Drop: fakeserver.DropMidResponse,
	}
	data, err := json.Marshal(rule)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"name":"slow-then-lost","operation":"createLangflowTenant","after":1,"times":2,"probability":0.5,` +
		`"latency":"250ms","status":503,"message":"busy","retryAfter":"2s","retryAfterDate":true,"drop":"mid-response"}`
	testkit.WantEqual(t, "JSON form", want, string(data))
	var back fakeserver.Fault
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	testkit.WantEqual(t, "the rule read back", rule, back)
}

func TestFaultJSONRefusesWhatItCannotRead(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ json, want string }{
		{`{"latency":"5 parsecs"}`, `latency: "5 parsecs" is not a duration`},
		{`{"retryAfter":"soon"}`, `retryAfter: "soon" is not a duration`},
		{`{"drop":"sideways"}`, `drop: "sideways" is not one of`},
		{`{"stauts":503}`, `unknown field "stauts"`},
		{`{"status":"503"}`, `cannot unmarshal string`},
	} {
		var f fakeserver.Fault
		err := json.Unmarshal([]byte(c.json), &f)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Unmarshal %s: %v, want an error saying %q", c.json, err, c.want)
		}
	}
}
