package reliability_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// Secrets in their real shapes: an Astra application token, ARGO keys of
// 64 hex digits, database passwords.
const (
	hygieneArgoKey     = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	hygieneWrongToken  = "AstraCS:QzRwXyTuVbNmKlJhGfDsAqWe:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce"
	hygieneWrongKey    = "4b227777d4dd1fc61c6f884f48641d02b4d121d3fd328cb08b5531fcacdabf8a"
	hygienePassword    = "Zq8#vR2!mW5$tY7^pL0&"
	hygienePassword2   = "k3Y-f0r-Th3-M0ng0-r3pl1c4-s3t"
	hygieneChosenKey   = "ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d"
	hygieneSourceError = "token service unavailable for "
)

// TestNoSecretInLogsErrorsOrJournal runs the whole SDK surface against the
// fake — every service method, on success and on failure (401, 403, 404,
// 409, 400, the client's own refusals), through retries and dropped
// connections — with a debug logger, an attempt hook and a token source,
// and collects every log record (as JSON and as text), every attempt, every
// error (as %v, %+v and %#v) and every value returned (as %v, %+v and through
// slog). Not one may hold an Astra token, an ARGO admin key, a tenant user's
// API key or a database password, not even a 12-character piece of one.
// The fake's journal must hold none either, in headers or bodies.
func TestNoSecretInLogsErrorsOrJournal(t *testing.T) {
	t.Parallel()
	h := newHygiene(t)
	h.exercise(context.Background())

	secrets := h.secrets()
	if len(secrets) < 10 {
		t.Fatalf("only %d secrets collected; the surface was not exercised", len(secrets))
	}
	texts := h.texts()
	if len(texts) < 200 {
		t.Fatalf("only %d texts collected; the surface was not exercised", len(texts))
	}
	for _, text := range texts {
		if leak := findSecret(text.value, secrets); leak != "" {
			t.Errorf("%s holds %s", text.where, leak)
		}
	}
	calls := h.srv.Journal().Calls()
	for _, c := range calls {
		where := "journal: " + c.String()
		for k, vs := range c.Header {
			for _, v := range vs {
				h.checkJournal(t, secrets, where+" request header "+k, v)
			}
		}
		for k, vs := range c.ResponseHeader {
			for _, v := range vs {
				h.checkJournal(t, secrets, where+" response header "+k, v)
			}
		}
		h.checkJournal(t, secrets, where+" request body", string(c.Body))
		h.checkJournal(t, secrets, where+" response body", string(c.ResponseBody))
		h.checkJournal(t, secrets, where+" query", c.Query.Encode())
	}
	t.Logf("checked %d secrets against %d log records, attempts, errors and values and %d journal entries", len(secrets), len(texts), len(calls))
}

func (h *hygiene) checkJournal(t *testing.T, secrets map[string]string, where, value string) {
	t.Helper()
	if leak := findSecret(value, secrets); leak != "" {
		t.Errorf("%s holds %s", where, leak)
	}
}

// findSecret describes a secret that text holds whole, or a 12-character
// piece of its secret part (a masked key shows its first 4 characters), with
// the text around it; "" when there is none.
func findSecret(text string, secrets map[string]string) string {
	for value, name := range secrets {
		if i := strings.Index(text, value); i >= 0 {
			return name + ": " + excerpt(text, i, len(value))
		}
		const piece = 12
		part := secretPart(value)
		if part == "" {
			continue
		}
		for i := 0; i+piece <= len(part); i++ {
			if j := strings.Index(text, part[i:i+piece]); j >= 0 {
				return fmt.Sprintf("a piece of %s: %s", name, excerpt(text, j, piece))
			}
		}
	}
	return ""
}

// secretPart is the part of a secret no legitimate text may share a piece
// with: an Astra token's secret after its public client ID (which the API
// reports as LastUpdateUserID); nothing for the fake's default keys, which are
// readable names; the whole of any other secret.
func secretPart(value string) string {
	switch value {
	case fakeserver.DefaultArgoAdminKey, fakeserver.DefaultArgoRestrictedKey, fakeserver.DefaultArgoUIAdminKey:
		return ""
	}
	if strings.HasPrefix(value, "AstraCS:") {
		return value[strings.LastIndexByte(value, ':')+1:]
	}
	return value
}

