package tenants_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

func TestCreatedSinceKeepsTheTenantsOfThatPlaceAndTime(t *testing.T) {
	t.Parallel()
	env := newLangflowEnv(t, sdktest.InProcess)
	ctx := context.Background()
	create := func(provider, region string) string {
		t.Helper()
		tn, err := env.lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: provider, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(time.Minute)
		return tn.ID
	}
	early := create("aws", "us-west-2")
	mid := env.Clock.Now()
	late := create("aws", "us-west-2")
	create("gcp", "us-west-2")
	create("aws", "eu-west-1")

	want := tenants.LangflowCreateRequest{CloudProvider: "AWS", Region: "us-west-2"}
	for _, tc := range []struct {
		name  string
		since time.Time
		want  []string
	}{
		{"before both", sdktest.AstraEpoch(), []string{early, late}},
		{"at the second", mid, []string{late}},
		{"after both", env.Clock.Now(), []string{}},
	} {
		found, err := env.lf.CreatedSince(ctx, want, tc.since)
		if err != nil {
			t.Fatal(err)
		}
		ids := []string{}
		for _, tn := range found {
			ids = append(ids, tn.ID)
		}
		if diff := testkit.Diff(tc.want, ids); diff != "" {
			t.Errorf("%s: IDs (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestCreatedSinceKeepsTenantsWithoutAReadableTime: a tenant whose
// created_at cannot be read cannot be ruled out.
func TestCreatedSinceKeepsTenantsWithoutAReadableTime(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubList: {Status: 200, Body: `[
		{"id": "old", "org_id": "o", "cloud_provider": "aws", "region": "us-west-2", "status": "active", "created_at": "2020-01-01T00:00:00Z"},
		{"id": "odd", "org_id": "o", "cloud_provider": "aws", "region": "us-west-2", "status": "active", "created_at": "last week"},
		{"id": "none", "org_id": "o", "cloud_provider": "aws", "region": "us-west-2", "status": "active"}]`}})
	found, err := langflowStubService(t, stub).CreatedSince(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"},
		time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(found) != 2 || found[0].ID != "odd" || found[1].ID != "none" {
		t.Errorf("CreatedSince = %v, %v; want odd and none", found, err)
	}
}

func TestLangflowCreateWhoseOutcomeIsUnknownIsRecoveredWithCreatedSince(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newLangflowEnv(t, transport)
		ctx := context.Background()
		if err := env.AddFault(fakeserver.Fault{Operation: tenantkit.OpCreateLangflowTenant, Drop: fakeserver.DropAfterServing, Times: 1}); err != nil {
			t.Fatal(err)
		}
		req := tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"}
		start := env.Clock.Now()
		_, err := env.lf.Create(ctx, req)
		if !errors.Is(err, client.ErrOutcomeUnknown) {
			t.Fatalf("Create: err = %v; want ErrOutcomeUnknown", err)
		}
		found, err := env.lf.CreatedSince(ctx, req, start)
		if err != nil || len(found) != 1 {
			t.Fatalf("CreatedSince = %v, %v; want the one tenant created", found, err)
		}
		if n := len(env.Journal().CallsTo(tenantkit.OpCreateLangflowTenant)); n != 1 {
			t.Errorf("%d creates sent; want 1", n)
		}
	})
}

// TestCreateAnswerWithoutATenantIsAnUnknownOutcome: a 2xx answer that names
// no tenant leaves the caller where a dropped connection does.
func TestCreateAnswerWithoutATenantIsAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	stub := testkit.NewAstraStub(t, map[string]testkit.Reply{langflowStubCreate: {Status: 202, Body: `{"status":"created"}`}})
	_, err := langflowStubService(t, stub).Create(context.Background(), tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if !errors.Is(err, client.ErrOutcomeUnknown) {
		t.Errorf("err = %v; want it to match ErrOutcomeUnknown", err)
	}
}
