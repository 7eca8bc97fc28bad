package opcheck_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// designatedCalls calls each designated method once, with arguments that
// make it succeed on a fake prepared by newEnv, by the method's name
// ("tenants.Argo.Get"). A method designated in the source needs an entry
// here, and an entry is only for a designated method.
var designatedCalls = map[string]func(context.Context, *env) error{
	"tenants.Argo.List": func(ctx context.Context, e *env) error { _, err := e.argoTenants.List(ctx); return err },
	"tenants.Argo.Create": func(ctx context.Context, e *env) error {
		_, err := e.argoTenants.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "opcheck-new"}})
		return err
	},
	"tenants.Argo.Get": func(ctx context.Context, e *env) error { _, err := e.argoTenants.Get(ctx, e.tenantID); return err },
	"tenants.Argo.Update": func(ctx context.Context, e *env) error {
		_, err := e.argoTenants.Update(ctx, e.tenantID, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "opcheck-renamed"}})
		return err
	},
	"tenants.Argo.Delete": func(ctx context.Context, e *env) error { return e.argoTenants.Delete(ctx, e.tenantID) },
	"tenants.Argo.Status": func(ctx context.Context, e *env) error { _, err := e.argoTenants.Status(ctx, e.tenantID); return err },
	"tenants.Argo.UpdateStatus": func(ctx context.Context, e *env) error {
		_, err := e.argoTenants.UpdateStatus(ctx, e.tenantID, tenants.ArgoEngineStatus{})
		return err
	},
	"tenants.Langflow.List": func(ctx context.Context, e *env) error { _, err := e.langflow.List(ctx); return err },
	"tenants.Langflow.Create": func(ctx context.Context, e *env) error {
		_, err := e.langflow.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
		return err
	},
	"tenants.Langflow.Get": func(ctx context.Context, e *env) error { _, err := e.langflow.Get(ctx, e.langflowID); return err },
	"tenants.Langflow.Reactivate": func(ctx context.Context, e *env) error {
		_, err := e.langflow.Reactivate(ctx, e.langflowID)
		return err
	},

	"users.Argo.List": func(ctx context.Context, e *env) error { _, err := e.argoUsers.List(ctx, e.tenantID); return err },
	"users.Argo.Create": func(ctx context.Context, e *env) error {
		_, err := e.argoUsers.Create(ctx, e.tenantID, users.ArgoUser{Name: "opcheck-new"})
		return err
	},
	"users.Argo.Get": func(ctx context.Context, e *env) error {
		_, err := e.argoUsers.Get(ctx, e.tenantID, e.argoUserID)
		return err
	},
	"users.Argo.Update": func(ctx context.Context, e *env) error {
		_, err := e.argoUsers.Update(ctx, e.tenantID, e.argoUserID, users.ArgoUser{Name: "opcheck-renamed"})
		return err
	},
	"users.Argo.Delete": func(ctx context.Context, e *env) error { return e.argoUsers.Delete(ctx, e.tenantID, e.argoUserID) },
	"users.Argo.RenewAPIKey": func(ctx context.Context, e *env) error {
		_, err := e.argoUsers.RenewAPIKey(ctx, e.tenantID, e.argoUserID)
		return err
	},
	"users.Argo.ByID":          func(ctx context.Context, e *env) error { _, err := e.argoUsers.ByID(ctx, e.argoUserID); return err },
	"users.Astra.Organization": func(ctx context.Context, e *env) error { _, err := e.users.Organization(ctx); return err },
	"users.Astra.List":         func(ctx context.Context, e *env) error { _, err := e.users.List(ctx); return err },
	"users.Astra.Invite": func(ctx context.Context, e *env) error {
		_, err := e.users.Invite(ctx, "opcheck-new@example.com", e.roleID)
		return err
	},
	"users.Astra.Get":      func(ctx context.Context, e *env) error { _, err := e.users.Get(ctx, e.userID); return err },
	"users.Astra.Remove":   func(ctx context.Context, e *env) error { return e.users.Remove(ctx, e.userID) },
	"users.Astra.SetRoles": func(ctx context.Context, e *env) error { return e.users.SetRoles(ctx, e.userID, e.roleID) },

	"roles.Astra.List": func(ctx context.Context, e *env) error { _, err := e.roles.List(ctx); return err },
	"roles.Astra.Create": func(ctx context.Context, e *env) error {
		_, err := e.roles.Create(ctx, roles.Definition{Name: "opcheck-new", Policy: e.policy})
		return err
	},
	"roles.Astra.Get": func(ctx context.Context, e *env) error { _, err := e.roles.Get(ctx, e.roleID); return err },
	"roles.Astra.Update": func(ctx context.Context, e *env) error {
		_, err := e.roles.Update(ctx, e.roleID, roles.Definition{Name: "opcheck-renamed", Policy: e.policy})
		return err
	},
	"roles.Astra.Delete": func(ctx context.Context, e *env) error { return e.roles.Delete(ctx, e.roleID) },
}

