package reliability_test

import (
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// fakeClients builds the two SDK clients every test here needs on srv: one
// for the Astra API (the fixture's token and org) and one for ARGO (the
// fixture's super_admin key). inProcess chooses the fake's in-process
// transport over loopback HTTP. opts are added to both clients.
func fakeClients(t testing.TB, srv *fakeserver.Server, inProcess bool, opts ...client.Option) (astra, argo *client.Client) {
	t.Helper()
	cr := srv.Credentials()
	base := []client.Option{client.WithBaseURL(srv.URL())}
	if inProcess {
		base = append(base, client.WithHTTPClient(srv.Client()))
	}
	var err error
	astra, err = client.New(append(append(base, client.WithBearerToken(cr.AstraToken), client.WithOrgID(cr.OrgID)), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	argo, err = client.New(append(append(base, client.WithArgoAPIKey(cr.ArgoAdminKey)), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return astra, argo
}

// transport is one way a test reaches the fake.
type transport struct {
	name      string
	inProcess bool
}

// transports are the two ways a test reaches the fake.
func transports() []transport {
	return []transport{{"loopback", false}, {"in-process", true}}
}
