package fakeserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Parallel user creates across tenants, mixed with reads, renewals and
// tenant replacements: every key stays unique and users:byID finds every
// user in its tenant.
func TestArgoParallelWritesKeepKeysUniqueAndIndexesConsistent(t *testing.T) {
	t.Parallel()
	const tenants, workers, perWorker = 6, 12, 20
	argoEachTarget(t, func(t *testing.T, e argoEnv) {
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
					r, err := e.try(argoReq{method: "POST", path: "/tenants/" + tid + "/users", key: argoAdmin, body: `{"name":"w","roles":["viewer"]}`})
					if err != nil || r.status != http.StatusCreated {
						errs <- fmt.Sprintf("create: %v %d %s", err, r.status, r.body)
						continue
					}
					var c argoCreated
					_ = json.Unmarshal([]byte(r.body), &c)
					switch i % 4 {
					case 0:
						r, err = e.try(argoReq{method: "POST", path: "/tenants/" + tid + "/users/" + c.Data.ID + "/renew_api_key", key: argoAdmin})
					case 1:
						r, err = e.try(argoReq{path: "/tenants", key: argoUI})
					case 2:
						r, err = e.try(argoReq{path: "/users:byID/" + c.Data.ID, key: argoRestricted})
					case 3:
						r, err = e.try(argoReq{method: "PUT", path: "/tenants/" + tid + "/status", key: argoAdmin, body: `{"engine_config":true}`})
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
				var flat argoWireUser
				r := e.do(t, argoReq{path: "/users:byID/" + u.ID + "?export=flat", key: argoAdmin})
				if err := json.Unmarshal([]byte(r.body), &flat); err != nil || !cmp.Equal(flat, u) {
					t.Errorf("users:byID/%s = %s, want %+v", u.ID, r.body, u)
				}
			}
		}
		if want := tenants + workers*perWorker; total != want {
			t.Errorf("%d users, want %d", total, want)
		}
	})
}