func excerpt(text string, i, n int) string {
	from, to := max(i-60, 0), min(i+n+60, len(text))
	return fmt.Sprintf("…%s…", text[from:to])
}

// hygiene is the fake, the clients and what was collected.
type hygiene struct {
	t     *testing.T
	srv   *fakeserver.Server
	clock *client.VirtualClock
	org   string
	token string

	astra, argo *client.Client
	roles       *roles.Astra
	users       *users.Astra
	langflow    *tenants.Langflow
	argoTenants *tenants.Argo
	argoUsers   *users.Argo

	logs *bytes.Buffer // every log record, as JSON and as text

	mu        sync.Mutex
	collected []hygieneText
	keys      map[string]string // secret → name, learnt along the way
}

type hygieneText struct{ where, value string }

func newHygiene(t *testing.T) *hygiene {
	t.Helper()
	clock := client.NewVirtualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)), fakeserver.WithClock(clock), fakeserver.WithSeed(7))
	if err := srv.AddArgoAdminKey(hygieneArgoKey, fakeserver.ArgoSuperAdmin); err != nil {
		t.Fatal(err)
	}
	h := &hygiene{t: t, srv: srv, clock: clock, org: srv.Credentials().OrgID, token: srv.Credentials().AstraToken,
		logs: &bytes.Buffer{}, keys: map[string]string{}}
	h.astra = h.client(client.WithBearerToken(h.token), client.WithOrgID(h.org))
	h.argo = h.client(client.WithArgoAPIKey(hygieneArgoKey))
	h.roles, h.users, h.langflow = roles.NewAstra(h.astra), users.NewAstra(h.astra), tenants.NewLangflow(h.astra)
	h.argoTenants, h.argoUsers = tenants.NewArgo(h.argo), users.NewArgo(h.argo)
	return h
}

