package tenants

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/argowire"
)

// Status returns a tenant's argo-engine status, with the tenant's ID and
// info. A status never written reads as all false, 0 and "". TotalStatus is
// computed by the server on every read (see [ArgoEngineStatus.Healthy]).
//
// Under the server's default role table every admin flavour may call it.
//
//tenantkit:operation argoGetTenantStatus
func (s *Argo) Status(ctx context.Context, id string) (ArgoTenantStatus, error) {
	const op = tenantkit.OpArgoGetTenantStatus
	path, err := argowire.TenantPath(op, id)
	if err != nil {
		return ArgoTenantStatus{}, err
	}
	return argowire.One(ctx, s.c, client.Request{Operation: op, Method: http.MethodGet, Path: path + "/status"},
		"the status of tenant", id, func(t *ArgoTenantStatus) string { return t.ID })
}

// UpdateStatus replaces a tenant's argo-engine status with st and returns
// the status as the server then reports it, read back with [Argo.Status]
// (one more call), so its TotalStatus is the server's verdict.
//
// The whole status is replaced: fields left zero in st are stored as
// false, 0 or "". st.TotalStatus is ignored by the server. The status does
// not last: any later tenant update and any user write (create, update,
// delete, key renewal) wipes it, as the server does.
//
// Report names in st.HDFS.SyncData become MongoDB field names on the real
// server, so names that are empty, contain "." or NUL, or start with "$"
// are refused before anything is sent.
//
//tenantkit:operation argoUpdateTenantStatus
func (s *Argo) UpdateStatus(ctx context.Context, id string, st ArgoEngineStatus) (ArgoTenantStatus, error) {
	const op = tenantkit.OpArgoUpdateTenantStatus
	path, err := argowire.TenantPath(op, id)
	if err != nil {
		return ArgoTenantStatus{}, err
	}
	for name := range st.HDFS.SyncData {
		if name == "" || name[0] == '$' || strings.ContainsAny(name, ".\x00") {
			return ArgoTenantStatus{}, fmt.Errorf("tenantkit: %s: report name %q in hdfs.sync_data is not storable (empty, \".\", NUL or a leading \"$\")", op, name)
		}
	}
	st.TotalStatus = false // computed by the server; not part of what is written
	_, err = s.c.Do(ctx, client.Request{Operation: op, Method: http.MethodPut, Path: path + "/status", Body: st}, nil)
	if err != nil {
		return ArgoTenantStatus{}, err
	}
	got, err := s.Status(ctx, id)
	if err != nil {
		return ArgoTenantStatus{}, fmt.Errorf("tenantkit: %s: status of tenant %s was updated, but reading it back failed: %w", op, id, err)
	}
	return got, nil
}

// ArgoHealthyStatus returns an engine status in which every check passed:
// engine_config, ingestion, publishing and status streaming of both AMS
// blocks, hdfs.metric_data, and all nine flags of each named report.
// last_check is lastCheck in RFC 3339, UTC ("" for the zero time); the
// message counts are 0. Start from it and clear what failed:
//
//	st := tenants.ArgoHealthyStatus(time.Now(), "Critical")
//	st.AMS.SyncData.Publishing = false
//	st.AMS.MetricData.MessagesArrived = 1520
//
// TotalStatus is left false: the server computes it on read and ignores it
// on write.
func ArgoHealthyStatus(lastCheck time.Time, reports ...string) ArgoEngineStatus {
	ams := ArgoAMSData{Ingestion: true, Publishing: true, StatusStreaming: true}
	st := ArgoEngineStatus{
		AMS:          ArgoAMSStatus{MetricData: ams, SyncData: ams},
		EngineConfig: true,
		HDFS:         ArgoHDFSStatus{MetricData: true},
	}
	if !lastCheck.IsZero() {
		st.LastCheck = lastCheck.UTC().Format(time.RFC3339)
	}
	if len(reports) > 0 {
		st.HDFS.SyncData = make(map[string]ArgoReportSync, len(reports))
		for _, r := range reports {
			st.HDFS.SyncData[r] = ArgoReportSync{
				AggregationProfile: true, BlankRecomputation: true, ConfigurationProfile: true,
				Downtimes: true, GroupEndpoints: true, GroupGroups: true,
				MetricProfile: true, OperationsProfile: true, Weights: true,
			}
		}
	}
	return st
}

// Healthy reports what the server computes as total_status for st: true
// when engine_config, the six AMS flags, hdfs.metric_data and all nine
// flags of every hdfs.sync_data report are true (no reports is fine).
// Message counts and last_check do not count.
func (st ArgoEngineStatus) Healthy() bool {
	ok := func(d ArgoAMSData) bool { return d.Ingestion && d.Publishing && d.StatusStreaming }
	if !st.EngineConfig || !ok(st.AMS.MetricData) || !ok(st.AMS.SyncData) || !st.HDFS.MetricData {
		return false
	}
	for _, r := range st.HDFS.SyncData {
		if !(r.AggregationProfile && r.BlankRecomputation && r.ConfigurationProfile &&
			r.Downtimes && r.GroupEndpoints && r.GroupGroups &&
			r.MetricProfile && r.OperationsProfile && r.Weights) {
			return false
		}
	}
	return true
}
