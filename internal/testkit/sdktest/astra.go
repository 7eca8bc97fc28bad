package sdktest

import (
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
)

// AstraEpoch is when the virtual clock of every Astra test starts.
func AstraEpoch() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }

// UnknownAstraToken is a token in the real shape that no fake knows.
const UnknownAstraToken = "AstraCS:unknownUnknownUnknownUnkn:0000000000000000000000000000000000000000000000000000000000000000"

// Astra is a fake and an SDK client on it that sends an Astra token and
// organization, with a log of the client's attempts.
type Astra struct {
	*Fake
	Client   *client.Client
	Attempts *AttemptLog
	// Token and Org are what Client sends ("" Org: no organization).
	Token, Org string
	// Options are the further options Client was built with.
	Options []client.Option
}

// NewAstra starts a fake with opts, on a virtual clock at AstraEpoch, and
// an Astra client on it with the fixture's token and organization.
func NewAstra(tb testing.TB, tr Transport, opts ...fakeserver.Option) Astra {
	tb.Helper()
	f := NewFake(tb, tr, AstraEpoch(), opts...)
	cr := f.Credentials()
	return Astra{Fake: f, Token: cr.AstraToken, Org: cr.OrgID}.rebuild(tb)
}

// WithToken returns a with a new client (and attempt log) sending token.
func (a Astra) WithToken(tb testing.TB, token string) Astra {
	tb.Helper()
	a.Token = token
	return a.rebuild(tb)
}

// WithOrg returns a with a new client (and attempt log) for org; "" sends
// no organization.
func (a Astra) WithOrg(tb testing.TB, org string) Astra {
	tb.Helper()
	a.Org = org
	return a.rebuild(tb)
}

// WithOptions returns a with a new client (and attempt log) built with
// opts besides the token and organization.
func (a Astra) WithOptions(tb testing.TB, opts ...client.Option) Astra {
	tb.Helper()
	a.Options = opts
	return a.rebuild(tb)
}

func (a Astra) rebuild(tb testing.TB) Astra {
	tb.Helper()
	a.Attempts = NewAttemptLog(a.Clock, a.Start)
	opts := []client.Option{client.WithBearerToken(a.Token), a.Attempts.Option()}
	if a.Org != "" {
		opts = append(opts, client.WithOrgID(a.Org))
	}
	a.Client = a.Fake.Client(tb, append(opts, a.Options...)...)
	return a
}
