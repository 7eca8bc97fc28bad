// Package half is the contract between the fake's core (the instrument:
// dispatch, faults, rate limit, journal, snapshots) and each API it serves
// (the Astra DevOps API, the ARGO Web API). The core holds its APIs as
// values of the API interface and names nothing else of them; each API
// lives in a package of its own behind it.
package half

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/ids"
)

// API is one HTTP API of the fake, as the core sees it.
type API interface {
	// Owns reports whether a request's (decoded) path belongs to this API.
	// The core asks its APIs in order; the last answers every path, with
	// its own 404.
	Owns(path string) bool
	// ServeHTTP serves a request routed to this API: its routing, its
	// authentication, its operations.
	ServeHTTP(w http.ResponseWriter, r *http.Request)
	// Operation names the operation a request routes to, or "" when it
	// reaches none (an unknown path, a wrong method, a redirect). It is a
	// pure function of the method and the URL.
	Operation(method string, u *url.URL) tenantkit.Operation
	// WriteError answers status with msg in this API's error shape, for
	// the errors the core injects (fault rules, the rate limit).
	WriteError(w http.ResponseWriter, r *http.Request, status int, msg string)
	// Credential names the credential a request carries for this API, as
	// a rate-limit bucket's key; "" when it carries none.
	Credential(r *http.Request) string
	// Accepts reports whether secret, as a request's credential, opens
	// this API now (an Astra token, an ARGO admin key), whatever it may do.
	Accepts(secret string) bool
	// Snapshot returns the API's whole state, as a value that shares
	// nothing a later request can change, and holds the state still (no
	// request changes it) until release is called. The core takes the
	// snapshots of all its APIs before it releases any, so a server's
	// snapshot is one cut.
	Snapshot() (s State, release func())
	// Restore replaces the API's state with s, which a Snapshot of this
	// kind of API returned, and holds the new state back from requests
	// until release is called, so that the core restores all its APIs in
	// one cut: requests see the states before or after, never a mix.
	Restore(s State) (release func())
	// View is the API's current state as tables, secrets masked, taken
	// in one cut.
	View() View
}

// State is a snapshot of one API's state; only the API that made it knows
// what is inside.
type State any

// Clock is the fake's time source; fakeserver.Clock is the same interface.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// Env is what the core shares with its APIs: the clock and the generator
// of IDs, keys and tokens.
type Env struct {
	Clock Clock
	IDs   *ids.Source
}
