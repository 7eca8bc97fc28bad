package roles_test

import (
	"context"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// TestLastUpdateTimeReadsWhenTheRoleWasWritten creates and then updates a
// role on a fake whose clock is known, and reads LastUpdateDateTime back as
// those instants.
func TestLastUpdateTimeReadsWhenTheRoleWasWritten(t *testing.T) {
	t.Parallel()
	env := newAstraEnv(t, sdktest.InProcess)
	ctx := context.Background()
	def := roles.Definition{Name: "auditors", Policy: roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(env.Org))}
	r, err := env.roles.Create(ctx, def)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.LastUpdateTime(); !got.Equal(sdktest.AstraEpoch()) || got.Location() != time.UTC {
		t.Errorf("after Create: LastUpdateTime = %v (%q), want %v", got, r.LastUpdateDateTime, sdktest.AstraEpoch())
	}
	env.Clock.Advance(90 * time.Minute)
	def.Policy.Description = "read the audit log"
	if r, err = env.roles.Update(ctx, r.ID, def); err != nil {
		t.Fatal(err)
	}
	if got, want := r.LastUpdateTime(), sdktest.AstraEpoch().Add(90*time.Minute); !got.Equal(want) {
		t.Errorf("after Update: LastUpdateTime = %v (%q), want %v", got, r.LastUpdateDateTime, want)
	}
}

func TestLastUpdateTimeIsZeroForEmptyOrForeignText(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "2021-04-01", "1617235200", "not a time"} {
		r := roles.Role{LastUpdateDateTime: raw}
		if got := r.LastUpdateTime(); !got.IsZero() {
			t.Errorf("LastUpdateTime of %q = %v, want the zero time", raw, got)
		}
		if r.LastUpdateDateTime != raw {
			t.Errorf("the field lost its text %q", raw)
		}
	}
}
