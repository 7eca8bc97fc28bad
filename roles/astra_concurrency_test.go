package roles_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/testkit"
	"github.com/tenantkit/tenantkit/internal/testkit/sdktest"
	"github.com/tenantkit/tenantkit/roles"
)

// Parallel creates through one client keep the store consistent: every
// distinct name is created once, and of many creates of one name exactly
// one wins while the others conflict.
func TestParallelCreatesKeepTheStoreConsistent(t *testing.T) {
	t.Parallel()
	sdktest.EachTransport(t, func(t *testing.T, transport sdktest.Transport) {
		env := newAstraEnv(t, transport)
		ctx := context.Background()
		policy := roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(env.Org))
		const distinct, contenders = 24, 16
		var (
			mu              sync.Mutex
			created         = []string{"contended"}
			wins, conflicts int
		)
		testkit.Concurrently(distinct+contenders, func(i int) {
			name := "contended"
			if i < distinct {
				name = fmt.Sprintf("role-%02d", i)
			}
			r, err := env.roles.Create(ctx, roles.Definition{Name: name, Policy: policy})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case i < distinct && err == nil:
				created = append(created, r.Name)
			case err == nil:
				wins++
			case i >= distinct && errors.Is(err, client.ErrConflict):
				conflicts++
			default:
				t.Error(err)
			}
		})
		if wins != 1 || conflicts != contenders-1 {
			t.Errorf("contended creates: %d won, %d conflicted; want 1 and %d", wins, conflicts, contenders-1)
		}

		list, err := env.roles.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids, custom []string
		for _, r := range list {
			ids = append(ids, r.ID)
			if !roles.IsBuiltin(r.Name) {
				custom = append(custom, r.Name)
			}
		}
		testkit.WantUnique(t, "role ID", ids)
		testkit.WantSameElements(t, "custom roles", created, custom)
	})
}
