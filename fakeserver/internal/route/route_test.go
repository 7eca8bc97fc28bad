package route

import (
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// allOf registers a handler (its operationId) for every operation of api.
func allOf(api tenantkit.API) map[tenantkit.Operation]string {
	h := map[tenantkit.Operation]string{}
	for _, info := range tenantkit.Operations() {
		if info.API == api {
			h[info.ID] = string(info.ID)
		}
	}
	return h
}

func TestBuildRoutesEveryOperationOfTheAPI(t *testing.T) {
	t.Parallel()
	for _, api := range []tenantkit.API{tenantkit.APIAstra, tenantkit.APIArgo} {
		table, err := Build(api, allOf(api))
		if err != nil {
			t.Fatalf("%s: %v", api, err)
		}
		for _, info := range tenantkit.Operations() {
			if info.API != api {
				continue
			}
			// The template itself, parameters standing for themselves.
			var dst [MaxSegments]string
			segs, ok := Split(info.Path, &dst)
			rt, _ := table.Match(segs)
			if !ok || rt == nil || rt.Method(info.Method) == nil || rt.Method(info.Method).Handler != string(info.ID) {
				t.Errorf("%s %s does not route to %s", info.Method, info.Path, info.ID)
			}
		}
	}
}

// A registry operation without a handler, or a handler for an operation
// that is not the API's, is an error that names it.
func TestBuildNamesMissingAndStrayHandlers(t *testing.T) {
	t.Parallel()
	h := allOf(tenantkit.APIAstra)
	delete(h, tenantkit.OpUpdateRole)
	h[tenantkit.OpArgoGetTenant] = "stray"
	h["noSuchOperation"] = "stray"
	_, err := Build(tenantkit.APIAstra, h)
	for _, want := range []string{"updateRole has no handler", `"argoGetTenant", which is not an operation of the astra API`, `"noSuchOperation"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Build error %v, want one saying %s", err, want)
		}
	}
}

func TestMatchTakesParametersAsAnyNonEmptySegment(t *testing.T) {
	t.Parallel()
	table, err := Build(tenantkit.APIAstra, allOf(tenantkit.APIAstra))
	if err != nil {
		t.Fatal(err)
	}
	type match struct {
		Path   string
		Params Params
		Allow  string
	}
	var got []match
	for _, p := range []string{
		"/v1/orgs/o1/tenant/t1/reactivate", "/v2/organizations/users/u1", "/v2/organizations/users",
		"/v2/organizations/users//roles", "/v2/organizations/users/u1/", "/v2/organization/users",
	} {
		var dst [MaxSegments]string
		segs, _ := Split(p, &dst)
		rt, params := table.Match(segs)
		m := match{Path: p, Params: params}
		if rt != nil {
			m.Allow = rt.Allow
		}
		got = append(got, m)
	}
	want := []match{
		{"/v1/orgs/o1/tenant/t1/reactivate", Params{"o1", "t1"}, "PATCH"},
		{"/v2/organizations/users/u1", Params{"u1"}, "GET, DELETE"},
		{"/v2/organizations/users", Params{}, "GET, PUT"},
		{"/v2/organizations/users//roles", Params{}, ""},
		{"/v2/organizations/users/u1/", Params{}, ""},
		{"/v2/organization/users", Params{}, ""},
	}
	if diff := testkit.Diff(want, got); diff != "" {
		t.Errorf("matches (-want +got):\n%s", diff)
	}
}

func TestSplitRefusesRelativeAndOverlongPaths(t *testing.T) {
	t.Parallel()
	var dst [MaxSegments]string
	for _, p := range []string{"", "v2/currentOrg", "/a/b/c/d/e/f/g/h/i"} {
		if segs, ok := Split(p, &dst); ok {
			t.Errorf("Split(%q) = %q, true; want false", p, segs)
		}
	}
}