// client builds an SDK client on the fake with the test's logger, attempt
// hook and clock.
func (h *hygiene) client(opts ...client.Option) *client.Client {
	h.t.Helper()
	logger := slog.New(teeHandler{
		slog.NewJSONHandler(h.logWriter(), &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(h.logWriter(), &slog.HandlerOptions{Level: slog.LevelDebug}),
	})
	base := []client.Option{
		client.WithBaseURL(h.srv.URL()),
		client.WithHTTPClient(h.srv.Client()),
		client.WithClock(h.clock),
		client.WithLogger(logger),
		client.WithAttemptHook(func(_ context.Context, a client.Attempt) {
			h.collect("attempt hook", fmt.Sprintf("%v %+v", a, a))
			if a.Err != nil {
				h.collectError("attempt hook error", a.Err)
			}
		}),
	}
	c, err := client.New(append(base, opts...)...)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (h *hygiene) logWriter() lockedWriter { return lockedWriter{&h.mu, h.logs} }

// teeHandler hands every record to several handlers.
type teeHandler []slog.Handler

func (t teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range t {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (t teeHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range t {
		if err := h.Handle(ctx, r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (t teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (t teeHandler) WithGroup(name string) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithGroup(name)
	}
	return out
}

func (h *hygiene) collect(where, value string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.collected = append(h.collected, hygieneText{where, value})
}

func (h *hygiene) collectError(where string, err error) {
	h.collect(where, fmt.Sprintf("%v", err))
	h.collect(where+" (%+v)", fmt.Sprintf("%+v", err))
	h.collect(where+" (%#v)", fmt.Sprintf("%#v", err))
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		h.collect(where+" (APIError.Body)", string(apiErr.Body))
		h.collect(where+" (APIError %#v)", fmt.Sprintf("%#v", *apiErr))
	}
}

// learn records a secret found along the way (a generated API key).
func (h *hygiene) learn(name, value string) {
	if value == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keys[value] = name
}

func (h *hygiene) secrets() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := map[string]string{
		h.token:                             "the Astra token",
		hygieneArgoKey:                      "the ARGO admin key",
		fakeserver.DefaultArgoAdminKey:      "the default ARGO admin key",
		fakeserver.DefaultArgoUIAdminKey:    "the ARGO UI admin key",
		fakeserver.DefaultArgoRestrictedKey: "the ARGO restricted admin key",
		hygieneWrongToken:                   "a wrong Astra token",
		hygieneWrongKey:                     "a wrong ARGO key",
		hygienePassword:                     "a db_conf password",
		hygienePassword2:                    "another db_conf password",
		hygieneChosenKey:                    "a tenant user's chosen key",
	}
	for v, name := range h.keys {
		out[v] = name
	}
	return out
}

func (h *hygiene) texts() []hygieneText {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := append([]hygieneText(nil), h.collected...)
	for i, line := range strings.Split(h.logs.String(), "\n") {
		if line != "" {
			out = append(out, hygieneText{fmt.Sprintf("log line %d", i+1), line})
		}
	}
	return out
}

// result records what a call returned: its error, and its value as fmt
// and slog print it.
func (h *hygiene) result(what string, v any, err error) {
	if err != nil {
		h.collectError(what, err)
	}
	if v == nil {
		return
	}
	h.collect(what+" value", fmt.Sprintf("%v | %+v", v, v))
	// slog applies LogValue to a value, not to the elements of a slice (the
	// JSON handler would encode a []ArgoTenant with encoding/json, keys
	// included): log a slice element by element, as callers must.
	values := []any{v}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
		values = values[:0]
		for i := range rv.Len() {
			values = append(values, rv.Index(i).Interface())
		}
	}
	for _, x := range values {
		slog.New(slog.NewJSONHandler(h.logWriter(), nil)).Info("result", "op", what, "value", x)
		slog.New(slog.NewTextHandler(h.logWriter(), nil)).Info("result", "op", what, "value", x)
	}
}

// expect records a call that must fail, and fails the test if it did not.
func (h *hygiene) expect(what string, v any, err error) {
	h.t.Helper()
	if err == nil {
		h.t.Errorf("%s succeeded; the test wants it to fail", what)
	}
	h.result(what, v, err)
}

// must records a call that must succeed.
func (h *hygiene) must(what string, v any, err error) {
	h.t.Helper()
	if err != nil {
		h.t.Errorf("%s: %v", what, err)
	}
	h.result(what, v, err)
}

// exercise runs every service method, on the success and failure paths.
func (h *hygiene) exercise(ctx context.Context) {
	h.t.Helper()
	h.exerciseAstra(ctx)
	h.exerciseLangflow(ctx)
	h.exerciseArgo(ctx)
	h.exerciseJobs(ctx)
	h.exerciseAuthFailures(ctx)
}

func (h *hygiene) exerciseAstra(ctx context.Context) {
	h.t.Helper()
	r, s := h.roles, h.users
	policy := roles.Allow([]roles.Action{roles.ActionOrgUserRead}, roles.OrgResource(h.org))
	policy.Description = "hygiene"

	// Retries: a 503 with Retry-After, then a dropped connection.
	h.fault(fakeserver.Fault{Operation: "getOrganizationRoles", Status: http.StatusServiceUnavailable, RetryAfter: time.Second, Times: 1})
	h.fault(fakeserver.Fault{Operation: "getOrganizationRole", Drop: fakeserver.DropAfterServing, Times: 1})
	h.fault(fakeserver.Fault{Operation: "getOrganizationUsers", Drop: fakeserver.DropMidResponse, Times: 1})

	list, err := r.List(ctx)
	h.must("roles.List", list, err)
	for role, err := range r.All(ctx) {
		h.result("roles.All", role, err)
	}
	created, err := r.Create(ctx, roles.Definition{Name: "hygiene", Policy: policy})
	h.must("roles.Create", created, err)
	got, err := r.Get(ctx, created.ID)
	h.must("roles.Get", got, err)
	byName, err := r.ByName(ctx, "hygiene")
	h.must("roles.ByName", byName, err)
	updated, err := r.Update(ctx, created.ID, roles.Definition{Name: "hygiene-2", Policy: policy})
	h.must("roles.Update", updated, err)
	ids, err := r.ResolveIDs(ctx, "hygiene-2", roles.ReadOnlyUser)
	h.must("roles.ResolveIDs", ids, err)
	dup, err := r.Create(ctx, roles.Definition{Name: "hygiene-2", Policy: policy})
	h.expect("roles.Create (taken name)", dup, err)
	bad, err := r.Create(ctx, roles.Definition{Name: "bad", Policy: roles.Allow(nil, "nowhere")})
	h.expect("roles.Create (invalid)", bad, err)
	builtin, err := r.ByName(ctx, roles.ReadOnlyUser)
	h.must("roles.ByName (built-in)", builtin, err)
	h.expect("roles.Update (built-in)", nil, func() error {
		_, err := r.Update(ctx, builtin.ID, roles.Definition{Name: "x", Policy: policy})
		return err
	}())
	h.expect("roles.Delete (built-in)", nil, r.Delete(ctx, builtin.ID))
	none, err := r.Get(ctx, "00000000-0000-4000-8000-000000000000")
	h.expect("roles.Get (unknown)", none, err)
	unresolved, err := r.ResolveIDs(ctx, "no such role")
	h.expect("roles.ResolveIDs (unknown)", unresolved, err)

	org, err := s.Organization(ctx)
	h.must("users.Organization", org, err)
	invited, err := s.Invite(ctx, "hygiene@example.com", "hygiene-2")
	h.must("users.Invite", invited, err)
	users2, err := s.List(ctx)
	h.must("users.List", users2, err)
	for u, err := range s.All(ctx) {
		h.result("users.All", u, err)
	}
	u, err := s.Get(ctx, invited.UserID)
	h.must("users.Get", u, err)
	u, err = s.ByEmail(ctx, "HYGIENE@example.com")
	h.must("users.ByEmail", u, err)
	h.must("users.SetRoles", nil, s.SetRoles(ctx, invited.UserID, roles.ReadOnlyUser, "hygiene-2"))
	h.expect("roles.Delete (assigned)", nil, r.Delete(ctx, created.ID))
	if err := h.srv.AcceptInvitation(h.org, "hygiene@example.com"); err != nil {
		h.t.Fatal(err)
	}
	again, err := s.Invite(ctx, "hygiene@example.com", roles.ReadOnlyUser)
	h.expect("users.Invite (active member)", again, err)
	badEmail, err := s.Invite(ctx, "not an email", roles.ReadOnlyUser)
	h.expect("users.Invite (bad email)", badEmail, err)
	h.expect("users.SetRoles (unknown user)", nil, s.SetRoles(ctx, "00000000-0000-4000-8000-000000000000", roles.ReadOnlyUser))
	h.must("users.Remove", nil, s.Remove(ctx, invited.UserID))
	h.expect("users.Remove (unknown)", nil, s.Remove(ctx, invited.UserID))
	gone, err := s.ByEmail(ctx, "hygiene@example.com")
	h.expect("users.ByEmail (unknown)", gone, err)
	h.must("roles.Delete", nil, r.Delete(ctx, created.ID))
}

func (h *hygiene) exerciseLangflow(ctx context.Context) {
	h.t.Helper()
	l := h.langflow
	h.fault(fakeserver.Fault{Operation: "getLangflowTenant", Status: http.StatusTooManyRequests, RetryAfter: 2 * time.Second, Times: 1})
	lt, err := l.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	h.must("langflow.Create", lt, err)
	active, err := l.WaitActive(ctx, lt.ID)
	h.must("langflow.WaitActive", active, err)
	for st, err := range l.Watch(ctx, lt.ID) {
		h.result("langflow.Watch", st, err)
	}
	got, err := l.Get(ctx, lt.ID)
	h.must("langflow.Get", got, err)
	list, err := l.List(ctx)
	h.must("langflow.List", list, err)
	for x, err := range l.All(ctx) {
		h.result("langflow.All", x, err)
	}
	if err := h.srv.DeactivateLangflowTenant(lt.ID); err != nil {
		h.t.Fatal(err)
	}
	stuck, err := l.WaitActive(ctx, lt.ID)
	h.expect("langflow.WaitActive (deactivated)", stuck, err)
	re, err := l.Reactivate(ctx, lt.ID)
	h.must("langflow.Reactivate", re, err)
	if err := h.srv.SetLangflowTenantStatus(lt.ID, "terminated"); err != nil {
		h.t.Fatal(err)
	}
	term, err := l.Reactivate(ctx, lt.ID)
	h.expect("langflow.Reactivate (terminated)", term, err)
	unknown, err := l.Get(ctx, "00000000-0000-4000-8000-000000000000")
	h.expect("langflow.Get (unknown)", unknown, err)
	other, err := l.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2", OrgID: "another-org"})
	h.expect("langflow.Create (another org)", other, err)
	// An ambiguous failure of a POST: not retried, said so.
	h.fault(fakeserver.Fault{Operation: "createLangflowTenant", Status: http.StatusBadGateway, Times: 1})
	lost, err := l.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "gcp", Region: "europe-west1"})
	h.expect("langflow.Create (502)", lost, err)
}

func (h *hygiene) exerciseArgo(ctx context.Context) {
	h.t.Helper()
	a, u := h.argoTenants, h.argoUsers
	h.fault(fakeserver.Fault{Operation: "argoGetTenant", Drop: fakeserver.DropMidResponse, Times: 1})
	h.fault(fakeserver.Fault{Operation: "argoListTenants", Status: http.StatusTooManyRequests, Times: 1})
	h.fault(fakeserver.Fault{Operation: "argoGetUserByID", Status: http.StatusGatewayTimeout, Times: 2})

	tenant := tenants.ArgoTenant{
		Info: tenants.ArgoTenantInfo{Name: "hygiene", Email: "ops@example.com"},
		DBConf: []tenants.ArgoDBConf{
			{Store: "main", Server: "mongo.example.com", Port: 27017, Database: "argo_hygiene", Username: "argo", Password: hygienePassword},
			{Store: "replica", Server: "mongo2.example.com", Port: 27017, Database: "argo_hygiene", Username: "argo", Password: hygienePassword2},
		},
		Users: []users.ArgoUser{{Name: "chosen", Email: "c@example.com", APIKey: hygieneChosenKey, Roles: []string{"admin"}}, {Name: "generated", Roles: []string{"admin_ui"}}},
	}
	created, err := a.Create(ctx, tenant)
	h.must("argo.Create", created, err)
	got, err := a.Get(ctx, created.ID)
	h.must("argo.Get", got, err)
	for _, x := range got.Users {
		h.learn("a tenant user's generated key", x.APIKey)
	}
	list, err := a.List(ctx)
	h.must("argo.List", list, err)
	for x, err := range a.All(ctx) {
		h.result("argo.All", x, err)
	}
	modified, err := a.Modify(ctx, created.ID, func(t *tenants.ArgoTenant) error { t.Info.Description = "hygiene"; return nil })
	h.must("argo.Modify", modified, err)
	failed, err := a.Modify(ctx, created.ID, func(t *tenants.ArgoTenant) error { return errors.New("changed my mind") })
	h.expect("argo.Modify (mutate fails)", failed, err)
	replaced := modified
	replaced.Info.Website = "https://example.com"
	updated, err := a.Update(ctx, created.ID, replaced)
	h.must("argo.Update", updated, err)
	st, err := a.UpdateStatus(ctx, created.ID, tenants.ArgoHealthyStatus(time.Unix(1700000000, 0), "Critical"))
	h.must("argo.UpdateStatus", st, err)
	st, err = a.Status(ctx, created.ID)
	h.must("argo.Status", st, err)
	badStatus := tenants.ArgoHealthyStatus(time.Time{}, "a.b")
	st, err = a.UpdateStatus(ctx, created.ID, badStatus)
	h.expect("argo.UpdateStatus (bad report name)", st, err)

	// Conflicts: a taken name, and a taken key the server echoes.
	clash, err := a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "hygiene"}})
	h.expect("argo.Create (taken name)", clash, err)
	keyClash, err := a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "other"}, Users: []users.ArgoUser{{Name: "thief", APIKey: hygieneChosenKey}}})
	h.expect("argo.Create (taken key)", keyClash, err)
	unknown, err := a.Get(ctx, "00000000-0000-4000-8000-000000000000")
	h.expect("argo.Get (unknown)", unknown, err)

	nu, err := u.Create(ctx, created.ID, users.ArgoUser{Name: "new", Email: "n@example.com", Roles: []string{"viewer"}})
	h.must("argoUsers.Create", nu, err)
	h.learn("a created user's key", nu.APIKey)
	ul, err := u.List(ctx, created.ID)
	h.must("argoUsers.List", ul, err)
	for x, err := range u.All(ctx, created.ID) {
		h.result("argoUsers.All", x, err)
	}
	one, err := u.Get(ctx, created.ID, nu.ID)
	h.must("argoUsers.Get", one, err)
	one, err = u.ByID(ctx, nu.ID)
	h.must("argoUsers.ByID", one, err)
	one, err = u.ByIDFlat(ctx, nu.ID)
	h.must("argoUsers.ByIDFlat", one, err)
	one, err = u.Update(ctx, created.ID, nu.ID, users.ArgoUser{Email: "m@example.com"})
	h.must("argoUsers.Update", one, err)
	one, err = u.Update(ctx, created.ID, nu.ID, users.ArgoUser{APIKey: hygieneChosenKey})
	h.expect("argoUsers.Update (taken key)", one, err)
	key, err := u.RenewAPIKey(ctx, created.ID, nu.ID)
	h.learn("a renewed key", key)
	h.must("argoUsers.RenewAPIKey", nil, err) // the key itself is the point of the call
	withKey, err := u.Create(ctx, created.ID, users.ArgoUser{Name: "x", APIKey: hygieneChosenKey})
	h.expect("argoUsers.Create (with a key)", withKey, err)
	none, err := u.Get(ctx, created.ID, "00000000-0000-4000-8000-000000000000")
	h.expect("argoUsers.Get (unknown)", none, err)
	none, err = u.ByID(ctx, "00000000-0000-4000-8000-000000000000")
	h.expect("argoUsers.ByID (unknown)", none, err)
	h.must("argoUsers.Delete", nil, u.Delete(ctx, created.ID, nu.ID))
	h.expect("argoUsers.Delete (unknown)", nil, u.Delete(ctx, created.ID, nu.ID))

	// Reduced views: a restricted key may not read one tenant; a UI key's
	// view must not be written back.
	restricted := tenants.NewArgo(h.client(client.WithArgoAPIKey(fakeserver.DefaultArgoRestrictedKey)))
	rl, err := restricted.List(ctx)
	h.must("argo.List (restricted)", rl, err)
	rg, err := restricted.Get(ctx, created.ID)
	h.expect("argo.Get (restricted)", rg, err)
	ui := tenants.NewArgo(h.client(client.WithArgoAPIKey(fakeserver.DefaultArgoUIAdminKey)))
	ul2, err := ui.List(ctx)
	h.must("argo.List (UI)", ul2, err)
	um, err := ui.Modify(ctx, created.ID, func(t *tenants.ArgoTenant) error { return nil })
	h.expect("argo.Modify (UI)", um, err)

	// A POST whose answer is lost: not replayed, said so.
	h.fault(fakeserver.Fault{Operation: "argoCreateTenant", Drop: fakeserver.DropMidResponse, Times: 1})
	lost, err := a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "lost"}, DBConf: []tenants.ArgoDBConf{{Password: hygienePassword}}})
	h.expect("argo.Create (answer lost)", lost, err)
	h.must("argo.Delete", nil, a.Delete(ctx, created.ID))
	h.expect("argo.Delete (unknown)", nil, a.Delete(ctx, created.ID))
}

