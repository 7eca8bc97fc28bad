package fakeserver

// Handlers of the tenant user routes and of users:byID. Inside an existing
// tenant an unknown user is the flat 404; an unknown tenant is the
// errors-array 404.

import (
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// listUsers is GET /tenants/{ID}/users: "data" is the users array, null for
// a tenant whose users were never set.
func (a *argoAPI) listUsers(w http.ResponseWriter, q *argoRequest) {
	users, found := a.store.listUsers(q.params[0])
	if !found {
		a.fail(w, q, argoErrTenantNotFound)
		return
	}
	a.replyStream(w, q, http.StatusOK, func(b []byte, flush func([]byte) []byte) []byte {
		b = argoEnvelopeData(argoEnvelope(b, argoMsgSuccess, http.StatusOK))
		return argoEnvelopeEnd(appendArgoUsersFlushing(b, users, 1, flush))
	})
}

// createUser is POST /tenants/{ID}/users: 404 before 400 (the real server
// looks the tenant up before reading the body), then 201.
func (a *argoAPI) createUser(w http.ResponseWriter, q *argoRequest) {
	var in argoUserBody
	if !a.decode(q.r, &in) {
		a.badBodyInTenant(w, q)
		return
	}
	id, out := a.store.createUser(q.params[0], &in, a.now())
	if out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	buf := a.send.Buffer()
	buf.B = argoCreatedBody(buf.B, argoMsgUserCreated, id, argoSelfLink(q.r, id))
	a.reply(w, q, http.StatusCreated, buf)
}

// badBodyInTenant answers an unparsable body on a route whose tenant is
// looked up first: 404 if the tenant is unknown, else 400.
func (a *argoAPI) badBodyInTenant(w http.ResponseWriter, q *argoRequest) {
	if !a.store.exists(q.params[0]) {
		a.fail(w, q, argoErrTenantNotFound)
		return
	}
	a.fail(w, q, argoErrBadRequest)
}

// getUser is GET /tenants/{ID}/users/{USER_ID}: data [user].
func (a *argoAPI) getUser(w http.ResponseWriter, q *argoRequest) {
	u, fail := a.store.user(q.params[0], q.params[1])
	if fail != argoOK {
		a.failOutcome(w, q, argoOutcome{fail: fail})
		return
	}
	buf := a.send.Buffer()
	buf.B = argoUserEnvelope(buf.B, argoMsgSuccess, u)
	a.reply(w, q, http.StatusOK, buf)
}

// argoUserEnvelope appends an envelope whose data is [u] to b.
func argoUserEnvelope(b []byte, message string, u *argoUser) []byte {
	b = argoEnvelopeData(argoEnvelope(b, message, http.StatusOK))
	b, arr := wire.Indented.OpenArray(b, 1)
	b = appendArgoUser(arr.Next(b), u, 2)
	return argoEnvelopeEnd(arr.Close(b))
}

// updateUser is PUT /tenants/{ID}/users/{USER_ID}: 404 tenant, 400, 404
// user, 409 key, then 200.
func (a *argoAPI) updateUser(w http.ResponseWriter, q *argoRequest) {
	var in argoUserBody
	if !a.decode(q.r, &in) {
		a.badBodyInTenant(w, q)
		return
	}
	if out := a.store.updateUser(q.params[0], q.params[1], &in, a.now()); out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	a.ok(w, q, http.StatusOK, a.msgs.userUpdated)
}

// deleteUser is DELETE /tenants/{ID}/users/{USER_ID}.
func (a *argoAPI) deleteUser(w http.ResponseWriter, q *argoRequest) {
	if out := a.store.deleteUser(q.params[0], q.params[1], a.now()); out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	a.ok(w, q, http.StatusOK, a.msgs.userDeleted)
}

// renewKey is POST .../renew_api_key: the body is ignored; data is the
// object {"api_key": KEY}.
func (a *argoAPI) renewKey(w http.ResponseWriter, q *argoRequest) {
	key, out := a.store.renewKey(q.params[0], q.params[1], a.now())
	if out.fail != argoOK {
		a.failOutcome(w, q, out)
		return
	}
	buf := a.send.Buffer()
	b := argoEnvelopeData(argoEnvelope(buf.B, argoMsgKeyRenewed, http.StatusOK))
	b, o := wire.Indented.OpenObject(b, 1)
	b = o.String(b, "api_key", key)
	buf.B = argoEnvelopeEnd(o.Close(b))
	a.reply(w, q, http.StatusOK, buf)
}

// userByID is GET /users:byID/{ID}: the user of any tenant, api_key
// included for every admin flavour. With export=flat (exact value) the body
// is the bare user object.
func (a *argoAPI) userByID(w http.ResponseWriter, q *argoRequest) {
	u := a.store.userByID(q.params[0]) // this route's {ID} is a user's
	if u == nil {
		a.fail(w, q, argoErrTenantNotFound)
		return
	}
	buf := a.send.Buffer()
	if q.r.URL.Query().Get("export") == "flat" {
		buf.B = appendArgoUser(buf.B, u, 0)
		a.reply(w, q, http.StatusOK, buf)
		return
	}
	buf.B = argoUserEnvelope(buf.B, argoMsgUserRetrieved, u)
	a.reply(w, q, http.StatusOK, buf)
}
