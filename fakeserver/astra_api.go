package fakeserver

import (
	"net/http"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// astraConfig is what the Astra options set.
type astraConfig struct {
	provisioningDelay time.Duration
	policyAsString    bool
	errorStyle        AstraErrorStyle
	roleErrorStyle    AstraErrorStyle
	roleStyleSet      bool
	deniedStatus      int // status for a valid token lacking the action
}

func defaultAstraConfig() astraConfig {
	return astraConfig{
		provisioningDelay: defaultProvisioningDelay,
		deniedStatus:      http.StatusForbidden,
	}
}

// astraAPI is the Astra DevOps API half of the fake: users, roles, the
// current organization and Langflow tenants.
type astraAPI struct {
	env   *env
	cfg   astraConfig
	store *astraStore
	send  wire.Sender
}

// astraJSON is the Content-Type of every Astra JSON body.
const astraJSON = "application/json"

func newAstraAPI(e *env, cfg astraConfig) *astraAPI {
	return &astraAPI{env: e, cfg: cfg, store: newAstraStore()}
}

// astraCall is one request on its way through the checks.
type astraCall struct {
	w      http.ResponseWriter
	r      *http.Request
	route  *route.Route[astraHandler]
	op     *route.Op[astraHandler]
	params route.Params
	token  *astraToken
	body   []byte // read early only for Langflow create
	read   bool
	tooBig bool

	// The Langflow create body, decoded once (see langflowCreateBody).
	create        tenantCreateRequest
	createErr     *astraError
	createDecoded bool
}

// ServeHTTP runs the checks in the decided order: route (404/405), token
// (401), Langflow header rules (400/403), permission (403); then the
// operation validates its input (400/413) and acts (404/409/…).
func (a *astraAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := a.match(r)
	c := &astraCall{w: w, r: r, route: m.route, op: m.op, params: m.params}
	if m.route == nil {
		a.fail(c, http.StatusNotFound, "not found")
		return
	}
	if m.op == nil {
		w.Header().Set("Allow", m.route.Allow)
		a.fail(c, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	token, ok := bearerToken(r)
	if !ok {
		a.fail(c, http.StatusUnauthorized, "Invalid token")
		return
	}
	tok, allowed := a.store.authorize(token, m.op.Permission)
	if tok == nil {
		a.fail(c, http.StatusUnauthorized, "Invalid token")
		return
	}
	c.token = tok
	if m.op.OrgHeader && !a.langflowHeaderRules(c) {
		return
	}
	if !allowed {
		a.fail(c, a.cfg.deniedStatus, "the token's roles do not grant the "+m.op.Permission+" permission")
		return
	}
	if m.op.Handler == nil { // not reached: TestEveryAstraOperationHasOneHandler
		a.fail(c, http.StatusInternalServerError, "fakeserver: no handler for "+string(m.op.ID))
		return
	}
	m.op.Handler(a, c)
}

// fail writes an error in the style configured for the call's endpoint.
func (a *astraAPI) fail(c *astraCall, status int, msg string) {
	style := a.cfg.errorStyle
	if c.route != nil && c.route.Ops[0].Tag == rolesTag && a.cfg.roleStyleSet {
		style = a.cfg.roleErrorStyle
	}
	writeAstraError(c.w, style, status, msg)
}

// failWith writes a store or validation error.
func (a *astraAPI) failWith(c *astraCall, err *astraError) { a.fail(c, err.status, err.msg) }

// now is the fake's clock reading.
func (a *astraAPI) now() time.Time { return a.env.clock.Now() }
