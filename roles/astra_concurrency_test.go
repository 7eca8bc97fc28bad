package roles_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
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
	for _, transport := range sdktest.Transports() {
		t.Run(string(transport), func(t *testing.T) {
			t.Parallel()
			env := newAstraEnv(t, transport)
			ctx := context.Background()
			policy := roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(env.Org))
			const distinct, contenders = 24, 16
			var (
				wg        sync.WaitGroup
				mu        sync.Mutex
				created   []string
				wins      int
				conflicts int
			)
			for i := range distinct {
				wg.Go(func() {
					r, err := env.roles.Create(ctx, roles.Definition{Name: fmt.Sprintf("role-%02d", i), Policy: policy})
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					created = append(created, r.Name)
					mu.Unlock()
				})
			}
			for range contenders {
				wg.Go(func() {
					_, err := env.roles.Create(ctx, roles.Definition{Name: "contended", Policy: policy})
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						wins++
					case errors.Is(err, client.ErrConflict):
						conflicts++
					default:
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if wins != 1 || conflicts != contenders-1 {
				t.Errorf("contended creates: %d won, %d conflicted; want 1 and %d", wins, conflicts, contenders-1)
			}

			list, err := env.roles.List(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var custom []string
			ids := map[string]bool{}
			for _, r := range list {
				if ids[r.ID] {
					t.Errorf("duplicate ID %s", r.ID)
				}
				ids[r.ID] = true
				if !roles.IsBuiltin(r.Name) {
					custom = append(custom, r.Name)
				}
			}
			want := append(created, "contended")
			sort.Strings(want)
			sort.Strings(custom)
			if diff := testkit.Diff(want, custom); diff != "" {
				t.Errorf("custom roles (-want +got):\n%s", diff)
			}
		})
	}
}