// env is a fake holding one of everything the designated methods address,
// with the SDK's services on it and a record of the operations the client
// labelled its attempts with.
type env struct {
	srv         *fakeserver.Server
	argoTenants *tenants.Argo
	langflow    *tenants.Langflow
	argoUsers   *users.Argo
	users       *users.Astra
	roles       *roles.Astra
	policy      roles.Policy

	tenantID, argoUserID, langflowID, userID, roleID string

	mu       sync.Mutex
	labelled []tenantkit.Operation
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := fakeserver.NewTest(t, sdktest.SpecChecked(t))
	e := &env{srv: srv}
	hook := client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
		e.mu.Lock()
		e.labelled = append(e.labelled, tenantkit.Operation(a.Operation))
		e.mu.Unlock()
	})
	astra, argo := sdktest.Clients(t, srv, sdktest.InProcess, client.WithMaxAttempts(1), hook)
	e.argoTenants, e.argoUsers = tenants.NewArgo(argo), users.NewArgo(argo)
	e.langflow, e.users, e.roles = tenants.NewLangflow(astra), users.NewAstra(astra), roles.NewAstra(astra)
	w := sdktest.MakeWorld(t, srv, astra, argo, "opcheck")
	e.policy = w.Policy
	e.roleID, e.userID, e.langflowID, e.tenantID, e.argoUserID = w.RoleID, w.UserID, w.LangflowID, w.TenantID, w.ArgoUserID
	e.mu.Lock()
	e.labelled = nil
	e.mu.Unlock()
	return e
}

// TestDesignatedMethodsSendTheirOperation calls every designated method on
// the fake and checks that the first request it sends is the operation it
// is designated for, twice over: as the fake routed it (the journal, which
// names the operation from the method and path that reached it) and as the
// client labelled it (the attempt hook, which errors and logs show).
func TestDesignatedMethodsSendTheirOperation(t *testing.T) {
	t.Parallel()
	byOp, _ := designations(t) // TestEveryOperationHasOneDesignatedMethod reports the rest
	opOf := map[string]tenantkit.Operation{}
	for op, ds := range byOp {
		for _, d := range ds {
			opOf[d.method] = op
		}
	}
	for method := range designatedCalls {
		if _, ok := opOf[method]; !ok {
			t.Errorf("designatedCalls has %s, which no %s directive designates: drop the entry, or mark the method", method, strings.TrimSpace(directive))
		}
	}
	for method, op := range opOf {
		call, ok := designatedCalls[method]
		if !ok {
			t.Errorf("%s is designated for %s but designatedCalls has no call of it: add one", method, op)
			continue
		}
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			if err := call(context.Background(), e); err != nil {
				t.Fatalf("%s: %v", method, err)
			}
			e.srv.Close() // waits for the handlers, so the journal is complete
			var sent []string
			for _, c := range e.srv.Journal().Calls() {
				if c.Event == "" {
					sent = append(sent, fmt.Sprintf("%s %s %s -> %d", c.Operation, c.Method, c.Path, c.Status))
				}
			}
			first := firstOf(e.srv.Journal().Calls())
			if first == nil || tenantkit.Operation(first.Operation) != op {
				t.Errorf("%s is designated for %s, but the fake saw it send first: %v", method, op, sent)
			} else if first.Status < 200 || first.Status > 299 {
				t.Errorf("%s: the fake answered %s with %d", method, op, first.Status)
			}
			e.mu.Lock()
			labelled := e.labelled
			e.mu.Unlock()
			if len(labelled) == 0 || labelled[0] != op {
				t.Errorf("%s is designated for %s, but the client labelled its attempts %v", method, op, labelled)
			}
		})
	}
}

// firstOf returns the first request of a journal, skipping server-side
// events.
func firstOf(calls []fakeserver.Call) *fakeserver.Call {
	for i := range calls {
		if calls[i].Event == "" {
			return &calls[i]
		}
	}
	return nil
}
