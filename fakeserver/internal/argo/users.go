package argo

// Handlers of the tenant user routes and of users:byID. Inside an existing
// tenant an unknown user is the flat 404; an unknown tenant is the
// errors-array 404.

import (
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// listUsers is GET /tenants/{ID}/users: "data" is the users array, null for
// a tenant whose users were never set.
func (a *API) listUsers(w http.ResponseWriter, q request) {
	users, found := a.store.listUsers(q.params[0])
	if !found {
		a.fail(w, &q, errTenantNotFound)
		return
	}
	a.replyStream(w, &q, http.StatusOK, func(b []byte, flush func([]byte) []byte) []byte {
		b = envelopeData(envelope(b, msgSuccess, http.StatusOK))
		return envelopeEnd(appendUsersFlushing(b, users, 1, flush))
	})
}

// createUser is POST /tenants/{ID}/users: 404 before 400 (the real server
// looks the tenant up before reading the body), then 201.
func (a *API) createUser(w http.ResponseWriter, q request) {
	var in UserBody
	if !a.decode(q.r, &in) {
		a.badBodyInTenant(w, &q)
		return
	}
	id, out := a.store.createUser(q.params[0], &in, a.now())
	if out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	buf := a.send.Buffer()
	buf.B = createdBody(buf.B, msgUserCreated, id, selfLink(q.r, id))
	a.reply(w, &q, http.StatusCreated, buf)
}

// badBodyInTenant answers an unparsable body on a route whose tenant is
// looked up first: 404 if the tenant is unknown, else 400.
func (a *API) badBodyInTenant(w http.ResponseWriter, q *request) {
	if !a.store.exists(q.params[0]) {
		a.fail(w, q, errTenantNotFound)
		return
	}
	a.fail(w, q, errBadRequest)
}

// getUser is GET /tenants/{ID}/users/{USER_ID}: data [user].
func (a *API) getUser(w http.ResponseWriter, q request) {
	u, fail := a.store.user(q.params[0], q.params[1])
	if fail != failNone {
		a.failOutcome(w, &q, outcome{fail: fail})
		return
	}
	buf := a.send.Buffer()
	buf.B = userEnvelope(buf.B, msgSuccess, u)
	a.reply(w, &q, http.StatusOK, buf)
}

// userEnvelope appends an envelope whose data is [u] to b.
func userEnvelope(b []byte, message string, u *tenantUser) []byte {
	b, arr := openList(b, message)
	return closeList(appendUser(arr.Next(b), u, 2), arr)
}

// updateUser is PUT /tenants/{ID}/users/{USER_ID}: 404 tenant, 400, 404
// user, 409 key, then 200.
func (a *API) updateUser(w http.ResponseWriter, q request) {
	var in UserBody
	if !a.decode(q.r, &in) {
		a.badBodyInTenant(w, &q)
		return
	}
	if out := a.store.updateUser(q.params[0], q.params[1], &in, a.now()); out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	a.ok(w, &q, http.StatusOK, a.msgs.userUpdated)
}

// deleteUser is DELETE /tenants/{ID}/users/{USER_ID}.
func (a *API) deleteUser(w http.ResponseWriter, q request) {
	if out := a.store.deleteUser(q.params[0], q.params[1], a.now()); out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	a.ok(w, &q, http.StatusOK, a.msgs.userDeleted)
}

// renewKey is POST .../renew_api_key: the body is ignored; data is the
// object {"api_key": KEY}.
func (a *API) renewKey(w http.ResponseWriter, q request) {
	key, out := a.store.renewKey(q.params[0], q.params[1], a.now())
	if out.fail != failNone {
		a.failOutcome(w, &q, out)
		return
	}
	buf := a.send.Buffer()
	b := envelopeData(envelope(buf.B, msgKeyRenewed, http.StatusOK))
	b, o := wire.Indented.OpenObject(b, 1)
	b = o.String(b, "api_key", key)
	buf.B = envelopeEnd(o.Close(b))
	a.reply(w, &q, http.StatusOK, buf)
}

// userByID is GET /users:byID/{ID}: the user of any tenant, api_key
// included for every admin flavour. With export=flat (exact value) the body
// is the bare user object.
func (a *API) userByID(w http.ResponseWriter, q request) {
	u := a.store.userByID(q.params[0]) // this route's {ID} is a user's
	if u == nil {
		a.fail(w, &q, errTenantNotFound)
		return
	}
	buf := a.send.Buffer()
	if q.r.URL.Query().Get("export") == "flat" {
		buf.B = appendUser(buf.B, u, 0)
		a.reply(w, &q, http.StatusOK, buf)
		return
	}
	buf.B = userEnvelope(buf.B, msgUserRetrieved, u)
	a.reply(w, &q, http.StatusOK, buf)
}
