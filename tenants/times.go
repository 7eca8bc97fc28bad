package tenants

import (
	"time"

	"github.com/tenantkit/tenantkit/internal/wiretime"
)

// The models keep every timestamp as the text the server sent, so that any
// format decodes; these methods read it as a time.Time. An empty or
// unreadable value is the zero time (test it with IsZero); the field still
// holds the text.

// ArgoTimeLayout is the time.Parse layout of an ARGO tenant's info.created
// and info.updated: "2006-01-02 15:04:05", the server's local time with no
// zone. [ArgoTenantInfo.CreatedTime] and [ArgoTenantInfo.UpdatedTime] read
// it as UTC; for a server in another zone, parse the field yourself:
//
//	created, err := time.ParseInLocation(tenants.ArgoTimeLayout, t.Info.Created, serverZone)
const ArgoTimeLayout = wiretime.ArgoLayout

// CreatedTime returns created_at, read as RFC 3339: when the tenant was
// created.
func (t LangflowTenant) CreatedTime() time.Time { return wiretime.RFC3339(t.CreatedAt) }

// UpdatedTime returns updated_at, read as RFC 3339: when the tenant's
// status last changed.
func (t LangflowTenant) UpdatedTime() time.Time { return wiretime.RFC3339(t.UpdatedAt) }

// CreatedTime returns info.created, read in [ArgoTimeLayout] as UTC: when
// the tenant was created. The server writes its local time without a zone;
// tenantkit decides UTC, the zone of the containers it usually runs in (and
// of the fake).
func (i ArgoTenantInfo) CreatedTime() time.Time { return wiretime.Argo(i.Created) }

// UpdatedTime returns info.updated, read as [ArgoTenantInfo.CreatedTime]
// reads info.created: when the tenant or one of its users was last
// written.
func (i ArgoTenantInfo) UpdatedTime() time.Time { return wiretime.Argo(i.Updated) }

// LastCheckTime returns last_check, which the server keeps as free text:
// read as RFC 3339 (the form of the API's examples and of
// [ArgoHealthyStatus]) or, failing that, in [ArgoTimeLayout] as UTC.
func (st ArgoEngineStatus) LastCheckTime() time.Time { return wiretime.Any(st.LastCheck) }
