package sdkerr_test

import (
	"errors"
	"io"
	"testing"

	"github.com/tenantkit/tenantkit/internal/sdkerr"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

func TestOpErrorsNameTheMethodOnceAndUnwrap(t *testing.T) {
	t.Parallel()
	cause := errors.New("tenantkit: getOrganizationRoles GET /v2/organizations/roles: 403 Forbidden")
	got := []string{
		sdkerr.Op("roles.Astra.ByName", io.EOF).Error(),
		sdkerr.Op("roles.Astra.ByName", cause).Error(),
		sdkerr.While("users.Astra.Invite", "resolving roles", cause).Error(),
	}
	want := []string{
		"tenantkit: roles.Astra.ByName: EOF",
		"tenantkit: roles.Astra.ByName: getOrganizationRoles GET /v2/organizations/roles: 403 Forbidden",
		"tenantkit: users.Astra.Invite: resolving roles: getOrganizationRoles GET /v2/organizations/roles: 403 Forbidden",
	}
	testkit.WantEqual(t, "messages", want, got)
	if !errors.Is(sdkerr.While("op", "what", io.EOF), io.EOF) {
		t.Error("errors.Is does not reach the cause")
	}
}
