package fakeserver

import "net/http"

// SCAFFOLD: replaced by the Astra half (astra_*.go).

type astraConfig struct{}

func defaultAstraConfig() astraConfig { return astraConfig{} }

type astraAPI struct{ env *env }

func newAstraAPI(e *env, _ astraConfig) *astraAPI { return &astraAPI{env: e} }

func (a *astraAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }
