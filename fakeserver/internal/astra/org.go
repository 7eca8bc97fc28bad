package astra

import (
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// currentOrg serves GET /v2/currentOrg: {"id","name"} of the token's
// organization, for any valid token.
func (a *API) currentOrg(c *call) {
	name, ok := a.store.orgInfo(c.token.orgID)
	if !ok {
		a.fail(c, http.StatusNotFound, "organization not found")
		return
	}
	buf := a.send.Buffer()
	b, o := wire.Compact.OpenObject(buf.B, 0)
	b = o.String(b, "id", c.token.orgID)
	b = o.String(b, "name", name)
	buf.B = o.Close(b)
	a.send.Reply(c.w, http.StatusOK, contentTypeJSON, buf)
}
