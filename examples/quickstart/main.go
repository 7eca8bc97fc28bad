// Command quickstart tours tenantkit's Astra services: it creates a role,
// invites a user with it (by role name), lists the organization's users,
// creates a Langflow tenant, waits until it is active, lists the tenants,
// and finally removes the invitation and the role again.
//
//	go run ./examples/quickstart
//
// With ASTRA_DB_APPLICATION_TOKEN and ASTRA_ORG_ID both set it talks to the
// real Astra DevOps API and changes that organization (it says what, and
// waits a few seconds first); otherwise it starts tenantkit's embedded fake
// server and needs nothing else.
//
// Optional settings: ASTRA_API_URL (another DevOps API base URL),
// QUICKSTART_INVITE_EMAIL (default ada@example.com),
// QUICKSTART_CLOUD_PROVIDER and QUICKSTART_REGION (default aws, us-west-2),
// QUICKSTART_PAUSE (the pause before changing a real organization, default
// 5s).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// settings is what the environment asks for.
type settings struct {
	token, orgID, baseURL string
	email                 string
	provider, region      string
	pause                 time.Duration
}

func readSettings(getenv func(string) string) (settings, error) {
	or := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	s := settings{
		token:    strings.TrimSpace(getenv("ASTRA_DB_APPLICATION_TOKEN")),
		orgID:    strings.TrimSpace(getenv("ASTRA_ORG_ID")),
		baseURL:  or("ASTRA_API_URL", client.DefaultBaseURL),
		email:    or("QUICKSTART_INVITE_EMAIL", "ada@example.com"),
		provider: or("QUICKSTART_CLOUD_PROVIDER", "aws"),
		region:   or("QUICKSTART_REGION", "us-west-2"),
	}
	pause, err := time.ParseDuration(or("QUICKSTART_PAUSE", "5s"))
	if err != nil {
		return settings{}, fmt.Errorf("QUICKSTART_PAUSE: %w", err)
	}
	s.pause = pause
	return s, nil
}

// run is the whole program, with its environment passed in so a test can
// run it.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	s, err := readSettings(getenv)
	if err != nil {
		return err
	}
	live := s.token != "" && s.orgID != ""
	var lfOpts []tenants.LangflowOption
	if !live {
		if s.token != "" {
			fmt.Fprintln(out, "ASTRA_DB_APPLICATION_TOKEN is set but ASTRA_ORG_ID is not, so this run uses the fake;")
			fmt.Fprintln(out, "set ASTRA_ORG_ID as well to run against your organization.")
		}
		// The fake's tenants provision in 300 ms; poll often to see it.
		srv, err := fakeserver.New(fakeserver.WithProvisioningDelay(300 * time.Millisecond))
		if err != nil {
			return err
		}
		defer srv.Close()
		cred := srv.Credentials()
		s.baseURL, s.token, s.orgID = srv.URL(), cred.AstraToken, cred.OrgID
		lfOpts = append(lfOpts, tenants.WithLangflowPollInterval(50*time.Millisecond, 100*time.Millisecond))
		fmt.Fprintf(out, "No ASTRA_DB_APPLICATION_TOKEN and ASTRA_ORG_ID: using tenantkit's embedded fake Astra API at %s\n", srv.URL())
	}

	c, err := client.New(
		client.WithBaseURL(s.baseURL),
		client.WithBearerToken(s.token),
		client.WithOrgID(s.orgID),
		client.WithUserAgent("tenantkit-quickstart"),
	)
	if err != nil {
		return err
	}
	t := tour{
		out:      out,
		roles:    roles.NewAstra(c),
		users:    users.NewAstra(c),
		langflow: tenants.NewLangflow(c, lfOpts...),
		s:        s,
		live:     live,
	}
	defer t.cleanUp(ctx)
	return t.run(ctx)
}

// tour holds the services and what the tour created, for the clean-up.
type tour struct {
	out      io.Writer
	roles    *roles.Astra
	users    *users.Astra
	langflow *tenants.Langflow
	s        settings
	live     bool // the real API, not the fake

	roleCreated *roles.Role
	userInvited *users.OrgUser
	tenantID    string
}

func (t *tour) printf(format string, args ...any) { fmt.Fprintf(t.out, format, args...) }

func (t *tour) run(ctx context.Context) error {
	org, err := t.users.Organization(ctx)
	if err != nil {
		return err
	}
	if org.ID != t.s.orgID {
		return fmt.Errorf("ASTRA_ORG_ID is %s, but the token belongs to organization %s", t.s.orgID, org.ID)
	}
	roleName := "tenantkit-quickstart"
	if t.live {
		// A unique name, so an earlier run's leftovers cannot conflict.
		roleName += time.Now().UTC().Format("-20060102-150405")
	}
	if t.live {
		t.printf("Using the Astra DevOps API at %s, organization %s (%s).\n", t.s.baseURL, org.Name, org.ID)
		t.printf("WARNING: this changes the organization. It creates the role %q, invites %s\n", roleName, t.s.email)
		t.printf("(an invitation email is sent) and creates a Langflow tenant in %s %s.\n", t.s.provider, t.s.region)
		t.printf("The invitation and the role are removed at the end. Langflow tenants cannot be deleted\n")
		t.printf("through the API: the tenant stays (delete it in the Astra UI).\n")
		if t.s.pause > 0 {
			t.printf("Starting in %s; press Ctrl-C to stop.\n", t.s.pause)
			if err := client.SystemClock().Sleep(ctx, t.s.pause); err != nil {
				return err
			}
		}
	}
	t.printf("Organization: %s (%s)\n\n", org.Name, org.ID)

	if err := t.createRole(ctx, roleName, org.ID); err != nil {
		return err
	}
	if err := t.inviteUser(ctx, roleName); err != nil {
		return err
	}
	if err := t.listUsers(ctx); err != nil {
		return err
	}
	if err := t.createTenant(ctx); err != nil {
		return err
	}
	return t.listTenants(ctx)
}

