package sdktest

import (
	"net/http"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// WantAuthEnforced pins what every Astra service's calls owe to
// authorization, in two parallel subtests: every call of a client sending
// an unknown token is refused (wantUnknownTokenRefused), and every call of
// one whose token holds only role is refused its missing permission
// (wantPermissionsEnforced). calls builds the calls on a client.
func WantAuthEnforced(t *testing.T, role string, calls func(a Astra) []testkit.Call) {
	t.Helper()
	t.Run("unknown token", func(t *testing.T) {
		t.Parallel()
		wantUnknownTokenRefused(t, calls)
	})
	t.Run("without the permission", func(t *testing.T) {
		t.Parallel()
		wantPermissionsEnforced(t, role, calls)
	})
}

// wantUnknownTokenRefused makes each call of an Astra client sending
// UnknownAstraToken (calls builds them on the session) and fails the test
// unless every one is refused with 401 "Invalid token".
func wantUnknownTokenRefused(t *testing.T, calls func(a Astra) []testkit.Call) {
	t.Helper()
	bad := NewAstra(t, InProcess).WithToken(t, UnknownAstraToken)
	testkit.EachCall(t, calls(bad), func(t *testing.T, _ testkit.Call, err error) {
		WantAPIError(t, err, client.ErrUnauthorized, http.StatusUnauthorized, "Invalid token")
	})
}

// wantPermissionsEnforced makes each call of an Astra client whose token
// holds only role, which grants none of the calls' permissions, once with
// the fake refusing a missing permission with 403 and once with 401
// (fakeserver.WithPermissionDeniedStatus). A call that needs no permission
// must succeed; every other must be refused with that status and the
// message naming its Permission.
func wantPermissionsEnforced(t *testing.T, role string, calls func(a Astra) []testkit.Call) {
	t.Helper()
	for denied, kind := range map[int]client.Kind{http.StatusForbidden: client.ErrForbidden, http.StatusUnauthorized: client.ErrUnauthorized} {
		t.Run(http.StatusText(denied), func(t *testing.T) {
			t.Parallel()
			a := NewAstra(t, InProcess, fakeserver.WithPermissionDeniedStatus(denied))
			token, err := a.AddToken(a.Org, role)
			if err != nil {
				t.Fatal(err)
			}
			testkit.EachCall(t, calls(a.WithToken(t, token)), func(t *testing.T, c testkit.Call, err error) {
				if c.Permission == "" {
					if err != nil {
						t.Errorf("err = %v, want success for any valid token", err)
					}
					return
				}
				WantAPIError(t, err, kind, denied, Denied(c.Permission))
			})
		})
	}
}
