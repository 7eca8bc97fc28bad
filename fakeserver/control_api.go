package fakeserver

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// controlAPIPrefix is where the control API's JSON endpoints live.
const controlAPIPrefix = ControlPrefix + "api/"

// controlBodyLimit bounds a control request's body (a fixture is the
// largest).
const controlBodyLimit = 8 << 20

//go:embed controlapi.yaml
var controlOpenAPI []byte

// controlRoute is one endpoint of the control API; controlapi.yaml
// describes each.
type controlRoute struct {
	method, path string // path relative to controlAPIPrefix, with {name} wildcards
	handle       http.HandlerFunc
}

// endpoints lists the JSON endpoints.
func (c *control) endpoints() []controlRoute {
	return []controlRoute{
		{"GET", "openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/yaml")
			_, _ = w.Write(controlOpenAPI)
		}},
		{"POST", "reset", c.reset},
		{"GET", "state", c.state},
		{"GET", "credentials", c.credentials},
		{"PUT", "fixture", c.loadFixture},

		{"GET", "snapshots", c.listSnapshots},
		{"PUT", "snapshots/{name}", c.takeSnapshot},
		{"POST", "snapshots/{name}/restore", c.restoreSnapshot},
		{"DELETE", "snapshots/{name}", c.deleteSnapshot},

		{"GET", "faults", c.listFaults},
		{"POST", "faults", c.addFaults},
		{"DELETE", "faults", c.clearFaults},
		{"DELETE", "faults/{name}", c.removeFault},

		{"GET", "rate-limit", c.getRateLimit},
		{"PUT", "rate-limit", c.setRateLimit},
		{"DELETE", "rate-limit", c.clearRateLimit},

		{"GET", "journal", c.journal},
		{"DELETE", "journal", c.resetJournal},
		{"GET", "journal/outline", c.journalOutline},

		{"POST", "events/accept-invitation", c.acceptInvitation},
		{"POST", "events/finish-provisioning", c.tenantEvent(c.s.FinishProvisioning)},
		{"POST", "events/deactivate-langflow-tenant", c.tenantEvent(c.s.DeactivateLangflowTenant)},
		{"POST", "events/set-langflow-tenant-status", c.setLangflowTenantStatus},

		{"POST", "organizations", c.addOrganization},
		{"POST", "tokens", c.addToken},
		{"POST", "argo-admin-keys", c.addArgoAdminKey},
		{"POST", "argo-admin-keys/remove", c.removeArgoAdminKey},
		{"POST", "argo-tenants", c.seedArgoTenants},

		{"GET", "clock", c.clock},
		{"POST", "clock/advance", c.advanceClock},
		{"PUT", "clock", c.setClock},
	}
}

// routes registers the JSON endpoints, and answers every other path
// under the prefix 404, or 405 when the path is served for other methods.
func (c *control) routes(mux *http.ServeMux) {
	endpoints := c.endpoints()
	for _, e := range endpoints {
		mux.HandleFunc(e.method+" "+controlAPIPrefix+e.path, e.handle)
	}
	mux.HandleFunc(controlAPIPrefix, func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		rel := strings.TrimPrefix(r.URL.Path, controlAPIPrefix)
		for _, e := range endpoints {
			if pathMatches(e.path, rel) {
				allow = append(allow, e.method)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeControlError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: this path takes %s", r.Method, r.URL.Path, strings.Join(allow, ", ")))
			return
		}
		writeControlError(w, http.StatusNotFound, fmt.Sprintf("no control endpoint %s %s; the control API's paths are in %sopenapi.yaml", r.Method, r.URL.Path, controlAPIPrefix))
	})
}

// pathMatches reports whether path fits pattern, whose {name} segments
// match any one non-empty segment.
func pathMatches(pattern, path string) bool {
	ps, segs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(segs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && segs[i] != "" {
			continue
		}
		if p != segs[i] {
			return false
		}
	}
	return true
}

// writeControlJSON answers status with v as JSON.
func writeControlJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // not reached: every value here marshals
		writeControlError(w, http.StatusInternalServerError, "fakeserver: control: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeControlError answers status with {"error": msg}.
func writeControlError(w http.ResponseWriter, status int, msg string) {
	body, _ := json.Marshal(controlErrorJSON{Error: msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// badRequest answers 400 with err's message.
func badRequest(w http.ResponseWriter, err error) {
	writeControlError(w, http.StatusBadRequest, err.Error())
}

// readControlJSON decodes r's JSON body into v, refusing another content
// type (415), a body over the limit, trailing data and unknown fields
// (400). It reports whether v was filled; when not, the answer is sent.
func readControlJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	data, ok := readControlBody(w, r)
	if !ok {
		return false
	}
	if err := decodeStrict(data, v); err != nil {
		badRequest(w, err)
		return false
	}
	return true
}

// readControlBody reads r's body, which must be JSON within the limit.
func readControlBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if !isJSONContentType(r.Header.Get("Content-Type")) {
		writeControlError(w, http.StatusUnsupportedMediaType, "send the body as JSON, with Content-Type: application/json")
		return nil, false
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, controlBodyLimit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeControlError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", controlBodyLimit))
		} else {
			badRequest(w, fmt.Errorf("reading the body: %v", err))
		}
		return nil, false
	}
	return data, true
}

func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// decodeStrict decodes one JSON value, refusing unknown fields and
// trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not the JSON this endpoint takes: %v", err)
	}
	// More misses a stray closing bracket; a second Decode sees anything.
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("the body holds more than one JSON value")
	}
	return nil
}
