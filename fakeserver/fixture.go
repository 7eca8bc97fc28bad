package fakeserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Fixture is the state a Server starts with, and the format of fixture
// files: its JSON form (the json tags below) is what LoadFixture reads and
// what cmd/fakeserver's -fixture flag takes. A Server starts with
// DefaultFixture unless WithFixture gives another; Reset goes back to it.
//
// Values left empty are generated: IDs from the server's ID source (so
// they are repeatable under WithSeed), timestamps from its Clock. Every
// record obeys the rules the API enforces (valid emails, role policies,
// cloud providers and regions; unique names, emails, IDs, tokens and keys),
// and roles may be named by ID or by name. New fails, naming the record,
// on a fixture that breaks them.
//
// An example file, with every field, is testdata/fixture.example.json in
// this package's directory.
type Fixture struct {
	// Organizations are Astra organizations, each seeded with the
	// built-in roles.
	Organizations []FixtureOrganization `json:"organizations,omitempty"`
	// ArgoAdminKeys are the keys accepted on the ARGO admin routes.
	ArgoAdminKeys []FixtureArgoAdminKey `json:"argo_admin_keys,omitempty"`
	// ArgoTenants are ARGO tenants with their users, in list order.
	ArgoTenants []FixtureArgoTenant `json:"argo_tenants,omitempty"`
}

// FixtureOrganization is an Astra organization with everything in it.
type FixtureOrganization struct {
	// ID is the organization's UUID; generated if empty.
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	// Roles are custom roles, listed after the built-in ones.
	Roles []FixtureRole `json:"roles,omitempty"`
	// Users are members (status "active") and invitees ("invited").
	Users []FixtureUser `json:"users,omitempty"`
	// Tokens are application tokens of the organization.
	Tokens []FixtureToken `json:"tokens,omitempty"`
	// LangflowTenants are the organization's Langflow tenants, oldest
	// first.
	LangflowTenants []FixtureLangflowTenant `json:"langflow_tenants,omitempty"`
}

