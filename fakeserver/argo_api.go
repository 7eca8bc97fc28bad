package fakeserver

import "net/http"

// SCAFFOLD: replaced by the ARGO half (argo_*.go).

type argoConfig struct{}

func defaultArgoConfig() argoConfig { return argoConfig{} }

type argoAPI struct{ env *env }

func newArgoAPI(e *env, _ argoConfig) *argoAPI { return &argoAPI{env: e} }

func (a *argoAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }
