package tenants_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/tenants"
)

// argoTenantCalls are every method of the tenants service of c, on tenant
// t1.
func argoTenantCalls(c *client.Client) []testkit.Call { return argoTenantCallsOn(c, "t1") }

// argoTenantCallsOn are every method of the tenants service of c, on
// tenant id where they address one.
func argoTenantCallsOn(c *client.Client, id string) []testkit.Call {
	s := tenants.NewArgo(c)
	return []testkit.Call{
		{Name: "List", Do: func(ctx context.Context) error { _, err := s.List(ctx); return err }},
		{Name: "All", Do: func(ctx context.Context) error { return testkit.FirstErr(s.All(ctx)) }},
		{Name: "Get", Do: func(ctx context.Context) error { _, err := s.Get(ctx, id); return err }},
		{Name: "Create", Do: func(ctx context.Context) error { _, err := s.Create(ctx, tenants.ArgoTenant{}); return err }},
		{Name: "Update", Do: func(ctx context.Context) error { _, err := s.Update(ctx, id, tenants.ArgoTenant{}); return err }},
		{Name: "Modify", Do: func(ctx context.Context) error {
			_, err := s.Modify(ctx, id, func(*tenants.ArgoTenant) error { return nil })
			return err
		}},
		{Name: "Delete", Do: func(ctx context.Context) error { return s.Delete(ctx, id) }},
		{Name: "Status", Do: func(ctx context.Context) error { _, err := s.Status(ctx, id); return err }},
		{Name: "UpdateStatus", Do: func(ctx context.Context) error {
			_, err := s.UpdateStatus(ctx, id, tenants.ArgoEngineStatus{})
			return err
		}},
	}
}

// TestArgoOnANilClientReturnsErrors: every method reports the missing
// client instead of panicking.
func TestArgoOnANilClientReturnsErrors(t *testing.T) {
	t.Parallel()
	sdktest.WantNilClientRefused(t, argoTenantCalls)
}

// TestArgoOddSuccessBodiesAreErrorsNotPanics: 200 bodies no ARGO server
// sends for these calls make the reads and writes fail, except a create
// answered with ID t2, and a status read that ignores the users a
// tenant-shaped body carries. Lists and deletes may succeed on some of
// them; nothing may panic.
func TestArgoOddSuccessBodiesAreErrorsNotPanics(t *testing.T) {
	t.Parallel()
	bodies := []string{
		``, `null`, `[]`, `"x"`, `5`, `true`, `{}`, `{"data":"x"}`, `{"data":5}`, `{"data":[1]}`,
		`{"data":{"id":5}}`, `{"data":[{"id":5}]}`, `{"data":[null]}`, `{"data":[{}]}`, `{"data":{}}`,
		`{"data":[{"id":"t2"}]}`, `{`, `{"data":[`, `{"data":[{"id":"t1"`, `<root><status/></root>`,
		`{"data":{"links":{"self":7}}}`, `{"data":[{"id":"t1","users":[{"roles":"admin"}]}]}`,
	}
	sdktest.WantOddAnswersRefused(t, bodies, argoTenantCalls, func(call, body string) bool {
		switch {
		case call == "List" || call == "All" || call == "Delete":
			return true
		case body == `{"data":[{"id":"t2"}]}`:
			return call == "Create"
		case body == `{"data":[{"id":"t1","users":[{"roles":"admin"}]}]}`:
			return call == "Create" || call == "Status" || call == "UpdateStatus"
		}
		return false
	})
}

func TestArgoUnaddressableTenantIDsAreRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	sdktest.WantRefusedBeforeSending(t, "tenantkit: argo", func(c *client.Client) []testkit.Call {
		var calls []testkit.Call
		for _, id := range []string{"", ".", "..", "x/../t1", "t1/"} {
			for _, call := range argoTenantCallsOn(c, id) {
				if call.Name != "List" && call.Name != "All" && call.Name != "Create" { // they address no tenant
					call.Name = fmt.Sprintf("%s(%q)", call.Name, id)
					calls = append(calls, call)
				}
			}
		}
		return calls
	})
}