// FixtureRole is a custom Astra role.
type FixtureRole struct {
	// ID is generated if empty.
	ID     string        `json:"id,omitempty"`
	Name   string        `json:"name"`
	Policy FixturePolicy `json:"policy"`
	// UpdatedAt is its LastUpdateDateTime (default: the clock's now);
	// UpdatedBy its LastUpdateUserID, a token's client ID (default "").
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// FixturePolicy is a role's policy, as the role endpoints take it.
type FixturePolicy struct {
	Description string   `json:"description,omitempty"`
	Resources   []string `json:"resources"`
	Actions     []string `json:"actions"`
	// Effect must be "allow" (the default when empty).
	Effect string `json:"effect,omitempty"`
}

// FixtureUser is a member of an Astra organization.
type FixtureUser struct {
	// ID is generated if empty.
	ID    string `json:"id,omitempty"`
	Email string `json:"email"`
	// Status is "active" (the default) or "invited".
	Status string `json:"status,omitempty"`
	// Roles name the user's roles by ID or name.
	Roles []string `json:"roles,omitempty"`
}

// FixtureToken is an Astra application token.
type FixtureToken struct {
	// Token is sent as "Authorization: Bearer <Token>". The real form is
	// "AstraCS:<client ID>:<secret>"; its client ID becomes the
	// LastUpdateUserID of roles the token writes.
	Token string `json:"token"`
	// Roles name the token's roles by ID or name.
	Roles []string `json:"roles,omitempty"`
}

// FixtureLangflowTenant is a Langflow tenant.
type FixtureLangflowTenant struct {
	// ID is generated if empty.
	ID string `json:"id,omitempty"`
	// CloudProvider is aws, gcp or azure (any case); Region matches
	// [a-z0-9-]+.
	CloudProvider string `json:"cloud_provider"`
	Region        string `json:"region"`
	// Status, if empty, lets the tenant go through the provisioning
	// lifecycle from CreatedAt on the server's clock (see
	// WithProvisioningDelay). Any other value pins it, as
	// SetLangflowTenantStatus does, from UpdatedAt: "active",
	// "deactivated", or "provisioning" for a tenant that stays so until
	// FinishProvisioning.
	Status string `json:"status,omitempty"`
	// CreatedAt defaults to the clock's now; UpdatedAt to CreatedAt.
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// FixtureArgoAdminKey is an ARGO admin key and its flavour.
type FixtureArgoAdminKey struct {
	Key     string           `json:"key"`
	Flavour ArgoAdminFlavour `json:"flavour"`
}

// FixtureArgoTenant is an ARGO tenant in the shape GET
// /api/v2/admin/tenants lists it, plus its engine status.
type FixtureArgoTenant struct {
	// ID is generated if empty.
	ID       string              `json:"id,omitempty"`
	Info     FixtureArgoInfo     `json:"info"`
	DBConf   []FixtureArgoDBConf `json:"db_conf,omitempty"`
	Topology FixtureArgoTopology `json:"topology"`
	// Users are the tenant's users; nil is a tenant whose users were never
	// set (GET .../users answers "data": null).
	Users []FixtureArgoUser `json:"users"`
	// Status is the engine status in the shape PUT .../status takes; none
	// reads as all false.
	Status json.RawMessage `json:"status,omitempty"`
}

// FixtureArgoInfo is a tenant's "info". Created defaults to the clock's
// now and Updated to Created, in the server's "2006-01-02 15:04:05" form.
type FixtureArgoInfo struct {
	Name        string `json:"name"`
	Email       string `json:"email,omitempty"`
	Description string `json:"description,omitempty"`
	Image       string `json:"image,omitempty"`
	Website     string `json:"website,omitempty"`
	Created     string `json:"created,omitempty"`
	Updated     string `json:"updated,omitempty"`
}

// FixtureArgoDBConf is one element of a tenant's "db_conf".
type FixtureArgoDBConf struct {
	Store    string `json:"store,omitempty"`
	Server   string `json:"server,omitempty"`
	Port     int    `json:"port,omitempty"`
	Database string `json:"database,omitempty"`
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
}

// FixtureArgoTopology is a tenant's "topology".
type FixtureArgoTopology struct {
	Type string `json:"type,omitempty"`
	Feed string `json:"feed,omitempty"`
}

// FixtureArgoUser is a tenant user. ID and APIKey (64 lowercase hex
// digits in the real server) are generated if empty.
type FixtureArgoUser struct {
	ID     string   `json:"id,omitempty"`
	Name   string   `json:"name,omitempty"`
	Email  string   `json:"email,omitempty"`
	APIKey string   `json:"api_key,omitempty"`
	Roles  []string `json:"roles,omitempty"`
}

// The default fixture's administrator, the organization's one active
// member.
const (
	defaultAdminUserID = "0f5e8d4c-2b1a-4c3d-9e8f-7a6b5c4d3e2f"
	defaultAdminEmail  = "admin@tenantkit.example"
)

// DefaultFixture returns the fixture every Server starts with unless
// WithFixture says otherwise: the Astra organization DefaultOrgID
// ("tenantkit-fake") with one active administrator
// (admin@tenantkit.example, Organization Administrator) and the token
// DefaultAstraToken (Organization Administrator and Langflow
// Administrator), and the ARGO admin keys DefaultArgoAdminKey,
// DefaultArgoRestrictedKey and DefaultArgoUIAdminKey, one of each
// flavour. No Langflow or ARGO tenants. Each call returns a fresh value.
func DefaultFixture() Fixture {
	return Fixture{
		Organizations: []FixtureOrganization{{
			ID:   DefaultOrgID,
			Name: DefaultOrgName,
			Users: []FixtureUser{{
				ID: defaultAdminUserID, Email: defaultAdminEmail, Status: "active",
				Roles: []string{"Organization Administrator"},
			}},
			Tokens: []FixtureToken{{
				Token: DefaultAstraToken,
				Roles: []string{"Organization Administrator", "Langflow Administrator"},
			}},
		}},
		ArgoAdminKeys: []FixtureArgoAdminKey{
			{Key: DefaultArgoAdminKey, Flavour: ArgoSuperAdmin},
			{Key: DefaultArgoRestrictedKey, Flavour: ArgoSuperAdminRestricted},
			{Key: DefaultArgoUIAdminKey, Flavour: ArgoSuperAdminUI},
		},
	}
}

// ParseFixture decodes a fixture file's JSON. Unknown members are errors,
// so a misspelt key does not go unnoticed. It checks the form only; the
// content is checked when a Server loads it.
func ParseFixture(data []byte) (Fixture, error) {
	var f Fixture
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Fixture{}, fmt.Errorf("fakeserver: fixture: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Fixture{}, errors.New("fakeserver: fixture: data after the JSON object")
	}
	return f, nil
}

// LoadFixture reads and parses a fixture file (see ParseFixture).
func LoadFixture(path string) (Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Fixture{}, fmt.Errorf("fakeserver: fixture: %w", err)
	}
	f, err := ParseFixture(data)
	if err != nil {
		return Fixture{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return f, nil
}

// WithFixture makes the server start with f instead of DefaultFixture
// (nothing else: an empty Fixture is a server with no organizations and no
// keys). f is copied when WithFixture is called. Credentials reports the
// credentials f holds.
func WithFixture(f Fixture) Option {
	c, err := f.clone()
	return func(cfg *config) error {
		if err != nil {
			return err
		}
		cfg.fixture = &c
		return nil
	}
}

// loadFixture stores f in the (empty) state of a new Server, each API its
// part, and returns the credentials it holds.
func (s *Server) loadFixture(f *Fixture) (Credentials, error) {
	var creds Credentials
	for _, load := range s.loaders {
		if err := load(f, &creds); err != nil {
			return Credentials{}, err
		}
	}
	return creds, nil
}

// clone deep-copies f through its JSON form, which also checks that the
// raw engine statuses are JSON.
func (f Fixture) clone() (Fixture, error) {
	data, err := json.Marshal(f)
	if err != nil {
		return Fixture{}, fmt.Errorf("fakeserver: fixture: %w", err)
	}
	var c Fixture
	if err := json.Unmarshal(data, &c); err != nil {
		return Fixture{}, fmt.Errorf("fakeserver: fixture: %w", err)
	}
	return c, nil
}
