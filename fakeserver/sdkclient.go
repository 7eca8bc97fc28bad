package fakeserver

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tenantkit/tenantkit/client"
)

// Identity is the credential an SDK client of a fake sends: build one with
// AsAstra, AsAstraToken, AsArgoAdmin or AsArgoKey and pass it to
// Server.SDKClient or NewTestClient.
type Identity struct {
	name    string // for errors: "AsArgoAdmin(super_admin_ui)"
	token   string // Astra bearer token
	orgID   string // Astra organization
	argoKey string
	flavour ArgoAdminFlavour // AsArgoAdmin: resolved against the fixture
	fixture bool             // AsAstra: the fixture's token and organization
}

// AsAstra is the fixture's Astra application token with its organization
// (Credentials.AstraToken and OrgID): in the default fixture, an
// Organization Administrator and Langflow Administrator.
func AsAstra() Identity { return Identity{name: "AsAstra()", fixture: true} }

// AsAstraToken is any Astra token, such as one from Server.AddToken, with
// the organization the client names in X-DataStax-Current-Org (the
// Langflow calls need it; "" for none).
func AsAstraToken(token, orgID string) Identity {
	return Identity{name: "AsAstraToken(…)", token: token, orgID: orgID}
}

// AsArgoAdmin is the fixture's ARGO admin key of the given flavour
// (Credentials.ArgoAdminKey, ArgoRestrictedAdminKey or ArgoUIAdminKey).
func AsArgoAdmin(flavour ArgoAdminFlavour) Identity {
	return Identity{name: fmt.Sprintf("AsArgoAdmin(%s)", flavour), flavour: flavour}
}

// AsArgoKey is any ARGO key: an admin key added with AddArgoAdminKey, a
// tenant user's API key (which the admin routes refuse, as the real server
// does), or a revoked one.
func AsArgoKey(key string) Identity { return Identity{name: "AsArgoKey(…)", argoKey: key} }

// SDKClient returns a tenantkit client of the fake that sends the identity's
// credential, over the in-process transport (no sockets) and on the fake's
// clock, so that a client.VirtualClock given to WithClock drives the
// client's retries and waits too. opts come after these and may override
// them (client.WithMaxAttempts, client.WithLogger, …). It fails when the
// fixture has no such credential or an option is invalid; it does no I/O.
func (s *Server) SDKClient(id Identity, opts ...client.Option) (*client.Client, error) {
	base := []client.Option{
		client.WithBaseURL(s.URL()),
		client.WithHTTPClient(s.Client()),
		client.WithClock(s.env.Clock),
	}
	creds, err := identityOptions(s.Credentials(), id)
	if err != nil {
		return nil, fmt.Errorf("fakeserver: SDKClient(%s): %w", id.name, err)
	}
	c, err := client.New(append(append(base, creds...), opts...)...)
	if err != nil {
		return nil, fmt.Errorf("fakeserver: SDKClient(%s): %w", id.name, err)
	}
	return c, nil
}

// NewTestClient is Server.SDKClient for tests: it fails tb at once if the
// client cannot be built.
//
//	srv := fakeserver.NewTest(t)
//	argo := tenants.NewArgo(fakeserver.NewTestClient(t, srv, fakeserver.AsArgoAdmin(fakeserver.ArgoSuperAdminUI)))
func NewTestClient(tb testing.TB, s Instrument, id Identity, opts ...client.Option) *client.Client {
	tb.Helper()
	c, err := s.SDKClient(id, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// identityOptions are the client options that send id's credential, the
// fixture's being creds.
func identityOptions(creds Credentials, id Identity) ([]client.Option, error) {
	switch {
	case id.fixture:
		if creds.AstraToken == "" {
			return nil, errors.New("the fixture has no Astra token")
		}
		return []client.Option{client.WithBearerToken(creds.AstraToken), client.WithOrgID(creds.OrgID)}, nil
	case id.token != "":
		opts := []client.Option{client.WithBearerToken(id.token)}
		if id.orgID != "" {
			opts = append(opts, client.WithOrgID(id.orgID))
		}
		return opts, nil
	case id.argoKey != "":
		return []client.Option{client.WithArgoAPIKey(id.argoKey)}, nil
	case id.flavour != "":
		key := map[ArgoAdminFlavour]string{
			ArgoSuperAdmin:           creds.ArgoAdminKey,
			ArgoSuperAdminRestricted: creds.ArgoRestrictedAdminKey,
			ArgoSuperAdminUI:         creds.ArgoUIAdminKey,
		}[id.flavour]
		if key == "" {
			return nil, fmt.Errorf("the fixture has no %s key", id.flavour)
		}
		return []client.Option{client.WithArgoAPIKey(key)}, nil
	}
	return nil, errors.New("no credential: build the Identity with AsAstra, AsAstraToken, AsArgoAdmin or AsArgoKey")
}