// createRole creates a custom role that may build Langflow IDEs and run
// flows in the organization.
func (t *tour) createRole(ctx context.Context, name, orgID string) error {
	policy := roles.Allow(
		[]roles.Action{roles.ActionLangflowIDEBuild, roles.ActionLangflowFlowRun},
		roles.OrgResource(orgID),
	)
	policy.Description = "created by the tenantkit quickstart"
	role, err := t.roles.Create(ctx, roles.Definition{Name: name, Policy: policy})
	if err != nil {
		return err
	}
	t.roleCreated = &role
	t.printf("Created role %q (%s)\n", role.Name, role.ID)
	t.printf("  allows %s on %s\n", join(role.Policy.Actions), strings.Join(role.Policy.Resources, ", "))
	return nil
}

// inviteUser invites the email with the new role, named by its name: the
// SDK resolves names to the IDs the API needs.
func (t *tour) inviteUser(ctx context.Context, roleName string) error {
	u, err := t.users.Invite(ctx, t.s.email, roleName)
	if err != nil {
		return err
	}
	t.userInvited = &u
	t.printf("Invited %s with role %q: status %s, user ID %s\n\n", u.Email, roleName, u.Status, u.UserID)
	return nil
}

func (t *tour) listUsers(ctx context.Context) error {
	const show = 20 // a real organization may have many
	t.printf("Users of the organization:\n")
	w := tabwriter.NewWriter(t.out, 0, 0, 2, ' ', 0)
	n := 0
	for u, err := range t.users.All(ctx) {
		if err != nil {
			return err
		}
		if n++; n > show {
			continue
		}
		var names []string
		for _, r := range u.Roles {
			names = append(names, r.Name)
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\n", u.Email, u.Status, strings.Join(names, ", "))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if n > show {
		t.printf("  … and %d more\n", n-show)
	}
	t.printf("\n")
	return nil
}

// createTenant creates a Langflow tenant and follows its status until it is
// active.
func (t *tour) createTenant(ctx context.Context) error {
	t.printf("Creating a Langflow tenant in %s %s...\n", t.s.provider, t.s.region)
	tn, err := t.langflow.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: t.s.provider, Region: t.s.region})
	if err != nil {
		return err
	}
	t.tenantID = tn.ID
	t.printf("  tenant %s\n", tn.ID)

	limit := 30 * time.Second
	if t.live {
		limit = 30 * time.Minute
	}
	wctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start := time.Now()
	var last tenants.LangflowTenant
	for cur, err := range t.langflow.Watch(wctx, tn.ID) {
		if err != nil {
			return err
		}
		if cur.Status != last.Status {
			t.printf("  %-13s after %s\n", cur.Status, time.Since(start).Round(10*time.Millisecond))
		}
		last = cur
	}
	if !last.Status.IsActive() {
		return fmt.Errorf("tenant %s is %q and cannot become active by waiting", tn.ID, last.Status)
	}
	t.printf("Tenant %s is active at %s\n\n", last.ID, last.URL)
	return nil
}

func (t *tour) listTenants(ctx context.Context) error {
	list, err := t.langflow.List(ctx)
	if err != nil {
		return err
	}
	t.printf("Langflow tenants of the organization (%d):\n", len(list))
	w := tabwriter.NewWriter(t.out, 0, 0, 2, ' ', 0)
	for _, tn := range list {
		fmt.Fprintf(w, "  %s\t%s %s\t%s\t%s\n", tn.ID, tn.CloudProvider, tn.Region, tn.Status, tn.URL)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	t.printf("\n")
	return nil
}

// cleanUp removes the invitation, then the role (a role still assigned to
// a user cannot be deleted). It runs even when the tour failed or was
// interrupted, with a context of its own.
func (t *tour) cleanUp(parent context.Context) {
	if t.userInvited == nil && t.roleCreated == nil && t.tenantID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), 30*time.Second)
	defer cancel()
	t.printf("Cleaning up:\n")
	if u := t.userInvited; u != nil {
		report(t.out, "removed the invitation of "+u.Email, t.users.Remove(ctx, u.UserID))
	}
	if r := t.roleCreated; r != nil {
		report(t.out, fmt.Sprintf("deleted the role %q", r.Name), t.roles.Delete(ctx, r.ID))
	}
	if t.tenantID != "" && t.live {
		t.printf("  the Langflow tenant %s stays: tenants cannot be deleted through the API\n", t.tenantID)
	}
}

func report(out io.Writer, done string, err error) {
	switch {
	case err == nil:
		fmt.Fprintf(out, "  %s\n", done)
	case errors.Is(err, client.ErrNotFound):
		fmt.Fprintf(out, "  %s (it was already gone)\n", done)
	default:
		fmt.Fprintf(out, "  FAILED: %v\n", err)
	}
}

func join(actions []roles.Action) string {
	s := make([]string, len(actions))
	for i, a := range actions {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}
