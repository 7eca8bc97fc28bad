package fakeserver

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
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
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		badRequest(w, fmt.Errorf("the body is not the JSON this endpoint takes: %v", err))
		return false
	}
	if dec.More() {
		badRequest(w, errors.New("the body holds more than one JSON value"))
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

func (c *control) reset(w http.ResponseWriter, r *http.Request) {
	c.s.Reset()
	noContent(w)
}

// stateJSON is every API's state as tables, secrets masked.
type stateJSON struct {
	APIs []half.View `json:"apis"`
}

func (c *control) state(w http.ResponseWriter, r *http.Request) {
	writeControlJSON(w, http.StatusOK, stateJSON{APIs: c.s.views()})
}

func (c *control) credentials(w http.ResponseWriter, r *http.Request) {
	cr := c.s.Credentials()
	writeControlJSON(w, http.StatusOK, credentialsJSON(cr))
}

func (c *control) loadFixture(w http.ResponseWriter, r *http.Request) {
	data, ok := readControlBody(w, r)
	if !ok {
		return
	}
	f, err := ParseFixture(data)
	if err == nil {
		err = c.s.Load(f)
	}
	if err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

// snapshotName checks a snapshot's name from the path.
func snapshotName(r *http.Request) (string, error) {
	name := r.PathValue("name")
	if name == "" || len(name) > 128 {
		return "", fmt.Errorf("snapshot name %q: give 1 to 128 characters", name)
	}
	return name, nil
}

func (c *control) listSnapshots(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	names := make([]string, 0, len(c.snapshots))
	for n := range c.snapshots {
		names = append(names, n)
	}
	c.mu.Unlock()
	slices.Sort(names)
	writeControlJSON(w, http.StatusOK, map[string][]string{"names": names})
}

func (c *control) takeSnapshot(w http.ResponseWriter, r *http.Request) {
	name, err := snapshotName(r)
	if err != nil {
		badRequest(w, err)
		return
	}
	snap := c.s.Snapshot()
	c.mu.Lock()
	_, replaced := c.snapshots[name]
	full := !replaced && len(c.snapshots) >= maxNamedSnapshots
	if !full {
		c.snapshots[name] = snap
	}
	c.mu.Unlock()
	if full {
		badRequest(w, fmt.Errorf("the fake keeps at most %d snapshots: delete some (DELETE %ssnapshots/{name})", maxNamedSnapshots, controlAPIPrefix))
		return
	}
	noContent(w)
}

// named returns the snapshot called name, or answers 400.
func (c *control) named(w http.ResponseWriter, r *http.Request) (string, *Snapshot, bool) {
	name, err := snapshotName(r)
	if err != nil {
		badRequest(w, err)
		return "", nil, false
	}
	c.mu.Lock()
	snap := c.snapshots[name]
	c.mu.Unlock()
	if snap == nil {
		badRequest(w, fmt.Errorf("no snapshot named %q: take one first with PUT %ssnapshots/%s", name, controlAPIPrefix, name))
		return "", nil, false
	}
	return name, snap, true
}

func (c *control) restoreSnapshot(w http.ResponseWriter, r *http.Request) {
	if _, snap, ok := c.named(w, r); ok {
		c.s.restore(snap)
		noContent(w)
	}
}

func (c *control) deleteSnapshot(w http.ResponseWriter, r *http.Request) {
	if name, _, ok := c.named(w, r); ok {
		c.mu.Lock()
		delete(c.snapshots, name)
		c.mu.Unlock()
		noContent(w)
	}
}

// faultsJSON is a list of fault rules on the control API.
type faultsJSON struct {
	Faults []faultJSON `json:"faults"`
}

func faultsToJSON(fs []Fault) faultsJSON {
	out := faultsJSON{Faults: make([]faultJSON, len(fs))}
	for i, f := range fs {
		out.Faults[i] = faultToJSON(f)
	}
	return out
}

func (c *control) listFaults(w http.ResponseWriter, r *http.Request) {
	writeControlJSON(w, http.StatusOK, faultsToJSON(c.s.Faults()))
}

// addFaults takes one rule or an array of rules and adds them all or
// none, answering with them as added (names filled in).
func (c *control) addFaults(w http.ResponseWriter, r *http.Request) {
	data, ok := readControlBody(w, r)
	if !ok {
		return
	}
	var list []faultJSON
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		err := decodeStrict(trimmed, &list)
		if err == nil && len(list) == 0 {
			err = errors.New("the list of fault rules is empty")
		}
		if err != nil {
			badRequest(w, err)
			return
		}
	} else {
		var one faultJSON
		if err := decodeStrict(trimmed, &one); err != nil {
			badRequest(w, err)
			return
		}
		list = []faultJSON{one}
	}
	rules := make([]Fault, len(list))
	for i, j := range list {
		f, err := j.fault()
		if err != nil {
			badRequest(w, fmt.Errorf("fault rule %d: %w", i+1, err))
			return
		}
		rules[i] = f
	}
	before := c.s.Faults()
	if err := c.s.AddFault(rules...); err != nil {
		badRequest(w, err)
		return
	}
	// The rules just added are the ones not there before, in order.
	var added []Fault
	for _, f := range c.s.Faults() {
		if !slices.ContainsFunc(before, func(b Fault) bool { return b.Name == f.Name }) {
			added = append(added, f)
		}
	}
	writeControlJSON(w, http.StatusCreated, faultsToJSON(added))
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the body is not the JSON this endpoint takes: %v", err)
	}
	if dec.More() {
		return errors.New("the body holds more than one JSON value")
	}
	return nil
}

