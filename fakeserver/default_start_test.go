package fakeserver

import "testing"

// Every Server without WithFixture starts from the state DefaultFixture
// loads once per process. That is right only if loading it draws no ID and
// reads no clock: every record gives its ID, and there is nothing the
// clock would stamp (custom roles, Langflow or ARGO tenants).
func TestDefaultFixtureStartsEveryServer(t *testing.T) {
	t.Parallel()
	if err := defaultStart().err; err != nil {
		t.Fatal(err)
	}
	f := DefaultFixture()
	if len(f.ArgoTenants) != 0 {
		t.Error("the default fixture has ARGO tenants, stamped with the clock")
	}
	for _, o := range f.Organizations {
		if o.ID == "" || len(o.Roles) != 0 || len(o.LangflowTenants) != 0 {
			t.Errorf("organization %q: an ID drawn, or records stamped with the clock", o.Name)
		}
		for _, u := range o.Users {
			if u.ID == "" {
				t.Errorf("user %q has no ID: loading would draw one", u.Email)
			}
		}
	}
}
