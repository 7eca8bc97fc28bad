package contract_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/roles"
)

func TestRoleLifecycle(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		c := env.astra(t)
		r := roles.NewAstra(c)
		ctx := ctx(t)
		name := unique(t, "role")
		policy := roles.Allow([]roles.Action{roles.ActionOrgUserRead, roles.ActionOrgRoleRead}, roles.OrgResource(c.OrgID()))
		policy.Description = "tenantkit contract test"

		created, err := r.Create(ctx, roles.Definition{Name: name, Policy: policy})
		if err != nil {
			t.Fatal(err)
		}
		cleanup(t, "role "+name, func(ctx context.Context) error { return r.Delete(ctx, created.ID) })
		if created.ID == "" || created.Name != name {
			t.Fatalf("Create returned %+v", created)
		}
		if diff := cmp.Diff(policy, created.Policy); diff != "" {
			t.Errorf("created policy (-sent +stored):\n%s", diff)
		}

		got, err := r.Get(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(created, got); diff != "" {
			t.Errorf("Get differs from Create (-create +get):\n%s", diff)
		}
		byName, err := r.ByName(ctx, name)
		if err != nil || byName.ID != created.ID {
			t.Errorf("ByName(%q) = %s, %v; want %s", name, byName.ID, err, created.ID)
		}
		list, err := r.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(list, func(x roles.Role) bool { return x.ID == created.ID }) {
			t.Errorf("List does not hold the new role %s", created.ID)
		}
		ids, err := r.ResolveIDs(ctx, name, roles.ReadOnlyUser)
		if err != nil || len(ids) != 2 || ids[0] != created.ID {
			t.Errorf("ResolveIDs(%q, RO User) = %v, %v", name, ids, err)
		}

		// A taken name conflicts; nothing is created.
		if _, err := r.Create(ctx, roles.Definition{Name: name, Policy: policy}); !errors.Is(err, client.ErrConflict) {
			t.Errorf("creating a second %q: %v; want a conflict", name, err)
		}

		renamed := name + "-renamed"
		policy.Actions = []roles.Action{roles.ActionOrgUserRead}
		updated, err := r.Update(ctx, created.ID, roles.Definition{Name: renamed, Policy: policy})
		if err != nil {
			t.Fatal(err)
		}
		if updated.ID != created.ID || updated.Name != renamed || !slices.Equal(updated.Policy.Actions, policy.Actions) {
			t.Errorf("Update returned %+v", updated)
		}
		if got, err := r.Get(ctx, created.ID); err != nil || got.Name != renamed {
			t.Errorf("after Update, Get = %q, %v; want %q", got.Name, err, renamed)
		}

		if err := r.Delete(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Get(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get after Delete: %v; want not found", err)
		}
		if err := r.Delete(ctx, created.ID); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Delete twice: %v; want not found", err)
		}
	})
}

func TestBuiltinRolesAreListedByTheirNames(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		list, err := roles.NewAstra(env.astra(t)).List(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, r := range list {
			names[r.Name] = true
		}
		for _, want := range []string{roles.OrganizationAdministrator, roles.ReadOnlyUser, roles.ReadWriteUser, roles.DatabaseAdministrator} {
			if !names[want] {
				t.Errorf("no built-in role named %q", want)
			}
		}
	})
}

func TestInvalidRoleIsRefusedAndNothingIsCreated(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		c := env.astra(t)
		r := roles.NewAstra(c)
		ctx := ctx(t)
		name := unique(t, "role")
		cleanup(t, "role "+name, func(ctx context.Context) error {
			got, err := r.ByName(ctx, name)
			if err != nil {
				return err
			}
			return r.Delete(ctx, got.ID)
		})
		noActions := roles.Allow(nil, roles.OrgResource(c.OrgID()))
		if _, err := r.Create(ctx, roles.Definition{Name: name, Policy: noActions}); !errors.Is(err, client.ErrBadRequest) {
			t.Errorf("a role without actions: %v; want a bad request", err)
		}
		if _, err := r.ByName(ctx, name); !errors.Is(err, client.ErrNotFound) {
			t.Errorf("after the refusal, ByName: %v; want not found", err)
		}
	})
}

func TestUnknownRoleIsNotFound(t *testing.T) {
	t.Parallel()
	forEachEnvironment(t, func(t *testing.T, env environment) {
		_, err := roles.NewAstra(env.astra(t)).Get(ctx(t), "00000000-0000-4000-8000-00000000c0de")
		if !errors.Is(err, client.ErrNotFound) {
			t.Errorf("Get of an unknown role: %v; want not found", err)
		}
	})
}
