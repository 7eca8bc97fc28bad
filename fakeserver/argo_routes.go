package fakeserver

// ARGO routing, as gorilla/mux routes the real server: exact methods and
// paths (no trailing-slash tolerance, no 405), {ID} segments of one or more
// characters other than '/', matched on the decoded path, and unclean paths
// redirected to their clean form before any matching.

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// argoRoute identifies an authenticated ARGO admin route by its name in the
// real server's roles table.
type argoRoute uint8

const (
	argoRouteNone argoRoute = iota
	argoRouteList
	argoRouteCreate
	argoRouteGet
	argoRouteUpdate
	argoRouteDelete
	argoRouteGetStatus
	argoRouteUpdateStatus
	argoRouteListUsers
	argoRouteCreateUser
	argoRouteGetUser
	argoRouteUpdateUser
	argoRouteDeleteUser
	argoRouteRenewKey
	argoRouteUserByID
	argoRouteCount
)

// name is the route's name in the real server (app/tenants/routing.go), the
// key of its roles table.
func (r argoRoute) name() string {
	switch r {
	case argoRouteList:
		return "tenants.list"
	case argoRouteCreate:
		return "tenants.create"
	case argoRouteGet:
		return "tenants.get"
	case argoRouteUpdate:
		return "tenants.update"
	case argoRouteDelete:
		return "tenants.delete"
	case argoRouteGetStatus:
		return "tenants.get_status"
	case argoRouteUpdateStatus:
		return "tenants.update_status"
	case argoRouteListUsers:
		return "tenants.list_users"
	case argoRouteCreateUser:
		return "tenants.create_user"
	case argoRouteGetUser:
		return "tenants.get_user"
	case argoRouteUpdateUser:
		return "tenants.update_user"
	case argoRouteDeleteUser:
		return "tenants.delete_user"
	case argoRouteRenewKey:
		return "tenants.user_refresh_token"
	case argoRouteUserByID:
		return "tenants.user_by_id"
	}
	return ""
}

// argoMatch is the outcome of routing one request.
type argoMatch struct {
	route    argoRoute
	options  bool // a tenants.options route: 200, no auth
	tenantID string
	userID   string
}

// matchArgoRoute routes method and the decoded path p (which starts with
// argoPrefix). ok is false when nothing matches: the real server's 404.
func matchArgoRoute(method, p string) (m argoMatch, ok bool) {
	rest, found := strings.CutPrefix(p, argoPrefix+"/")
	if !found {
		return m, false
	}
	var seg [6]string
	n := 0
	for {
		i := strings.IndexByte(rest, '/')
		if n == len(seg) {
			return m, false
		}
		if i < 0 {
			seg[n] = rest
			n++
			break
		}
		seg[n] = rest[:i]
		n++
		rest = rest[i+1:]
	}
	for _, s := range seg[:n] {
		if s == "" { // {ID} is [^/]+ and literals are never empty
			return m, false
		}
	}
	pick := func(get, post, put, del argoRoute, opts bool) (argoMatch, bool) {
		switch method {
		case http.MethodGet:
			m.route = get
		case http.MethodPost:
			m.route = post
		case http.MethodPut:
			m.route = put
		case http.MethodDelete:
			m.route = del
		case http.MethodOptions:
			m.options = opts
		}
		return m, m.route != argoRouteNone || m.options
	}
	const none = argoRouteNone
	if seg[0] == "users:byID" {
		if n != 2 {
			return m, false
		}
		m.userID = seg[1]
		return pick(argoRouteUserByID, none, none, none, false)
	}
	if seg[0] != "tenants" {
		return m, false
	}
	switch n {
	case 1:
		return pick(argoRouteList, argoRouteCreate, none, none, true)
	case 2:
		m.tenantID = seg[1]
		return pick(argoRouteGet, none, argoRouteUpdate, argoRouteDelete, true)
	}
	m.tenantID = seg[1]
	switch {
	case n == 3 && seg[2] == "status":
		return pick(argoRouteGetStatus, none, argoRouteUpdateStatus, none, false)
	case n == 3 && seg[2] == "users":
		return pick(argoRouteListUsers, argoRouteCreateUser, none, none, true)
	case n == 4 && seg[2] == "users":
		m.userID = seg[3]
		return pick(argoRouteGetUser, none, argoRouteUpdateUser, argoRouteDeleteUser, true)
	case n == 5 && seg[2] == "users" && seg[4] == "renew_api_key":
		m.userID = seg[3]
		return pick(none, argoRouteRenewKey, none, none, true)
	}
	return m, false
}

// argoCleanPath is gorilla/mux's cleanPath: path.Clean, keeping a trailing
// slash.
func argoCleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// writeArgoRedirect answers an unclean path as gorilla/mux does: 301 to
// the clean path, query kept, empty body.
func writeArgoRedirect(w http.ResponseWriter, r *http.Request, clean string) {
	u := url.URL{Path: clean, RawQuery: r.URL.RawQuery}
	h := w.Header()
	h.Set("Location", u.String())
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusMovedPermanently)
}

// writeArgoNotFound is the real server's answer to an unrouted request
// (wrong method included): Go's http.NotFound.
func writeArgoNotFound(w http.ResponseWriter) {
	const body = "404 page not found\n"
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", "19")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(body))
}

// writeArgoOptions answers the tenants.options routes: no key, no Accept
// needed.
func writeArgoOptions(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Allow", "GET,POST,PUT,DELETE,OPTIONS")
	h.Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}
