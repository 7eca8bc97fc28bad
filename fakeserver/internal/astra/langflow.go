package astra

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// tenantCreateRequest is the body of POST /v1/tenant.
type tenantCreateRequest struct {
	// Missing, null and "" are all "required", so plain strings do.
	CloudProvider string `json:"cloud_provider"`
	OrgID         string `json:"org_id"`
	Region        string `json:"region"`
}

// getTenant serves GET /v1/orgs/{org_id}/tenant/{tenant_id}.
func (a *API) getTenant(c *call) {
	t, ok := a.store.tenant(c.params[0], c.params[1])
	if !ok {
		a.failWith(c, errTenantNotFound())
		return
	}
	a.writeTenant(c, http.StatusOK, t)
}

// listTenants serves GET /v1/orgs/{org_id}/tenants: a top-level array,
// oldest first.
func (a *API) listTenants(c *call) {
	tenants := a.store.listTenants(c.params[0])
	now := a.now()
	a.send.Stream(c.w, http.StatusOK, contentTypeJSON, wire.Chunked, func(b []byte, flush func([]byte) []byte) []byte {
		b, arr := wire.Compact.OpenArray(b, 0)
		for _, t := range tenants {
			b = flush(a.appendTenant(arr.Next(b), t, now))
		}
		return arr.Close(b)
	})
}

// createTenant serves POST /v1/tenant: 201 with the new tenant.
func (a *API) createTenant(c *call) {
	req, err := c.langflowCreateBody()
	if err != nil {
		a.failWith(c, err)
		return
	}
	for _, f := range []struct{ name, v string }{
		{"cloud_provider", req.CloudProvider}, {"org_id", req.OrgID}, {"region", req.Region},
	} {
		if f.v == "" {
			a.fail(c, http.StatusBadRequest, f.name+" is required")
			return
		}
	}
	// The stored strings are the constants and the token's org ID (equal to
	// the body's, by the header rules), not copies from every request body.
	provider, ok := langflowProvider(req.CloudProvider)
	if !ok {
		a.fail(c, http.StatusBadRequest, fmt.Sprintf("invalid cloud_provider %q: must be one of aws, gcp, azure", req.CloudProvider))
		return
	}
	if !validRegion(req.Region) {
		a.fail(c, http.StatusBadRequest, fmt.Sprintf("invalid region %q: must match [a-z0-9-]+", req.Region))
		return
	}
	now := a.now()
	id := a.env.IDs.UUID()
	t := &langflowTenant{
		id:            id,
		orgID:         c.token.orgID,
		cloudProvider: provider,
		region:        req.Region,
		createdAt:     now,
		phase:         phaseProvisioning,
		phaseStart:    now,
	}
	if err := a.store.addTenant(t); err != nil {
		a.failWith(c, err)
		return
	}
	a.writeTenantAt(c, http.StatusCreated, t, now)
}

// reactivateTenant serves PATCH /v1/orgs/{org_id}/tenant/{tenant_id}/reactivate:
// 200 with the tenant.
func (a *API) reactivateTenant(c *call) {
	now := a.now()
	t, err := a.store.updateTenant(c.params[0], c.params[1], func(t *langflowTenant) (*langflowTenant, error) {
		next, err := t.reactivated(now, a.cfg.provisioningDelay)
		if err != nil {
			return nil, err
		}
		return next, nil
	})
	if err != nil {
		var ae *failure
		if !errors.As(err, &ae) {
			ae = errConflict(err.Error()) // not reached: every failure here is an failure
		}
		a.failWith(c, ae)
		return
	}
	a.writeTenantAt(c, http.StatusOK, t, now)
}

// langflowProvider returns the stored form of a cloud provider, matched
// case-insensitively: the constant "aws", "gcp" or "azure".
func langflowProvider(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "aws":
		return "aws", true
	case "gcp":
		return "gcp", true
	case "azure":
		return "azure", true
	}
	return "", false
}

// appendLangflowURL appends a tenant's url as a JSON string (openapi.yaml):
// https://{cloud_provider}-{region}.langflow.datastax.com/lf/{id}. It is
// rendered, not stored: one string less to keep per tenant.
func appendLangflowURL(b []byte, t *langflowTenant) []byte {
	return wire.Compact.AppendString(b, "https://"+t.cloudProvider+"-"+t.region+".langflow.datastax.com/lf/"+t.id)
}

func validRegion(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if (b < 'a' || b > 'z') && (b < '0' || b > '9') && b != '-' {
			return false
		}
	}
	return s != ""
}

func (a *API) writeTenant(c *call, status int, t *langflowTenant) {
	a.writeTenantAt(c, status, t, a.now())
}

func (a *API) writeTenantAt(c *call, status int, t *langflowTenant, now time.Time) {
	buf := a.send.Buffer()
	buf.B = a.appendTenant(buf.B, t, now)
	a.send.Reply(c.w, status, contentTypeJSON, buf)
}

// appendTenant appends the tenant as it is at now:
// {"id","org_id","cloud_provider","region","status","url","created_at","updated_at"}.
func (a *API) appendTenant(b []byte, t *langflowTenant, now time.Time) []byte {
	status, since := t.statusAt(now, a.cfg.provisioningDelay)
	b, o := wire.Compact.OpenObject(b, 0)
	b = o.String(b, "id", t.id)
	b = o.String(b, "org_id", t.orgID)
	b = o.String(b, "cloud_provider", t.cloudProvider)
	b = o.String(b, "region", t.region)
	b = o.String(b, "status", status)
	b = appendLangflowURL(o.Key(b, "url"), t)
	b = appendTime(o.Key(b, "created_at"), t.createdAt)
	b = appendTime(o.Key(b, "updated_at"), since)
	return o.Close(b)
}

// appendTime appends a timestamp as RFC 3339 in UTC, to the second.
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339)
	return append(b, '"')
}
