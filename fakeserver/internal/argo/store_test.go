package argo

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half"
	"github.com/tenantkit/tenantkit/fakeserver/internal/half/halftest"
	"github.com/tenantkit/tenantkit/fakeserver/internal/route"
)

// checkIndexes verifies the store's invariants: the list, the tenant,
// name, user and key indexes describe the same records, and every api key
// and user ID is held once.
func checkIndexes(t *testing.T, s *store) {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	seen, users, keys := 0, 0, 0
	var prev *tenant
	for tn := s.first; tn != nil; tn = tn.next {
		seen++
		if tn.prev != prev {
			t.Fatalf("tenant %s: broken back link", tn.id)
		}
		prev = tn
		if s.tenants[tn.id] != tn || s.names[tn.info.Name] != tn {
			t.Fatalf("tenant %s (%q) missing from the ID or name index", tn.id, tn.info.Name)
		}
		for _, u := range tn.users {
			users++
			if u.tenant != tn || s.users[u.id] != u || s.keys[u.apiKey] != u {
				t.Fatalf("user %s of tenant %s missing from the indexes", u.id, tn.id)
			}
		}
	}
	if s.last != prev {
		t.Fatal("last does not end the list")
	}
	for range s.keys {
		keys++
	}
	if seen != len(s.tenants) || seen != len(s.names) || users != len(s.users) || users != keys {
		t.Fatalf("counts: list %d, ids %d, names %d; users %d, user index %d, key index %d",
			seen, len(s.tenants), len(s.names), users, len(s.users), keys)
	}
}

func TestStoreIndexesStayConsistentUnderRandomWrites(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, "")
	r := rand.New(rand.NewPCG(5, 6))
	name := func() string { return fmt.Sprint("n", r.IntN(6)) }
	key := func() string {
		if r.IntN(5) == 0 {
			return ""
		}
		return fmt.Sprint("k", r.IntN(12))
	}
	usersJSON := func() string {
		if r.IntN(4) == 0 {
			return "null"
		}
		var us []string
		for range r.IntN(4) {
			us = append(us, fmt.Sprintf(`{"name":"u","api_key":%q,"roles":["admin_ui"]}`, key()))
		}
		return "[" + strings.Join(us, ",") + "]"
	}
	var tenantIDs, userIDs []string
	pick := func(ids []string) string {
		if len(ids) == 0 || r.IntN(8) == 0 {
			return "missing"
		}
		return ids[r.IntN(len(ids))]
	}
	statuses := map[int]int{}
	for i := range 3000 {
		var method, path, body string
		switch r.IntN(7) {
		case 0:
			method, path, body = "POST", "/tenants", fmt.Sprintf(`{"info":{"name":%q},"users":%s}`, name(), usersJSON())
		case 1:
			method, path, body = "PUT", "/tenants/"+pick(tenantIDs), fmt.Sprintf(`{"info":{"name":%q},"users":%s}`, name(), usersJSON())
		case 2:
			method, path = "DELETE", "/tenants/"+pick(tenantIDs)
		case 3:
			method, path, body = "POST", "/tenants/"+pick(tenantIDs)+"/users", `{"name":"new"}`
		case 4:
			method, path, body = "PUT", "/tenants/"+pick(tenantIDs)+"/users/"+pick(userIDs), fmt.Sprintf(`{"api_key":%q}`, key())
		case 5:
			method, path = "DELETE", "/tenants/"+pick(tenantIDs)+"/users/"+pick(userIDs)
		case 6:
			method, path = "POST", "/tenants/"+pick(tenantIDs)+"/users/"+pick(userIDs)+"/renew_api_key"
		}
		w := serve(a, method, path, body)
		statuses[w.Code]++
		if w.Code >= 500 {
			t.Fatalf("step %d: %s %s %s: %d %s", i, method, path, body, w.Code, w.Body)
		}
		checkIndexes(t, a.store)
		// Refresh the IDs to pick from.
		a.store.mu.RLock()
		tenantIDs, userIDs = tenantIDs[:0], userIDs[:0]
		for tn := a.store.first; tn != nil; tn = tn.next {
			tenantIDs = append(tenantIDs, tn.id)
			for _, u := range tn.users {
				userIDs = append(userIDs, u.id)
			}
		}
		a.store.mu.RUnlock()
	}
	for _, code := range []int{http.StatusOK, http.StatusCreated, http.StatusNotFound, http.StatusConflict} {
		if statuses[code] == 0 {
			t.Errorf("no step answered %d; the random walk does not cover it (%v)", code, statuses)
		}
	}
}

// Every ARGO operation of the registry has exactly one handler, and every
// handler is for an ARGO operation of the registry.
func TestEveryOperationHasOneHandler(t *testing.T) {
	t.Parallel()
	if _, err := route.Build(tenantkit.APIArgo, handlers()); err != nil {
		t.Error(err)
	}
}

func TestPrefixIsWhereEveryOperationLives(t *testing.T) {
	t.Parallel()
	if got := Prefix(); got != "/api/v2/admin" {
		t.Errorf("Prefix() = %q, want /api/v2/admin", got)
	}
}

// Snapshots taken while requests write restore into stores whose indexes
// agree with their lists: no write is half in a snapshot.
func TestSnapshotsTakenUnderWritesRestoreConsistentStores(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, `[{"id":"t","info":{"name":"load"}}]`)
	snaps := halftest.UnderWrites(func(w, i int) {
		name := "w" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
		serve(a, "POST", "/tenants/t/users", `{"name":"`+name+`"}`)
		serve(a, "POST", "/tenants", `{"info":{"name":"`+name+`"},"users":[{"name":"u"}]}`)
	}, func() half.State {
		s, release := a.Snapshot()
		release()
		return s
	})
	for _, s := range snaps {
		b := newTestAPI(t, "")
		b.Restore(s)()
		checkIndexes(t, b.store)
	}
}

// testKey is the super_admin key of newTestAPI's API.
const testKey = "test-super-admin"

// newTestAPI returns an ARGO API on its own, seeded, with the super_admin
// key testKey and the tenants of seed (a SeedArgoTenants array, or "").
func newTestAPI(t testing.TB, seed string) *API {
	t.Helper()
	a := New(halftest.Env(), DefaultConfig())
	if err := a.AddAdminKey(testKey, SuperAdmin); err != nil {
		t.Fatal(err)
	}
	if seed != "" {
		in, err := ParseSeed([]byte(seed))
		if err == nil {
			_, err = a.Seed(in)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// serve sends one request to a as the super admin; path is under the
// prefix.
func serve(a *API, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, Prefix()+path, strings.NewReader(body))
	req.Header.Set("X-Api-Key", testKey)
	req.Header.Set("Accept", "application/json")
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	return w
}