// exerciseAuthFailures calls every service with wrong credentials: an
// unknown Astra token, an unknown ARGO key, a tenant user's key, and a token
// source that fails with the token in its message.
func (h *hygiene) exerciseAuthFailures(ctx context.Context) {
	h.t.Helper()
	wrongAstra := h.client(client.WithBearerToken(hygieneWrongToken), client.WithOrgID(h.org))
	calls := 0
	source := h.client(client.WithOrgID(h.org), client.WithTokenSource(func(context.Context) (string, error) {
		calls++
		if calls%2 == 0 {
			return "", errors.New(hygieneSourceError + h.token)
		}
		return h.token, nil
	}))
	for name, c := range map[string]*client.Client{"wrong token": wrongAstra, "token source": source} {
		r, s, l := roles.NewAstra(c), users.NewAstra(c), tenants.NewLangflow(c)
		rl, err := r.List(ctx)
		h.result("roles.List ("+name+")", rl, err)
		rg, err := r.Create(ctx, roles.Definition{Name: "x", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(h.org))})
		h.result("roles.Create ("+name+")", rg, err)
		ul, err := s.List(ctx)
		h.result("users.List ("+name+")", ul, err)
		ui, err := s.Invite(ctx, "x@example.com", roles.ReadOnlyUser)
		h.result("users.Invite ("+name+")", ui, err)
		org, err := s.Organization(ctx)
		h.result("users.Organization ("+name+")", org, err)
		ll, err := l.List(ctx)
		h.result("langflow.List ("+name+")", ll, err)
		lc, err := l.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-east-1"})
		h.result("langflow.Create ("+name+")", lc, err)
	}
	// An ARGO key the server does not know, and a tenant user's key.
	for name, key := range map[string]string{"wrong key": hygieneWrongKey, "a user's key": hygieneChosenKey} {
		c := h.client(client.WithArgoAPIKey(key))
		a, u := tenants.NewArgo(c), users.NewArgo(c)
		al, err := a.List(ctx)
		h.expect("argo.List ("+name+")", al, err)
		ac, err := a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "x"}, DBConf: []tenants.ArgoDBConf{{Password: hygienePassword}}})
		h.expect("argo.Create ("+name+")", ac, err)
		ub, err := u.ByID(ctx, "00000000-0000-4000-8000-000000000000")
		h.expect("argoUsers.ByID ("+name+")", ub, err)
	}
	// The ARGO key sent to the Astra API and the Astra token to ARGO.
	crossed := h.client(client.WithBearerToken(hygieneArgoKey), client.WithArgoAPIKey(h.token), client.WithOrgID(h.org))
	cl, err := roles.NewAstra(crossed).List(ctx)
	h.expect("roles.List (the ARGO key as token)", cl, err)
	ca, err := tenants.NewArgo(crossed).List(ctx)
	h.expect("argo.List (the Astra token as key)", ca, err)
}