func (c *control) clearFaults(w http.ResponseWriter, r *http.Request) {
	c.s.ClearFaults()
	noContent(w)
}

func (c *control) removeFault(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !c.s.RemoveFault(name) {
		badRequest(w, fmt.Errorf("no fault rule named %q (GET %sfaults lists them)", name, controlAPIPrefix))
		return
	}
	noContent(w)
}

func (c *control) getRateLimit(w http.ResponseWriter, r *http.Request) {
	rate, burst, ok := c.s.RateLimit()
	writeControlJSON(w, http.StatusOK, rateLimitJSON{Enabled: ok, PerSecond: rate, Burst: burst})
}

func (c *control) setRateLimit(w http.ResponseWriter, r *http.Request) {
	var body rateLimitJSON
	if !readControlJSON(w, r, &body) {
		return
	}
	if !body.Enabled && body.PerSecond == 0 && body.Burst == 0 {
		c.s.ClearRateLimit()
		noContent(w)
		return
	}
	if err := c.s.SetRateLimit(body.PerSecond, body.Burst); err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

func (c *control) clearRateLimit(w http.ResponseWriter, r *http.Request) {
	c.s.ClearRateLimit()
	noContent(w)
}

// maxJournalPage bounds a page of the journal.
const maxJournalPage = 1000

// journal answers the calls after a cursor, oldest first: ?after=<seq>
// (0: from the start), ?operation=<operationId>, ?limit=<n> (at most
// 1000, the default), ?bodies=true for headers and bodies.
func (c *control) journal(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var after int64
	limit := maxJournalPage
	var err error
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil || after < 0 {
			badRequest(w, fmt.Errorf("after=%q: give the seq of the last call you have (0 or more)", v))
			return
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxJournalPage {
			badRequest(w, fmt.Errorf("limit=%q: give a number from 1 to %d", v, maxJournalPage))
			return
		}
	}
	op := tenantkit.Operation(q.Get("operation"))
	if op != "" && !op.Valid() {
		badRequest(w, fmt.Errorf("operation=%q: openapi.yaml has no such operation (operations: %s)", op, knownOperations()))
		return
	}
	bodies := false
	if v := q.Get("bodies"); v != "" {
		if bodies, err = strconv.ParseBool(v); err != nil {
			badRequest(w, fmt.Errorf("bodies=%q: give true or false", v))
			return
		}
	}
	j := c.s.journal
	page := journalPage{Calls: []callJSON{}, Last: after, Evicted: j.Evicted(), Len: j.Len()}
	for _, e := range j.entries() {
		if e.seq <= after || (op != "" && (e.event != "" || j.operation(e) != op)) {
			continue
		}
		if len(page.Calls) == limit {
			break
		}
		page.Calls = append(page.Calls, callToJSON(e.call(j), bodies))
		page.Last = e.seq
	}
	writeControlJSON(w, http.StatusOK, page)
}

func (c *control) resetJournal(w http.ResponseWriter, r *http.Request) {
	c.s.journal.Reset()
	noContent(w)
}

func (c *control) journalOutline(w http.ResponseWriter, r *http.Request) {
	lines := c.s.journal.Outline()
	if lines == nil {
		lines = []string{}
	}
	writeControlJSON(w, http.StatusOK, map[string][]string{"lines": lines})
}

// eventJSON holds the arguments of every event; each endpoint requires
// its own.
type eventJSON struct {
	OrgID    string `json:"orgId,omitempty"`
	Email    string `json:"email,omitempty"`
	TenantID string `json:"tenantId,omitempty"`
	Status   string `json:"status,omitempty"`
}

// require answers 400 naming the first missing field.
func require(w http.ResponseWriter, fields ...[2]string) bool {
	for _, f := range fields {
		if f[1] == "" {
			badRequest(w, fmt.Errorf("%s is required", f[0]))
			return false
		}
	}
	return true
}

func (c *control) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	var e eventJSON
	if !readControlJSON(w, r, &e) || !require(w, [2]string{"orgId", e.OrgID}, [2]string{"email", e.Email}) {
		return
	}
	c.answerEvent(w, c.s.AcceptInvitation(e.OrgID, e.Email))
}

