// Command argo-tenants walks through the ARGO half of tenantkit: it creates
// a tenant with users, adds one more, updates the tenant's argo-engine
// status, renews a user's API key, shows what each admin key flavour sees
// of the tenant, and deletes it again. API keys are printed masked, never
// in full.
//
// By default it runs against tenantkit's embedded fake server, which has an
// admin key of each flavour:
//
//	go run ./examples/argo-tenants
//
// Against a real ARGO Web API it needs a super_admin key, and shows only
// that key's view:
//
//	ARGO_API_URL=https://api.argo.example.org ARGO_API_KEY=... go run ./examples/argo-tenants
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := config{url: os.Getenv("ARGO_API_URL"), key: os.Getenv("ARGO_API_KEY")}
	if err := run(ctx, os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "argo-tenants:", err)
		os.Exit(1)
	}
}

// config says which server to talk to.
type config struct {
	// url and key name a real server and its super_admin key; both empty
	// means the embedded fake.
	url, key string
	// clock drives the SDK, the fake and the status's last_check (default:
	// the wall clock).
	clock client.Clock
	// fake holds further options for the embedded fake.
	fake []fakeserver.Option
}

// view is an admin key whose view of the tenant is shown.
type view struct {
	name string
	key  string
}

func run(ctx context.Context, out io.Writer, cfg config) error {
	if cfg.clock == nil {
		cfg.clock = client.SystemClock()
	}
	var (
		base  string
		views []view
		name  = "tenantkit-example"
	)
	switch {
	case cfg.url == "" && cfg.key == "":
		srv, err := fakeserver.New(append([]fakeserver.Option{fakeserver.WithClock(cfg.clock)}, cfg.fake...)...)
		if err != nil {
			return err
		}
		defer srv.Close()
		creds := srv.Credentials()
		base = srv.URL()
		views = []view{
			{"super_admin", creds.ArgoAdminKey},
			{"super_admin_restricted", creds.ArgoRestrictedAdminKey},
			{"super_admin_ui", creds.ArgoUIAdminKey},
		}
		fmt.Fprintln(out, "server: embedded fake ARGO Web API")
	case cfg.url == "" || cfg.key == "":
		return errors.New("set both ARGO_API_URL and ARGO_API_KEY, or neither to use the embedded fake")
	default:
		base = cfg.url
		views = []view{{"this key", cfg.key}}
		// A real server may hold tenants from earlier runs: names are unique.
		name += "-" + cfg.clock.Now().UTC().Format("20060102T150405")
		fmt.Fprintln(out, "server:", cfg.url)
	}
	newClient := func(key string) (*client.Client, error) {
		return client.New(
			client.WithBaseURL(base),
			client.WithArgoAPIKey(key),
			client.WithClock(cfg.clock),
			client.WithUserAgent("argo-tenants-example"),
		)
	}
	c, err := newClient(views[0].key)
	if err != nil {
		return err
	}
	argo, argoUsers := tenants.NewArgo(c), users.NewArgo(c)

	// A tenant with two users. The server generates their API keys.
	created, err := argo.Create(ctx, tenants.ArgoTenant{
		Info: tenants.ArgoTenantInfo{
			Name:        name,
			Email:       "ops@example.org",
			Description: "created by tenantkit's argo-tenants example",
		},
		DBConf: []tenants.ArgoDBConf{{
			Store: "ar", Server: "mongodb.example.org", Port: 27017,
			Database: "example_ar", Username: "argo", Password: "not-a-real-password",
		}},
		Topology: tenants.ArgoTopology{Type: "GOCDB", Feed: "gocdb.example.org"},
		Users: []users.ArgoUser{
			{Name: "alice", Email: "alice@example.org", Roles: []string{"admin"}},
			{Name: "bob", Email: "bob@example.org", Roles: []string{"admin_ui"}},
		},
	})
	if err != nil {
		return fmt.Errorf("creating the tenant: %w", err)
	}
	fmt.Fprintf(out, "created tenant %q (%s)\n", name, created.ID)
	defer func() {
		// Clean up even when the walk-through failed or was interrupted.
		err := argo.Delete(context.WithoutCancel(ctx), created.ID)
		if err != nil {
			fmt.Fprintln(out, "deleting the tenant failed:", err)
			return
		}
		fmt.Fprintf(out, "deleted tenant %q\n", name)
	}()

	// Create does not return the generated keys: read the tenant.
	t, err := argo.Get(ctx, created.ID)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "users:")
	for _, u := range t.Users {
		fmt.Fprintf(out, "  %-6s %-11s key %s\n", u.Name, fmt.Sprint(u.Roles), users.MaskArgoAPIKey(u.APIKey))
	}

	// users.Argo.Create reads the new user back, so it has the key.
	carol, err := argoUsers.Create(ctx, created.ID, users.ArgoUser{Name: "carol", Email: "carol@example.org", Roles: []string{"viewer"}})
	if err != nil {
		return fmt.Errorf("adding a user: %w", err)
	}
	fmt.Fprintf(out, "added user %s %v, key %s\n", carol.Name, carol.Roles, users.MaskArgoAPIKey(carol.APIKey))

	// The engine reports every check passed.
	st, err := argo.UpdateStatus(ctx, created.ID, tenants.ArgoHealthyStatus(cfg.clock.Now(), "Critical"))
	if err != nil {
		return fmt.Errorf("updating the engine status: %w", err)
	}
	fmt.Fprintf(out, "engine status: total_status=%t, last_check %s\n", st.Status.TotalStatus, st.Status.LastCheck)

	alice := t.Users[0]
	key, err := argoUsers.RenewAPIKey(ctx, created.ID, alice.ID)
	if err != nil {
		return fmt.Errorf("renewing a key: %w", err)
	}
	fmt.Fprintf(out, "renewed %s's key: %s -> %s\n", alice.Name, users.MaskArgoAPIKey(alice.APIKey), users.MaskArgoAPIKey(key))

	// The server rewrites the whole tenant on every user write, dropping
	// the status until the engine reports again.
	st, err = argo.Status(ctx, created.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "engine status after the renewal: total_status=%t (user writes wipe it)\n", st.Status.TotalStatus)

	fmt.Fprintln(out, "what each admin key sees of the tenant in GET /tenants:")
	for _, v := range views {
		vc, err := newClient(v.key)
		if err != nil {
			return err
		}
		line, err := describeView(ctx, tenants.NewArgo(vc), created.ID)
		if err != nil {
			return fmt.Errorf("listing tenants as %s: %w", v.name, err)
		}
		fmt.Fprintf(out, "  %-23s %s\n", v.name+":", line)
	}
	return nil
}

// describeView says what a key's tenant list shows of tenant id. A nil
// db_conf or users means the response left the key out: the tenant has
// none, or the key's view hides them.
func describeView(ctx context.Context, argo *tenants.Argo, id string) (string, error) {
	for t, err := range argo.All(ctx) {
		if err != nil {
			return "", err
		}
		if t.ID != id {
			continue
		}
		db := "not shown"
		switch n := len(t.DBConf); {
		case t.DBConf == nil:
		case n == 1:
			db = "1 database"
		default:
			db = fmt.Sprintf("%d databases", n)
		}
		us := "not shown"
		if t.Users != nil {
			names := make([]string, len(t.Users))
			for i, u := range t.Users {
				names[i] = u.Name
			}
			slices.Sort(names)
			us = strings.Join(names, ", ")
		}
		return "db_conf " + db + "; users " + us, nil
	}
	return "tenant not listed", nil
}
