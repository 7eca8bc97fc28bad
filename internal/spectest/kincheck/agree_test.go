package kincheck

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// spectestVerdict sorts spectest's violations of one exchange by part.
func spectestVerdict(c *spectest.Checker, x exchange) (verdict, []string) {
	req, resp := x.pair()
	vs := c.Check(req, resp)
	var v verdict
	for _, m := range vs {
		switch {
		case strings.Contains(m, " accepted a request that breaks the spec: "):
			v.Request = true
		case strings.Contains(m, ": response breaks the spec: "):
			v.Response = true
		default:
			v.Other = true
		}
	}
	return v, vs
}

// corpus is the recorded exchanges and their mutations, each judged by the
// reference.
type corpus struct {
	recorded, mutations int
	exchanges           []exchange
	judged              []judgement
}

func buildCorpus(t *testing.T, k *kinChecker) corpus {
	recorded := recordCorpus(t)
	c := corpus{recorded: len(recorded)}
	seen := map[string]bool{}
	first := func(parts ...string) bool {
		key := strings.Join(parts, " ")
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	for _, x := range recorded {
		c.exchanges = append(c.exchanges, x)
		route, status := k.routeOf(x), strconv.Itoa(x.status)
		if first("response", route, status, x.respHeader.Get("Content-Type"), shape(x.respBody)) {
			c.exchanges = append(c.exchanges, responseMutations(x)...)
		}
		if first("request", route, status, shape(x.reqBody)) {
			c.exchanges = append(c.exchanges, requestMutations(x)...)
		}
	}
	c.exchanges = append(c.exchanges, mergedResponses(recorded)...)
	if mutationStride > 1 {
		var sampled []exchange
		n := 0
		for _, x := range c.exchanges {
			if x.what == "recorded" || n%mutationStride == 0 {
				sampled = append(sampled, x)
			}
			if x.what != "recorded" {
				n++
			}
		}
		c.exchanges = sampled
	}
	c.mutations = len(c.exchanges) - c.recorded
	for _, x := range c.exchanges {
		c.judged = append(c.judged, k.judge(x))
	}
	return c
}

// TestCheckersAgreeOnTheCorpus holds spectest to kin-openapi: every
// operation is exercised against the fake with requests it accepts and
// requests it refuses, and every recorded exchange is mutated (its status,
// its Content-Type, its body as a whole, each JSON node removed or given
// another type; for accepted requests, the request body alike). On every
// exchange, spectest must find the same parts at fault (accepted request,
// response, unrouted answer) as the reference built on kin-openapi, except
// where it is stricter on purpose (stricter*: pinned, and each must
// occur, so that the pin cannot go stale).
func TestCheckersAgreeOnTheCorpus(t *testing.T) {
	t.Parallel()
	c, err := spectest.New()
	if err != nil {
		t.Fatal(err)
	}
	k := newKinChecker(t)
	cp := buildCorpus(t, k)

	var bad, disagreements int
	stricter := map[string]int{}
	for i, x := range cp.exchanges {
		j := cp.judged[i]
		got, msgs := spectestVerdict(c, x)
		if x.what == "recorded" && (got.bad() || j.kin.bad()) {
			t.Errorf("the fake's own exchange breaks the spec: %s: spectest %q, kin-openapi %+v", x, msgs, j.kin)
		}
		if got != j.want {
			disagreements++
			if disagreements <= 20 {
				t.Errorf("%s\n  request %.200q\n  response %d %v %.300q\n  spectest %+v %q\n  want     %+v (kin-openapi %+v, stricter: %v)",
					x, x.reqBody, x.status, x.respHeader, x.respBody, got, msgs, j.want, j.kin, j.why)
			}
			continue
		}
		if got.bad() {
			bad++
		}
		for _, why := range j.why {
			stricter[why]++
		}
	}
	if disagreements > 20 {
		t.Errorf("%d disagreements in all; the first 20 are above", disagreements)
	}
	for _, why := range []string{stricterTrailingData, stricterUndeclaredBody, stricterRedirect} {
		if stricter[why] == 0 {
			t.Errorf("no exchange of the corpus is one where spectest is stricter with %s: drop the pin, or add the exchange", why)
		}
	}
	t.Logf("%d exchanges: %d recorded from the fake, %d mutations; %d break the spec; spectest stricter on purpose: %v",
		len(cp.exchanges), cp.recorded, cp.mutations, bad, stricter)
}

// TestCorpusExercisesEveryOperation pins the corpus's reach: every
// operation of openapi.yaml is answered at least once with success and once
// with an error.
func TestCorpusExercisesEveryOperation(t *testing.T) {
	t.Parallel()
	k := newKinChecker(t)
	ok, failed := map[string]bool{}, map[string]bool{}
	for _, x := range recordCorpus(t) {
		req, _ := x.pair()
		if strings.HasPrefix(req.URL.Path, "/api/v1/") {
			req.URL.Path = strings.TrimPrefix(req.URL.Path, "/api")
		}
		route, _, err := k.router.FindRoute(req)
		if err != nil || !segmentsMatch(route.Path, req.URL.Path) {
			continue
		}
		if x.status < 300 {
			ok[route.Operation.OperationID] = true
		} else {
			failed[route.Operation.OperationID] = true
		}
	}
	var missing []string
	for _, op := range tenantkit.Operations() {
		id := string(op.ID)
		if !ok[id] {
			missing = append(missing, id+" (success)")
		}
		if !failed[id] {
			missing = append(missing, id+" (error)")
		}
	}
	if len(missing) > 0 {
		t.Errorf("the corpus does not exercise:\n  %s\nexercised: success %v, error %v", strings.Join(missing, "\n  "), slices.Sorted(maps.Keys(ok)), slices.Sorted(maps.Keys(failed)))
	}
}
