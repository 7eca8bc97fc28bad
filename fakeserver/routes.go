package fakeserver

import (
	"fmt"
	"net/http"
	"strings"
)

// argoPrefix is where the ARGO Web API admin routes live. Everything else is
// the Astra DevOps API.
const argoPrefix = "/api/v2/admin"

// isArgoPath reports whether a decoded path belongs to the ARGO half.
func isArgoPath(p string) bool {
	return p == argoPrefix || strings.HasPrefix(p, argoPrefix+"/")
}

// dispatch hands a request to its API half.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	defer recoverHandler(w)
	if isArgoPath(r.URL.Path) {
		s.argo.ServeHTTP(w, r)
		return
	}
	s.astra.ServeHTTP(w, r)
}

// recoverHandler turns a handler panic, which is always a bug in the fake,
// into a 500 that names it instead of a dropped connection or a crashed test
// binary.
func recoverHandler(w http.ResponseWriter) {
	if p := recover(); p != nil {
		if p == http.ErrAbortHandler {
			panic(p)
		}
		http.Error(w, fmt.Sprintf("fakeserver: internal error (a bug in the fake): %v", p), http.StatusInternalServerError)
	}
}
