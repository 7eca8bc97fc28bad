package tenants_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// rotateTenant seeds a tenant with three users and a healthy engine
// status, and forgets the journal.
func rotateTenant(t *testing.T, e argoEnv) (tenants.ArgoEngineStatus, []users.ArgoUser) {
	t.Helper()
	e.Seed(t, `[{"id": "t1", "info": {"name": "acme"}, "users": [
		{"id": "u1", "name": "ada", "api_key": "old-key-1", "roles": ["admin"]},
		{"id": "u2", "name": "bob", "api_key": "old-key-2"},
		{"id": "u3", "name": "cy", "api_key": "old-key-3", "roles": ["viewer"]}]}]`)
	ctx := context.Background()
	st, err := e.admin.UpdateStatus(ctx, "t1", tenants.ArgoHealthyStatus(sdktest.ArgoEpoch(), "Critical"))
	if err != nil || !st.Status.TotalStatus {
		t.Fatalf("UpdateStatus = %+v, %v; want a healthy status", st, err)
	}
	before, err := e.users.List(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	e.Journal().Reset()
	return st.Status, before
}

// journalOps lists "METHOD operationId" of the fake's journal, and forgets
// it.
func journalOps(e argoEnv) []string {
	var out []string
	for _, c := range e.Journal().Calls() {
		out = append(out, c.Method+" "+string(c.Operation))
	}
	e.Journal().Reset()
	return out
}

func TestRotateKeysRenewsEveryKeyAndSaysItWipedTheStatus(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, tr sdktest.Transport) {
		e := newArgoEnv(t, tr)
		_, before := rotateTenant(t, e)
		ctx := context.Background()

		res, err := e.admin.RotateKeys(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		wantOps := []string{"GET argoListTenantUsers", "POST argoRenewTenantUserAPIKey", "POST argoRenewTenantUserAPIKey", "POST argoRenewTenantUserAPIKey"}
		testkit.WantEqual(t, "requests", wantOps, journalOps(e))
		after, err := e.users.List(ctx, "t1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := testkit.Diff(after, res.Rotated); diff != "" {
			t.Errorf("Rotated differs from the users as stored (-stored +rotated):\n%s", diff)
		}
		for i, u := range res.Rotated {
			if u.ID != before[i].ID || u.APIKey == before[i].APIKey || !sdktest.ArgoKey.MatchString(u.APIKey) {
				t.Errorf("user %d: %s key %s; want %s with a new 64-hex key", i, u.ID, users.MaskArgoAPIKey(u.APIKey), before[i].ID)
			}
		}
		if !res.StatusWiped || res.StatusRestored || res.StatusBefore != nil || res.NotRotated != nil {
			t.Errorf("result: wiped %v, restored %v, before %v, not rotated %v; want wiped only", res.StatusWiped, res.StatusRestored, res.StatusBefore, res.NotRotated)
		}
		st, err := e.admin.Status(ctx, "t1")
		if err != nil || st.Status.TotalStatus || st.Status.LastCheck != "" {
			t.Errorf("status after rotation = %+v, %v; want it wiped, as StatusWiped says", st.Status, err)
		}
	})
}

