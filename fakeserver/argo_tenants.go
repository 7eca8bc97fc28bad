package fakeserver

// Handlers of the tenant routes: list, create, get, replace, delete.

import (
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// listTenants is GET /tenants: "data" is always an array ([] when empty),
// reduced for restricted and UI admins.
func (a *argoAPI) listTenants(w http.ResponseWriter, q *argoRequest) {
	ts := a.store.list(q.flavour)
	a.replyStream(w, q, http.StatusOK, func(b []byte, flush func([]byte) []byte) []byte {
		b = argoEnvelopeData(argoEnvelope(b, argoMsgSuccess, http.StatusOK))
		b, arr := wire.Indented.OpenArray(b, 1)
		for i := range ts {
			b = flush(appendArgoTenant(arr.Next(b), ts[i], 2))
		}
		return argoEnvelopeEnd(arr.Close(b))
	})
}

// createTenant is POST /tenants: 400, then 409 name, then 409 key, then 201.
func (a *argoAPI) createTenant(w http.ResponseWriter, q *argoRequest) {
	var in argoTenantBody
	if !a.decode(q.r, &in) {
		a.fail(w, q, argoErrBadRequest)
		return
	}
	id, out := a.store.create(&in, a.now())
	if out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	buf := a.send.Buffer()
	buf.B = argoCreatedBody(buf.B, argoMsgTenantCreated, id, argoSelfLink(q.r, id))
	a.reply(w, q, http.StatusCreated, buf)
}

// getTenant is GET /tenants/{ID}: "data" is a one-element array.
func (a *argoAPI) getTenant(w http.ResponseWriter, q *argoRequest) {
	t, found := a.store.get(q.params[0], q.flavour)
	if !found {
		a.fail(w, q, argoErrTenantNotFound)
		return
	}
	buf := a.send.Buffer()
	b := argoEnvelopeData(argoEnvelope(buf.B, argoMsgSuccess, http.StatusOK))
	b, arr := wire.Indented.OpenArray(b, 1)
	b = appendArgoTenant(arr.Next(b), t.argoTenantDoc, 2)
	buf.B = argoEnvelopeEnd(arr.Close(b))
	a.reply(w, q, http.StatusOK, buf)
}

// updateTenant is PUT /tenants/{ID}: 400 (even for an unknown ID), then
// 404, then 409 key, then 409 name, then 200.
func (a *argoAPI) updateTenant(w http.ResponseWriter, q *argoRequest) {
	var in argoTenantBody
	if !a.decode(q.r, &in) {
		a.fail(w, q, argoErrBadRequest)
		return
	}
	if out := a.store.replace(q.params[0], &in, a.now()); out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	a.ok(w, q, http.StatusOK, a.msgs.tenantUpdated)
}

// deleteTenant is DELETE /tenants/{ID}.
func (a *argoAPI) deleteTenant(w http.ResponseWriter, q *argoRequest) {
	if out := a.store.remove(q.params[0]); out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	a.ok(w, q, http.StatusOK, a.msgs.tenantDeleted)
}
