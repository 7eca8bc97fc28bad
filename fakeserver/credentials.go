package fakeserver

// The secrets of the default fixture (DefaultFixture): every Server without
// a fixture of its own holds one Astra organization with an application
// token that has the Organization Administrator and Langflow Administrator
// roles, and one ARGO admin key of each flavour. They are constants so
// examples and tests in any language can use them against the standalone
// binary (cmd/fakeserver) without parsing its output.
const (
	DefaultOrgID             = "5b2f6a0e-3c1d-4e8f-9a7b-6c5d4e3f2a1b"
	DefaultOrgName           = "tenantkit-fake"
	DefaultAstraToken        = "AstraCS:tenantkitFakeOrgAdmin000:5bbad0b162f47a3b5ced292d78ae646319ff49bc9e960013cd2bb3f9197183ab"
	DefaultArgoAdminKey      = "tenantkit-fake-argo-super-admin"
	DefaultArgoRestrictedKey = "tenantkit-fake-argo-restricted-admin"
	DefaultArgoUIAdminKey    = "tenantkit-fake-argo-ui-admin"
)

// Credentials are the secrets a Server's fixture holds, for building
// clients against it. A field is empty when the fixture has no such
// credential.
type Credentials struct {
	// OrgID and OrgName identify the Astra organization of AstraToken (the
	// first organization, when the fixture has no token).
	OrgID   string
	OrgName string
	// AstraToken is the fixture's first application token
	// ("Authorization: Bearer …"); in the default fixture it has the
	// Organization Administrator and Langflow Administrator roles.
	AstraToken string
	// ArgoAdminKey is the fixture's first ARGO super_admin key
	// ("x-api-key").
	ArgoAdminKey string
	// ArgoRestrictedAdminKey is the first super_admin_restricted key: it
	// lists tenants without db_conf and users.
	ArgoRestrictedAdminKey string
	// ArgoUIAdminKey is the first super_admin_ui key: it lists only
	// tenants that have admin_ui users, and only those users.
	ArgoUIAdminKey string
}

// Credentials returns the credentials of the fixture the server started
// with (WithFixture, or DefaultFixture), or of the one Load loaded last.
// Revoking a key or restoring a snapshot does not change them.
func (s *Server) Credentials() Credentials {
	s.startMu.RLock()
	defer s.startMu.RUnlock()
	return s.creds
}