func (c *control) tenantEvent(event func(tenantID string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var e eventJSON
		if !readControlJSON(w, r, &e) || !require(w, [2]string{"tenantId", e.TenantID}) {
			return
		}
		c.answerEvent(w, event(e.TenantID))
	}
}

func (c *control) setLangflowTenantStatus(w http.ResponseWriter, r *http.Request) {
	var e eventJSON
	if !readControlJSON(w, r, &e) || !require(w, [2]string{"tenantId", e.TenantID}, [2]string{"status", e.Status}) {
		return
	}
	c.answerEvent(w, c.s.SetLangflowTenantStatus(e.TenantID, e.Status))
}

// answerEvent answers an event's outcome: 204, or 400 with why it could
// not happen (the event changed nothing).
func (c *control) answerEvent(w http.ResponseWriter, err error) {
	if err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

func (c *control) addOrganization(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
	}
	if !readControlJSON(w, r, &body) || !require(w, [2]string{"name", body.Name}) {
		return
	}
	writeControlJSON(w, http.StatusCreated, map[string]string{"id": c.s.AddOrganization(body.Name)})
}

func (c *control) addToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OrgID string   `json:"orgId"`
		Roles []string `json:"roles"`
	}
	if !readControlJSON(w, r, &body) || !require(w, [2]string{"orgId", body.OrgID}) {
		return
	}
	token, err := c.s.AddToken(body.OrgID, body.Roles...)
	if err != nil {
		badRequest(w, err)
		return
	}
	writeControlJSON(w, http.StatusCreated, map[string]string{"token": token})
}

// argoKeyJSON names an ARGO admin key.
type argoKeyJSON struct {
	Key     string `json:"key"`
	Flavour string `json:"flavour,omitempty"`
}

func (c *control) addArgoAdminKey(w http.ResponseWriter, r *http.Request) {
	var body argoKeyJSON
	if !readControlJSON(w, r, &body) || !require(w, [2]string{"key", body.Key}, [2]string{"flavour", body.Flavour}) {
		return
	}
	if err := c.s.AddArgoAdminKey(body.Key, ArgoAdminFlavour(body.Flavour)); err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

func (c *control) removeArgoAdminKey(w http.ResponseWriter, r *http.Request) {
	var body argoKeyJSON
	if !readControlJSON(w, r, &body) || !require(w, [2]string{"key", body.Key}) {
		return
	}
	if err := c.s.RemoveArgoAdminKey(body.Key); err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

func (c *control) seedArgoTenants(w http.ResponseWriter, r *http.Request) {
	data, ok := readControlBody(w, r)
	if !ok {
		return
	}
	ids, err := c.s.SeedArgoTenants(data)
	if err != nil {
		badRequest(w, err)
		return
	}
	writeControlJSON(w, http.StatusCreated, map[string][]string{"ids": ids})
}

func (c *control) clock(w http.ResponseWriter, r *http.Request) {
	writeControlJSON(w, http.StatusOK, c.s.clockState())
}

func (c *control) advanceClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		By string `json:"by"`
	}
	if !readControlJSON(w, r, &body) || !require(w, [2]string{"by", body.By}) {
		return
	}
	d, err := parseControlDuration("by", body.By)
	if err != nil {
		badRequest(w, err)
		return
	}
	c.answerClock(w, c.s.AdvanceClock(d))
}

func (c *control) setClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Now time.Time `json:"now"`
	}
	if !readControlJSON(w, r, &body) {
		return
	}
	if body.Now.IsZero() {
		badRequest(w, errors.New("now is required, as an RFC 3339 time such as \"2026-01-02T15:04:05Z\""))
		return
	}
	c.answerClock(w, c.s.SetClock(body.Now))
}

func (c *control) answerClock(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errWallClock):
		writeControlError(w, http.StatusConflict, err.Error())
	case err != nil:
		badRequest(w, err)
	default:
		writeControlJSON(w, http.StatusOK, c.s.clockState())
	}
}
