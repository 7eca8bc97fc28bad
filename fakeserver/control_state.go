package fakeserver

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
)

// The control API's endpoints for the state: reset, the state as tables,
// credentials, fixtures, snapshots, and data beyond the fixture.

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

// argoKeyJSON names an ARGO admin key and, to add it, its flavour; the
// endpoint that removes a key takes argoKeyRemovalJSON.
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

// argoKeyRemovalJSON names the ARGO admin key to remove.
type argoKeyRemovalJSON struct {
	Key string `json:"key"`
}

func (c *control) removeArgoAdminKey(w http.ResponseWriter, r *http.Request) {
	var body argoKeyRemovalJSON
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
