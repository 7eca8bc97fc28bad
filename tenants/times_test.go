package tenants_test

import (
	"context"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

// TestTimeAccessorsReadWhatTheFakeWrote creates a Langflow tenant, an ARGO
// tenant and an engine status on a fake whose clock is known, and reads
// every timestamp back as the instant it was written.
func TestTimeAccessorsReadWhatTheFakeWrote(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	lfEnv := newLangflowEnv(t, sdktest.InProcess)
	lf := lfEnv.create(t)
	argo := newArgoEnv(t, sdktest.InProcess)
	created, err := argo.admin.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "acme"}})
	if err != nil {
		t.Fatal(err)
	}
	checked := sdktest.ArgoEpoch().Add(-time.Minute)
	st, err := argo.admin.UpdateStatus(ctx, created.ID, tenants.ArgoHealthyStatus(checked))
	if err != nil {
		t.Fatal(err)
	}

	got := map[string]time.Time{
		"LangflowTenant.CreatedTime":     lf.CreatedTime(),
		"LangflowTenant.UpdatedTime":     lf.UpdatedTime(),
		"ArgoTenantInfo.CreatedTime":     st.Info.CreatedTime(),
		"ArgoTenantInfo.UpdatedTime":     st.Info.UpdatedTime(),
		"ArgoEngineStatus.LastCheckTime": st.Status.LastCheckTime(),
	}
	want := map[string]time.Time{
		"LangflowTenant.CreatedTime":     sdktest.AstraEpoch(),
		"LangflowTenant.UpdatedTime":     sdktest.AstraEpoch(),
		"ArgoTenantInfo.CreatedTime":     sdktest.ArgoEpoch(),
		"ArgoTenantInfo.UpdatedTime":     sdktest.ArgoEpoch(),
		"ArgoEngineStatus.LastCheckTime": checked,
	}
	testkit.WantEqual(t, "times read back", want, got)
	for name, tm := range got {
		if tm.Location() != time.UTC {
			t.Errorf("%s is in %v, want UTC", name, tm.Location())
		}
	}
}

// TestTimeAccessorsGiveZeroForWhatDoesNotParse pins the other half of the
// contract: an empty or foreign value reads as the zero time and the field
// keeps its text.
func TestTimeAccessorsGiveZeroForWhatDoesNotParse(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "yesterday", "2025-06-01", "01/06/2025 12:00"} {
		lf := tenants.LangflowTenant{CreatedAt: raw, UpdatedAt: raw}
		info := tenants.ArgoTenantInfo{Created: raw, Updated: raw}
		st := tenants.ArgoEngineStatus{LastCheck: raw}
		for name, tm := range map[string]time.Time{
			"LangflowTenant.CreatedTime":     lf.CreatedTime(),
			"LangflowTenant.UpdatedTime":     lf.UpdatedTime(),
			"ArgoTenantInfo.CreatedTime":     info.CreatedTime(),
			"ArgoTenantInfo.UpdatedTime":     info.UpdatedTime(),
			"ArgoEngineStatus.LastCheckTime": st.LastCheckTime(),
		} {
			if !tm.IsZero() {
				t.Errorf("%s of %q = %v, want the zero time", name, raw, tm)
			}
		}
		if lf.CreatedAt != raw || info.Created != raw || st.LastCheck != raw {
			t.Errorf("the fields lost their text %q", raw)
		}
	}
}

// TestArgoTimesAreReadAsUTCWhateverTheirForm pins the zone decision for
// the zoneless ARGO form, and that last_check takes RFC 3339 with any
// offset as well as that form.
func TestArgoTimesAreReadAsUTCWhateverTheirForm(t *testing.T) {
	t.Parallel()
	info := tenants.ArgoTenantInfo{Created: "2025-01-02 03:04:05"}
	if got, want := info.CreatedTime(), time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("CreatedTime = %v, want %v", got, want)
	}
	for raw, want := range map[string]time.Time{
		"2018-08-10T12:32:45Z":      time.Date(2018, 8, 10, 12, 32, 45, 0, time.UTC),
		"2018-08-10T14:32:45+02:00": time.Date(2018, 8, 10, 12, 32, 45, 0, time.UTC),
		"2018-08-10 12:32:45":       time.Date(2018, 8, 10, 12, 32, 45, 0, time.UTC),
	} {
		if got := (tenants.ArgoEngineStatus{LastCheck: raw}).LastCheckTime(); !got.Equal(want) {
			t.Errorf("LastCheckTime of %q = %v, want %v", raw, got, want)
		}
	}
	// A caller whose server is not on UTC parses the text with the layout.
	athens, err := time.LoadLocation("Europe/Athens")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	local, err := time.ParseInLocation(tenants.ArgoTimeLayout, info.Created, athens)
	if err != nil || !local.Equal(time.Date(2025, 1, 2, 1, 4, 5, 0, time.UTC)) {
		t.Errorf("ParseInLocation(ArgoTimeLayout) = %v, %v", local, err)
	}
}
