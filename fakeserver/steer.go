package fakeserver

import (
	"time"

	"github.com/tenantkit/tenantkit/client"
)

// Instrument is what a test steers a fake with, whether the fake runs in
// the test's process (*Server, from New or NewTest) or in another one
// (*Remote, from Dial or DialTest, through the control API). Write a
// helper against Instrument and it serves both:
//
//	func provision(t *testing.T, fake fakeserver.Instrument) { … }
//
//	provision(t, fakeserver.NewTest(t))
//	provision(t, fakeserver.DialTest(t, url, token))
type Instrument interface {
	// URL is the fake's base URL.
	URL() string
	// InspectorURL opens the inspector page, the control token included
	// ("" for a Server without WithControlToken).
	InspectorURL() string
	// Credentials are the fixture's credentials.
	Credentials() Credentials
	// SDKClient returns a tenantkit client of the fake that sends id's
	// credential.
	SDKClient(id Identity, opts ...client.Option) (*client.Client, error)

	// Reset restores the state the fake started with (or last loaded).
	Reset()
	// Load replaces the state with a fixture's; Reset returns to it.
	Load(f Fixture) error
	// Snapshot copies the state; Restore puts a copy back.
	Snapshot() *Snapshot
	Restore(snap *Snapshot) error

	// AddFault, Faults, RemoveFault and ClearFaults manage fault rules.
	AddFault(rules ...Fault) error
	Faults() []Fault
	RemoveFault(name string) bool
	ClearFaults()
	// SetRateLimit, ClearRateLimit and RateLimit switch the rate-limit
	// emulation.
	SetRateLimit(perSecond float64, burst int) error
	ClearRateLimit()
	RateLimit() (perSecond float64, burst int, ok bool)

	// Journal is what the fake handled.
	Journal() *Journal

	// The server-side events.
	AcceptInvitation(orgID, email string) error
	FinishProvisioning(tenantID string) error
	DeactivateLangflowTenant(tenantID string) error
	SetLangflowTenantStatus(tenantID, status string) error

	// Credentials and data beyond the fixture.
	AddOrganization(name string) (orgID string)
	AddToken(orgID string, roles ...string) (token string, err error)
	AddArgoAdminKey(key string, flavour ArgoAdminFlavour) error
	RemoveArgoAdminKey(key string) error
	SeedArgoTenants(data []byte) ([]string, error)

	// Now reads the fake's clock; AdvanceClock and SetClock move a
	// virtual one.
	Now() time.Time
	AdvanceClock(d time.Duration) error
	SetClock(t time.Time) error
}

var (
	_ Instrument = (*Server)(nil)
	_ Instrument = (*Remote)(nil)
)
