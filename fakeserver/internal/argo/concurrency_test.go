package argo_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/tenantkit/tenantkit/internal/testkit"
)

// Parallel user creates across tenants, mixed with reads, renewals and
// tenant replacements: every key stays unique and users:byID finds every
// user in its tenant.
func TestArgoParallelWritesKeepKeysUniqueAndIndexesConsistent(t *testing.T) {
	t.Parallel()
	const tenants, workers, perWorker = 6, 12, 20
	eachTarget(t, func(t *testing.T, e env) {
		ids := make([]string, tenants)
		for i := range ids {
			ids[i] = e.createTenant(t, fmt.Sprintf(`{"info":{"name":"t%d"},"users":[{"name":"seed","api_key":"seed-%d"}]}`, i, i))
		}
		var wg sync.WaitGroup
		errs := make(chan string, workers*perWorker)
		for w := range workers {
			wg.Go(func() {
				for i := range perWorker {
					tid := ids[(w+i)%tenants]
					r, err := e.try(request{method: "POST", path: "/tenants/" + tid + "/users", key: adminKey, body: `{"name":"w","roles":["viewer"]}`})
					if err != nil || r.status != http.StatusCreated {
						errs <- fmt.Sprintf("create: %v %d %s", err, r.status, r.body)
						continue
					}
					var c createdBody
					_ = json.Unmarshal([]byte(r.body), &c)
					switch i % 4 {
					case 0:
						r, err = e.try(request{method: "POST", path: "/tenants/" + tid + "/users/" + c.Data.ID + "/renew_api_key", key: adminKey})
					case 1:
						r, err = e.try(request{path: "/tenants", key: uiKey})
					case 2:
						r, err = e.try(request{path: "/users:byID/" + c.Data.ID, key: restrictedKey})
					case 3:
						r, err = e.try(request{method: "PUT", path: "/tenants/" + tid + "/status", key: adminKey, body: `{"engine_config":true}`})
					}
					if err != nil || r.status != http.StatusOK {
						errs <- fmt.Sprintf("step %d: %v %d %s", i%4, err, r.status, r.body)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for msg := range errs {
			t.Error(msg)
		}
		keys := map[string]string{}
		total := 0
		for _, tid := range ids {
			for _, u := range e.getTenant(t, tid).Users {
				total++
				if prev, dup := keys[u.APIKey]; dup {
					t.Errorf("key %s held by %s and %s", u.APIKey, prev, u.ID)
				}
				keys[u.APIKey] = u.ID
				var flat wireUser
				r := e.do(t, request{path: "/users:byID/" + u.ID + "?export=flat", key: adminKey})
				if err := json.Unmarshal([]byte(r.body), &flat); err != nil || !testkit.Equal(flat, u) {
					t.Errorf("users:byID/%s = %s, want %+v", u.ID, r.body, u)
				}
			}
		}
		if want := tenants + workers*perWorker; total != want {
			t.Errorf("%d users, want %d", total, want)
		}
	})
}