func TestRotateKeysRestoresTheStatusWhenAsked(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	status, _ := rotateTenant(t, e)
	ctx := context.Background()

	res, err := e.admin.RotateKeys(ctx, "t1", tenants.RotateUsers("u3", "u1", "u3"), tenants.RestoreStatus())
	if err != nil {
		t.Fatal(err)
	}
	wantOps := []string{"GET argoListTenantUsers", "GET argoGetTenantStatus", "POST argoRenewTenantUserAPIKey", "POST argoRenewTenantUserAPIKey", "PUT argoUpdateTenantStatus"}
	testkit.WantEqual(t, "requests", wantOps, journalOps(e))
	var ids []string
	for _, u := range res.Rotated {
		ids = append(ids, u.ID)
	}
	testkit.WantEqual(t, "rotated users, in the tenant's order", []string{"u1", "u3"}, ids)
	if !res.StatusWiped || !res.StatusRestored || res.StatusBefore == nil {
		t.Fatalf("result: wiped %v, restored %v, before %v; want all three", res.StatusWiped, res.StatusRestored, res.StatusBefore)
	}
	if diff := testkit.Diff(status, *res.StatusBefore); diff != "" {
		t.Errorf("StatusBefore (-set +read):\n%s", diff)
	}
	st, err := e.admin.Status(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := testkit.Diff(status, st.Status); diff != "" {
		t.Errorf("status after a restoring rotation (-before +after):\n%s", diff)
	}
	bob, err := e.users.Get(ctx, "t1", "u2")
	if err != nil || bob.APIKey != "old-key-2" {
		t.Errorf("bob, not chosen: key %s, %v; want the old one", users.MaskArgoAPIKey(bob.APIKey), err)
	}
}

// TestRotateKeysReportsWhoWasRotatedWhenOneFails fails the second renewal:
// the first user's new key is returned (it is in force), the others are
// listed as not rotated with their old keys working, and the status is
// still put back.
func TestRotateKeysReportsWhoWasRotatedWhenOneFails(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	status, _ := rotateTenant(t, e)
	ctx := context.Background()
	if err := e.AddFault(fakeserver.Fault{Operation: "argoRenewTenantUserAPIKey", After: 1, Times: 1, Status: 403}); err != nil {
		t.Fatal(err)
	}
	res, rotateErr := e.admin.RotateKeys(ctx, "t1", tenants.RestoreStatus())
	if !errors.Is(rotateErr, client.ErrForbidden) || !strings.Contains(rotateErr.Error(), "tenantkit: tenants.Argo.RotateKeys: rotated 1 of 3 keys, then user u2 failed: ") {
		t.Fatalf("RotateKeys = %v; want the 403 of the second renewal, saying how far it got", rotateErr)
	}
	if len(res.Rotated) != 1 || res.Rotated[0].ID != "u1" || !sdktest.ArgoKey.MatchString(res.Rotated[0].APIKey) {
		t.Errorf("Rotated = %v; want u1 with its new key", res.Rotated)
	}
	testkit.WantEqual(t, "NotRotated", []string{"u2", "u3"}, res.NotRotated)
	stored, err := e.users.Get(ctx, "t1", "u1")
	if err != nil || stored.APIKey != res.Rotated[0].APIKey {
		t.Errorf("u1's stored key is not the one returned (%v)", err)
	}
	if !res.StatusWiped || !res.StatusRestored {
		t.Errorf("wiped %v, restored %v; want both", res.StatusWiped, res.StatusRestored)
	}
	st, err := e.admin.Status(ctx, "t1")
	if err != nil || !testkit.Equal(status, st.Status) {
		t.Errorf("status after the failed rotation: %v; want it restored", err)
	}
	if strings.Contains(rotateErr.Error(), res.Rotated[0].APIKey) || strings.Contains(fmt.Sprint(res), res.Rotated[0].APIKey) || strings.Contains(fmt.Sprintf("%+v %#v", res, res), res.Rotated[0].APIKey) {
		t.Error("a new key appears in the error or in the printed result")
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("rotated", "rotation", res)
	if strings.Contains(logged.String(), res.Rotated[0].APIKey) || !strings.Contains(logged.String(), users.MaskArgoAPIKey(res.Rotated[0].APIKey)) {
		t.Errorf("the logged rotation does not mask the new key: %s", logged.String())
	}
}

func TestRotateKeysRefusesUnknownUsersBeforeRotatingAny(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	rotateTenant(t, e)
	res, err := e.admin.RotateKeys(context.Background(), "t1", tenants.RotateUsers("u1", "nobody"))
	if !errors.Is(err, client.ErrNotFound) || err.Error() != `tenantkit: tenants.Argo.RotateKeys: tenant t1: no user with ID "nobody" in it, nothing rotated: not found` {
		t.Errorf("err = %v", err)
	}
	if len(res.Rotated) != 0 || res.StatusWiped {
		t.Errorf("result %+v; want nothing rotated", res)
	}
	testkit.WantEqual(t, "requests", []string{"GET argoListTenantUsers"}, journalOps(e))
}

func TestRotateKeysOfAnUnknownTenantIsNotFound(t *testing.T) {
	t.Parallel()
	e := newArgoEnv(t, sdktest.InProcess)
	_, err := e.admin.RotateKeys(context.Background(), "nope", tenants.RestoreStatus())
	if !errors.Is(err, client.ErrNotFound) {
		t.Errorf("err = %v; want not found", err)
	}
	if _, err := e.admin.RotateKeys(context.Background(), "a/b"); err == nil || len(e.Journal().Calls()) != 1 {
		t.Errorf("an ID that cannot address a tenant: err %v after %d requests; want an error before sending", err, len(e.Journal().Calls()))
	}
}
