package argo

// Handlers of the tenant routes: list, create, get, replace, delete.

import (
	"net/http"
)

// listTenants is GET /tenants: "data" is always an array ([] when empty),
// reduced for restricted and UI admins.
func (a *API) listTenants(w http.ResponseWriter, q request) {
	ts := a.store.list(q.flavour)
	a.replyStream(w, &q, http.StatusOK, func(b []byte, flush func([]byte) []byte) []byte {
		b, arr := openList(b, msgSuccess)
		for i := range ts {
			b = flush(appendTenant(arr.Next(b), ts[i], 2))
		}
		return closeList(b, arr)
	})
}

// createTenant is POST /tenants: 400, then 409 name, then 409 key, then 201.
func (a *API) createTenant(w http.ResponseWriter, q request) {
	var in TenantBody
	if !a.decode(q.r, &in) {
		a.fail(w, &q, errBadRequest)
		return
	}
	id, out := a.store.create(&in, a.now())
	if out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	buf := a.send.Buffer()
	buf.B = createdBody(buf.B, msgTenantCreated, id, selfLink(q.r, id))
	a.reply(w, &q, http.StatusCreated, buf)
}

// getTenant is GET /tenants/{ID}: "data" is a one-element array.
func (a *API) getTenant(w http.ResponseWriter, q request) {
	t, found := a.store.get(q.params[0], q.flavour)
	if !found {
		a.fail(w, &q, errTenantNotFound)
		return
	}
	buf := a.send.Buffer()
	b, arr := openList(buf.B, msgSuccess)
	buf.B = closeList(appendTenant(arr.Next(b), t.tenantDoc, 2), arr)
	a.reply(w, &q, http.StatusOK, buf)
}

// updateTenant is PUT /tenants/{ID}: 400 (even for an unknown ID), then
// 404, then 409 key, then 409 name, then 200.
func (a *API) updateTenant(w http.ResponseWriter, q request) {
	var in TenantBody
	if !a.decode(q.r, &in) {
		a.fail(w, &q, errBadRequest)
		return
	}
	if out := a.store.replace(q.params[0], &in, a.now()); out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	a.ok(w, &q, http.StatusOK, a.msgs.tenantUpdated)
}

// deleteTenant is DELETE /tenants/{ID}.
func (a *API) deleteTenant(w http.ResponseWriter, q request) {
	if out := a.store.remove(q.params[0]); out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	a.ok(w, &q, http.StatusOK, a.msgs.tenantDeleted)
}
