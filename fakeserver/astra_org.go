package fakeserver

import "net/http"

// currentOrg serves GET /v2/currentOrg: {"id","name"} of the token's
// organization, for any valid token.
func (a *astraAPI) currentOrg(c *astraCall) {
	name, ok := a.store.orgInfo(c.token.orgID)
	if !ok {
		a.fail(c, http.StatusNotFound, "organization not found")
		return
	}
	b := make([]byte, 0, 96+len(name))
	b = append(b, '{')
	b = appendStringField(b, "id", c.token.orgID, true)
	b = appendStringField(b, "name", name, false)
	b = append(b, '}')
	writeJSON(c.w, http.StatusOK, b)
}
