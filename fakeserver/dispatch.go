package fakeserver

import (
	"fmt"
	"net/http"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// apiFor returns the API that owns a (decoded) path: the first that claims
// it, else the last.
func (s *Server) apiFor(path string) half.API {
	for _, a := range s.apis {
		if a.Owns(path) {
			return a
		}
	}
	return s.apis[len(s.apis)-1]
}

// dispatch hands a request to its API.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	defer recoverHandler(w)
	s.apiFor(r.URL.Path).ServeHTTP(w, r)
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
