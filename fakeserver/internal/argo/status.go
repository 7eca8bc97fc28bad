package argo

// Handlers of the engine status routes.

import (
	"net/http"
)

// getStatus is GET /tenants/{ID}/status: data [{id, info, status}] with
// total_status computed; a status never set reads as all false, 0 and "".
func (a *API) getStatus(w http.ResponseWriter, q request) {
	t, found := a.store.status(q.params[0])
	if !found {
		a.fail(w, &q, errTenantNotFound)
		return
	}
	buf := a.send.Buffer()
	b, arr := openList(buf.B, msgSuccess)
	buf.B = closeList(appendStatusItem(arr.Next(b), &t, 2), arr)
	a.reply(w, &q, http.StatusOK, buf)
}

// updateStatus is PUT /tenants/{ID}/status: 400, then 404, then the whole
// status is replaced ($set of the sub-document: omitted members become
// false, 0, ""); total_status in the body is ignored.
func (a *API) updateStatus(w http.ResponseWriter, q request) {
	var st Status
	if !a.decode(q.r, &st) {
		a.fail(w, &q, errBadRequest)
		return
	}
	if out := a.store.setStatus(q.params[0], st); out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	a.ok(w, &q, http.StatusOK, a.msgs.tenantUpdated)
}
