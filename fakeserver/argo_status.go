package fakeserver

// Handlers of the engine status routes.

import (
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// getStatus is GET /tenants/{ID}/status: data [{id, info, status}] with
// total_status computed; a status never set reads as all false, 0 and "".
func (a *argoAPI) getStatus(w http.ResponseWriter, q *argoRequest) {
	t, found := a.store.status(q.params[0])
	if !found {
		a.fail(w, q, argoErrTenantNotFound)
		return
	}
	buf := a.send.Buffer()
	b := argoEnvelopeData(argoEnvelope(buf.B, argoMsgSuccess, http.StatusOK))
	b, arr := wire.Indented.OpenArray(b, 1)
	b = appendArgoStatusItem(arr.Next(b), &t, 2)
	buf.B = argoEnvelopeEnd(arr.Close(b))
	a.reply(w, q, http.StatusOK, buf)
}

// updateStatus is PUT /tenants/{ID}/status: 400, then 404, then the whole
// status is replaced ($set of the sub-document: omitted members become
// false, 0, ""); total_status in the body is ignored.
func (a *argoAPI) updateStatus(w http.ResponseWriter, q *argoRequest) {
	var st argoStatus
	if !a.decode(q.r, &st) {
		a.fail(w, q, argoErrBadRequest)
		return
	}
	if out := a.store.setStatus(q.params[0], st); out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	a.ok(w, q, http.StatusOK, a.msgs.tenantUpdated)
}