func (h *hygiene) fault(f fakeserver.Fault) {
	h.t.Helper()
	if err := h.srv.AddFault(f); err != nil {
		h.t.Fatal(err)
	}
}

// exerciseJobs runs the jobs built from the services (access sync, bulk
// invite, the role resolver, key rotation, the recovery lookups), on
// success and on failure, so that their exchanges are checked against the
// spec and their logs, errors and values for secrets: a rotation returns
// new API keys.
func (h *hygiene) exerciseJobs(ctx context.Context) {
	h.t.Helper()
	s := h.users
	policy := roles.Allow([]roles.Action{roles.ActionOrgAuditsRead}, roles.OrgResource(h.org))
	want := users.Access{
		Roles: []roles.Definition{{Name: "jobs", Policy: policy}},
		Members: []users.Member{
			{Email: "jobs1@example.com", Roles: []string{"jobs"}},
			{Email: "jobs2@example.com", Roles: []string{roles.ReadOnlyUser}},
		},
	}
	dry, err := s.SyncAccess(ctx, want, users.DryRun(), users.RemoveUnlisted())
	h.must("users.SyncAccess (dry run)", dry, err)
	plan, err := s.PlanAccess(ctx, want)
	h.must("users.PlanAccess", plan, err)
	applied, err := s.ApplyAccess(ctx, plan)
	h.must("users.ApplyAccess", applied, err)
	policy.Actions = append(policy.Actions, roles.ActionOrgRead)
	want.Roles[0].Policy = policy
	want.Members = append(want.Members, users.Member{Email: "jobs3@example.com", Roles: []string{"jobs", roles.ReadOnlyUser}})
	h.fault(fakeserver.Fault{Operation: tenantkit.OpInviteUserToOrganization, Status: http.StatusForbidden, Times: 1})
	partial, err := s.SyncAccess(ctx, want)
	h.expect("users.SyncAccess (a step fails)", partial, err)
	finished, err := s.SyncAccess(ctx, want)
	h.must("users.SyncAccess (finishing)", finished, err)
	invalid, err := s.SyncAccess(ctx, users.Access{Members: []users.Member{{Email: "x", Roles: []string{"nobody"}}}})
	h.expect("users.SyncAccess (invalid)", invalid, err)

	resolver := roles.NewResolver(h.astra)
	ids, err := resolver.Resolve(ctx, "jobs", roles.ReadOnlyUser)
	h.must("roles.Resolver.Resolve", ids, err)
	unknown, err := resolver.Resolve(ctx, "JOBS")
	h.expect("roles.Resolver.Resolve (unknown)", unknown, err)
	invited, err := s.InviteMany(ctx, []users.Member{{Email: "jobs4@example.com", Roles: []string{roles.ReadOnlyUser}}}, users.WithRoleResolver(resolver))
	h.must("users.InviteMany", invited, err)

	a, u := h.argoTenants, h.argoUsers
	tenant := tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "jobs"}, Users: []users.ArgoUser{{Name: "ada", Roles: []string{"admin"}}, {Name: "bob"}}}
	created, err := a.Create(ctx, tenant)
	h.must("argo.Create (jobs)", created, err)
	st, err := a.UpdateStatus(ctx, created.ID, tenants.ArgoHealthyStatus(time.Unix(1700000000, 0)))
	h.must("argo.UpdateStatus (jobs)", st, err)
	rotation, err := a.RotateKeys(ctx, created.ID, tenants.RestoreStatus())
	h.learnRotated(rotation)
	h.must("argo.RotateKeys", rotation, err)
	h.fault(fakeserver.Fault{Operation: tenantkit.OpArgoRenewTenantUserAPIKey, Status: http.StatusForbidden, After: 1, Times: 1})
	rotation, err = a.RotateKeys(ctx, created.ID)
	h.learnRotated(rotation)
	h.expect("argo.RotateKeys (a renewal fails)", rotation, err)

	h.fault(fakeserver.Fault{Operation: tenantkit.OpArgoCreateTenantUser, Drop: fakeserver.DropAfterServing, Times: 1})
	lost := users.ArgoUser{Name: "cy", Email: "cy@example.com", Roles: []string{"viewer"}}
	_, err = u.Create(ctx, created.ID, lost)
	h.expect("argoUsers.Create (outcome unknown)", nil, err)
	found, err := u.Matching(ctx, created.ID, lost)
	for _, x := range found {
		h.learn("a recovered user's key", x.APIKey)
	}
	h.must("argoUsers.Matching", found, err)
	byName, err := a.ByName(ctx, "jobs")
	for _, x := range byName.Users {
		h.learn("a tenant user's key", x.APIKey)
	}
	h.must("argo.ByName", byName, err)
	since, err := h.langflow.CreatedSince(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"}, time.Time{})
	h.must("langflow.CreatedSince", since, err)
}

// learnRotated records the keys a rotation returned as secrets.
func (h *hygiene) learnRotated(r tenants.ArgoKeyRotation) {
	for _, x := range r.Rotated {
		h.learn("a rotated key", x.APIKey)
	}
}
