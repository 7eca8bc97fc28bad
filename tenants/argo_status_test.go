package tenants_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

func TestArgoStatusOfANewTenantIsAllZero(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		id := e.Seed(t, `[{"id":"t1","info":{"name":"one"}}]`)[0]
		got, err := e.admin.Status(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		want := tenants.ArgoTenantStatus{ID: id, Info: tenants.ArgoTenantInfo{Name: "one", Created: sdktest.ArgoStamp, Updated: sdktest.ArgoStamp}}
		testkit.WantEqual(t, "Status", want, got)
	})
}

func TestArgoUpdateStatusReturnsTheServersTotalStatus(t *testing.T) {
	t.Parallel()
	lastCheck := time.Date(2018, 8, 10, 12, 32, 45, 0, time.FixedZone("CEST", 2*3600))
	healthy := func() tenants.ArgoEngineStatus { return tenants.ArgoHealthyStatus(lastCheck, "Critical", "Other") }
	for _, tc := range []struct {
		name   string
		change func(*tenants.ArgoEngineStatus)
	}{
		{"every check passed", func(*tenants.ArgoEngineStatus) {}},
		{"no reports", func(st *tenants.ArgoEngineStatus) { st.HDFS.SyncData = nil }},
		{"counts do not matter", func(st *tenants.ArgoEngineStatus) { st.AMS.MetricData.MessagesArrived = 1520 }},
		{"total_status given is not what counts", func(st *tenants.ArgoEngineStatus) { st.EngineConfig = false; st.TotalStatus = true }},
		{"engine config failed", func(st *tenants.ArgoEngineStatus) { st.EngineConfig = false }},
		{"AMS metric ingestion failed", func(st *tenants.ArgoEngineStatus) { st.AMS.MetricData.Ingestion = false }},
		{"AMS sync publishing failed", func(st *tenants.ArgoEngineStatus) { st.AMS.SyncData.Publishing = false }},
		{"AMS sync streaming failed", func(st *tenants.ArgoEngineStatus) { st.AMS.SyncData.StatusStreaming = false }},
		{"HDFS metric data failed", func(st *tenants.ArgoEngineStatus) { st.HDFS.MetricData = false }},
		{"one report's weights failed", func(st *tenants.ArgoEngineStatus) {
			r := st.HDFS.SyncData["Other"]
			r.Weights = false
			st.HDFS.SyncData["Other"] = r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newArgoEnv(t, sdktest.InProcess)
			id := e.Seed(t, `[{"id":"t1","info":{"name":"one"}}]`)[0]
			st := healthy()
			tc.change(&st)
			got, err := e.admin.UpdateStatus(context.Background(), id, st)
			if err != nil {
				t.Fatal(err)
			}
			want := st
			want.TotalStatus = st.Healthy()
			testkit.WantEqual(t, "status read back", want, got.Status)
			if got.Status.LastCheck != "2018-08-10T10:32:45Z" {
				t.Errorf("last_check %q, want the time in UTC, RFC 3339", got.Status.LastCheck)
			}
			// Healthy predicts the server's verdict.
			wantTotal := tc.name == "every check passed" || tc.name == "no reports" || tc.name == "counts do not matter"
			if got.Status.TotalStatus != wantTotal {
				t.Errorf("total_status %v, want %v", got.Status.TotalStatus, wantTotal)
			}
		})
	}
}

func TestArgoHealthyStatusSetsEveryCheck(t *testing.T) {
	t.Parallel()
	all := tenants.ArgoReportSync{
		AggregationProfile: true, BlankRecomputation: true, ConfigurationProfile: true, Downtimes: true,
		GroupEndpoints: true, GroupGroups: true, MetricProfile: true, OperationsProfile: true, Weights: true,
	}
	ams := tenants.ArgoAMSData{Ingestion: true, Publishing: true, StatusStreaming: true}
	want := tenants.ArgoEngineStatus{
		AMS:          tenants.ArgoAMSStatus{MetricData: ams, SyncData: ams},
		EngineConfig: true,
		HDFS:         tenants.ArgoHDFSStatus{MetricData: true, SyncData: map[string]tenants.ArgoReportSync{"Critical": all}},
		LastCheck:    "2018-08-10T12:32:45Z",
	}
	got := tenants.ArgoHealthyStatus(time.Date(2018, 8, 10, 12, 32, 45, 0, time.UTC), "Critical")
	testkit.WantEqual(t, "ArgoHealthyStatus", want, got)
	if !got.Healthy() {
		t.Error("ArgoHealthyStatus(...).Healthy() = false")
	}
	if z := tenants.ArgoHealthyStatus(time.Time{}); z.LastCheck != "" || z.HDFS.SyncData != nil {
		t.Errorf("ArgoHealthyStatus(zero time) = %+v, want no last_check and no reports", z)
	}
}

func TestArgoUpdateStatusRefusesUnstorableReportNames(t *testing.T) {
	t.Parallel()
	sdktest.WantRefusedBeforeSending(t, "tenantkit: argoUpdateTenantStatus", func(c *client.Client) []testkit.Call {
		var calls []testkit.Call
		for _, name := range []string{"", "a.b", "$set", "nul\x00"} {
			calls = append(calls, testkit.Call{Name: fmt.Sprintf("UpdateStatus with report %q", name), Do: func(ctx context.Context) error {
				_, err := tenants.NewArgo(c).UpdateStatus(ctx, "t1", tenants.ArgoHealthyStatus(time.Time{}, name))
				return err
			}})
		}
		return calls
	})
}

func TestArgoTenantAndUserWritesWipeTheStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		write func(e argoEnv, id string) error
	}{
		{"tenant update", func(e argoEnv, id string) error {
			_, err := e.admin.Update(context.Background(), id, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "one"}})
			return err
		}},
		{"user create", func(e argoEnv, id string) error {
			_, err := e.users.Create(context.Background(), id, users.ArgoUser{Name: "new"})
			return err
		}},
		{"key renewal", func(e argoEnv, id string) error {
			_, err := e.users.RenewAPIKey(context.Background(), id, "u1")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newArgoEnv(t, sdktest.InProcess)
			ctx := context.Background()
			id := e.Seed(t, `[{"id":"t1","info":{"name":"one"},"users":[{"id":"u1","api_key":"key-1"}]}]`)[0]
			if _, err := e.admin.UpdateStatus(ctx, id, tenants.ArgoHealthyStatus(sdktest.ArgoEpoch())); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(e, id); err != nil {
				t.Fatal(err)
			}
			got, err := e.admin.Status(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := testkit.Diff(tenants.ArgoEngineStatus{}, got.Status); diff != "" {
				t.Errorf("status after a %s (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}
