package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/internal/spectest"
)

// The security schemes of openapi.yaml the auth matrix knows how to test.
// An operation secured by anything else is unclassifiable and fails the
// test.
const (
	schemeAstraBearer = "AstraBearer"
	schemeAstraOrg    = "AstraCurrentOrg"
	schemeArgoKey     = "ArgoAPIKey"
)

// Placeholders for path parameters that name no organization, and for
// credentials the fake has never seen (in their real shapes).
const (
	placeholderID    = "0b5e7a3c-1d2f-4e6a-8b9c-0d1e2f3a4b5c"
	unknownAstraTok  = "AstraCS:unknownUnknownUnknownUnk:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	unknownArgoKey   = "f00dfacef00dfacef00dfacef00dfacef00dfacef00dfacef00dfacef00dface"
	tenantUserAPIKey = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
)

// TestEveryOperationEnforcesAuth derives an auth matrix from openapi.yaml
// and runs it against the fake: for every operation of the registry (a new
// one is covered without touching this test), requests without a
// credential, with a wrong one, with the other API's, for the wrong
// organization and with a credential that lacks the operation's permission
// get the statuses openapi.yaml decides and the ARGO reference prescribes, in their
// order of precedence (Astra: 401, then the Langflow org rules 400/403,
// then the permission 403; ARGO: 401, then 403, then 406), while a
// credential holding just the permission (an admin flavour among the
// operation's x-argo-roles) gets through. Path parameters get
// placeholder IDs (or the organization under test); bodies are generated
// from the request schemas. An operation the matrix cannot classify fails
// the test.
func TestEveryOperationEnforcesAuth(t *testing.T) {
	t.Parallel()
	doc := loadSpec(t)
	actions := specActions(t)
	for _, info := range registry() {
		t.Run(string(info.ID), func(t *testing.T) {
			t.Parallel()
			m, err := classify(doc, info, actions)
			if err != nil {
				t.Fatalf("%s %s cannot be classified for the auth matrix: %v", info.Method, info.Path, err)
			}
			env := newAuthEnv(t, m)
			for _, c := range m.cases(env) {
				got := env.send(t, m, c.req)
				if msg := c.want.check(got); msg != "" {
					t.Errorf("%s: %s %s: %s", c.name, m.method, m.path, msg)
				}
				if secret := env.echoedSecret(got); secret != "" {
					t.Errorf("%s: the %d response echoes a credential (%s)", c.name, got.status, secret)
				}
			}
		})
	}
}

// authModel is an operation as the matrix sees it.
type authModel struct {
	id, method, path string
	astra            bool   // secured by the Astra bearer token, else by the ARGO key
	langflow         bool   // also needs X-DataStax-Current-Org, checked against the token and the path or body
	authHeader       string // the header carrying the credential
	orgHeader        string // the org header (Astra)
	permission       string // the Astra action needed; "" for any valid token
	allowed          map[fakeserver.ArgoAdminFlavour]bool
	orgParam         string // the path parameter naming the organization, if any
	bodyOrgField     string // the body member naming the organization, if any
	body             map[string]any
}

// classify reads what the matrix needs from the registry (API, Langflow
// org header, permission, ARGO roles) and from the operation's security
// requirement in openapi.yaml (the headers that carry the credentials),
// which must agree.
func classify(doc *openapi3.T, info tenantkit.OperationInfo, actions []string) (*authModel, error) {
	m := &authModel{id: string(info.ID), method: info.Method, path: info.Path}
	item := doc.Paths.Find(info.Path)
	if item == nil || item.GetOperation(info.Method) == nil {
		return nil, fmt.Errorf("not in openapi.yaml; regenerate the registry (go generate .)")
	}
	op := item.GetOperation(info.Method)
	if op.Security == nil || len(*op.Security) != 1 {
		return nil, fmt.Errorf("want exactly one security requirement, have %v", op.Security)
	}
	var schemes []string
	for name := range (*op.Security)[0] {
		schemes = append(schemes, name)
	}
	slices.Sort(schemes)
	headerOf := func(name string) (string, error) {
		ref := doc.Components.SecuritySchemes[name]
		if ref == nil || ref.Value == nil {
			return "", fmt.Errorf("unknown security scheme %q", name)
		}
		s := ref.Value
		switch {
		case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
			return "Authorization", nil
		case s.Type == "apiKey" && s.In == "header":
			return s.Name, nil
		}
		return "", fmt.Errorf("security scheme %q is neither a bearer token nor a header key", name)
	}
	var err error
	switch info.API {
	case tenantkit.APIAstra:
		m.astra = true
		m.langflow = info.OrgHeader
		want := []string{schemeAstraBearer}
		if m.langflow {
			want = append(want, schemeAstraOrg)
		}
		if !slices.Equal(schemes, want) {
			return nil, fmt.Errorf("security schemes %v, but the registry says %v", schemes, want)
		}
		if m.authHeader, err = headerOf(schemeAstraBearer); err != nil {
			return nil, err
		}
		if m.orgHeader, err = headerOf(schemeAstraOrg); err != nil {
			return nil, err
		}
		if info.Permission != "" && !slices.Contains(actions, info.Permission) {
			return nil, fmt.Errorf("x-tenantkit-permission %q is not an Action of the spec", info.Permission)
		}
		m.permission = info.Permission
	case tenantkit.APIArgo:
		if !slices.Equal(schemes, []string{schemeArgoKey}) {
			return nil, fmt.Errorf("security schemes %v, but the registry says %v", schemes, []string{schemeArgoKey})
		}
		if m.authHeader, err = headerOf(schemeArgoKey); err != nil {
			return nil, err
		}
		if len(info.ArgoRoles) == 0 {
			return nil, fmt.Errorf("no x-argo-roles for route %q", info.ArgoRoute)
		}
		m.allowed = map[fakeserver.ArgoAdminFlavour]bool{}
		for _, r := range info.ArgoRoles {
			m.allowed[fakeserver.ArgoAdminFlavour(r)] = true
		}
	default:
		return nil, fmt.Errorf("API %q is not one the matrix knows", info.API)
	}
	for _, p := range pathParam.FindAllString(info.Path, -1) {
		if name := p[1 : len(p)-1]; isOrgName(name) {
			m.orgParam = name
		}
	}
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		if !info.RequestBody {
			return nil, fmt.Errorf("a request body the registry does not know of")
		}
		mt := rb.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			return nil, fmt.Errorf("request body without a JSON schema")
		}
		body, ok := sampleValue(mt.Schema.Value, 0).(map[string]any)
		if !ok {
			return nil, fmt.Errorf("request body schema is not an object")
		}
		m.body = body
		for name := range mt.Schema.Value.Properties {
			if isOrgName(name) {
				m.bodyOrgField = name
			}
		}
	}
	if m.langflow && m.orgParam == "" && m.bodyOrgField == "" {
		return nil, fmt.Errorf("a Langflow operation names its organization neither in the path nor in the body")
	}
	return m, nil
}

// isOrgName reports whether a parameter or member names the organization
// ("org_id", "orgID").
func isOrgName(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	return n == "orgid"
}

// sampleValue builds a value the schema accepts: required and optional
// members alike, strings in their formats, first enum values.
func sampleValue(s *openapi3.Schema, depth int) any {
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		obj := map[string]any{}
		if depth < 4 {
			for name, p := range s.Properties {
				if p.Value != nil && !p.Value.ReadOnly {
					obj[name] = sampleValue(p.Value, depth+1)
				}
			}
		}
		return obj
	case s.Type.Is("array"):
		if s.Items == nil || s.Items.Value == nil || depth >= 4 {
			return []any{}
		}
		return []any{sampleValue(s.Items.Value, depth+1)}
	case s.Type.Is("integer"), s.Type.Is("number"):
		return 1
	case s.Type.Is("boolean"):
		return true
	}
	switch s.Format {
	case "email":
		return "auth-matrix@example.com"
	case "uuid":
		return placeholderID
	case "date-time":
		return "2025-01-01T00:00:00Z"
	}
	if s.Pattern != "" {
		if strings.HasPrefix(s.Pattern, "^drn:astra:org:") {
			return "drn:astra:org:" + placeholderID
		}
	}
	return "sample"
}

// specActions returns the known Astra actions: the enum of openapi.yaml's
// Action schema (loadSpec drops it, since the set is open).
func specActions(t *testing.T) []string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(tenantkit.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	ref := doc.Components.Schemas["Action"]
	if ref == nil || ref.Value == nil || len(ref.Value.Enum) == 0 {
		t.Fatal("openapi.yaml has no Action enum")
	}
	var out []string
	for _, v := range ref.Value.Enum {
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// authEnv is a fake with the credentials the matrix needs.
type authEnv struct {
	srv        *fakeserver.Server
	hc         *http.Client
	org        string // the organization under test
	otherOrg   string // another organization
	admin      string // a token of org with every role
	otherAdmin string // a token of otherOrg with every role
	noRoles    string // a token of org without roles
	only       string // a token of org whose role grants just the permission
	allBut     string // a token of org whose role grants every action but the permission
	argoKeys   map[fakeserver.ArgoAdminFlavour]string
}

func newAuthEnv(t *testing.T, m *authModel) *authEnv {
	t.Helper()
	srv := fakeserver.NewTest(t, fakeserver.WithObserver(spectest.Validator(t)))
	cr := srv.Credentials()
	env := &authEnv{srv: srv, hc: srv.Client(), org: cr.OrgID, admin: cr.AstraToken,
		argoKeys: map[fakeserver.ArgoAdminFlavour]string{
			fakeserver.ArgoSuperAdmin:           cr.ArgoAdminKey,
			fakeserver.ArgoSuperAdminRestricted: cr.ArgoRestrictedAdminKey,
			fakeserver.ArgoSuperAdminUI:         cr.ArgoUIAdminKey,
		}}
	var err error
	env.otherOrg = srv.AddOrganization("auth-matrix-other")
	if env.otherAdmin, err = srv.AddToken(env.otherOrg, "Organization Administrator", "Langflow Administrator"); err != nil {
		t.Fatal(err)
	}
	if env.noRoles, err = srv.AddToken(env.org); err != nil {
		t.Fatal(err)
	}
	if m.permission != "" {
		var rest []string
		for _, a := range specActions(t) {
			if a != m.permission {
				rest = append(rest, a)
			}
		}
		env.only = env.tokenWith(t, "auth-matrix only "+m.permission, []string{m.permission})
		env.allBut = env.tokenWith(t, "auth-matrix all but "+m.permission, rest)
	}
	// A tenant user, whose key must not open the admin API.
	if _, err := srv.SeedArgoTenants([]byte(`[{"info":{"name":"auth-matrix"},"users":[{"name":"u","api_key":"` + tenantUserAPIKey + `","roles":["admin","admin_ui"]}]}]`)); err != nil {
		t.Fatal(err)
	}
	return env
}

// tokenWith creates a role allowing actions and returns a new token holding
// just that role.
func (env *authEnv) tokenWith(t *testing.T, name string, actions []string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"name": name, "policy": map[string]any{
		"description": "", "effect": "allow", "actions": actions, "resources": []string{"drn:astra:org:" + env.org},
	}})
	req, _ := http.NewRequest(http.MethodPost, env.srv.URL()+"/v2/organizations/roles", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+env.admin)
	resp, err := env.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var role struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&role); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating role %q: %d %v", name, resp.StatusCode, err)
	}
	tok, err := env.srv.AddToken(env.org, role.ID)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// authReq is one request of the matrix: which credential and org to send.
type authReq struct {
	credential string // the value of the credential header; "" sends none
	header     string // the credential header, if not the operation's
	orgHeader  string // Astra: X-DataStax-Current-Org; "" sends none
	pathOrg    string // the organization in the path or body
	accept     string // ARGO: the Accept header
}

type authResp struct {
	status int
	body   string
}

// authWant is what a case expects: an exact status (and a message the body
// must hold), or any status but the auth failures.
type authWant struct {
	status  int
	message string
	passes  bool
}

func (w authWant) check(r authResp) string {
	if w.passes {
		if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden || r.status == http.StatusNotAcceptable || r.status >= 500 {
			return fmt.Sprintf("status %d, want it let through; body %s", r.status, r.body)
		}
		return ""
	}
	if r.status != w.status {
		return fmt.Sprintf("status %d, want %d; body %s", r.status, w.status, r.body)
	}
	if w.message != "" && !strings.Contains(r.body, w.message) {
		return fmt.Sprintf("body %s does not say %q", r.body, w.message)
	}
	return ""
}

type authCase struct {
	name string
	req  authReq
	want authWant
}

// Messages openapi.yaml fixes for the Langflow org rules.
const (
	msgOrgHeaderRequired = "X-DataStax-Current-Org header is required"
	msgOrgHeaderMismatch = "X-DataStax-Current-Org does not match the token's organization"
	msgOrgMismatch       = "organization mismatch"
)

// cases lists the matrix rows for the operation.
func (m *authModel) cases(env *authEnv) []authCase {
	if !m.astra {
		return m.argoCases(env)
	}
	pass := authWant{passes: true}
	unauthorized := authWant{status: http.StatusUnauthorized}
	ok := authReq{credential: "Bearer " + env.admin, orgHeader: env.org, pathOrg: env.org}
	with := func(f func(r *authReq)) authReq { r := ok; f(&r); return r }
	cs := []authCase{
		{"control: the org's administrator", ok, pass},
		{"no credential", with(func(r *authReq) { r.credential = "" }), unauthorized},
		{"unknown token", with(func(r *authReq) { r.credential = "Bearer " + unknownAstraTok }), unauthorized},
		{"token without the Bearer scheme", with(func(r *authReq) { r.credential = env.admin }), unauthorized},
		{"the ARGO key as a bearer token", with(func(r *authReq) { r.credential = "Bearer " + env.argoKeys[fakeserver.ArgoSuperAdmin] }), unauthorized},
		{"the ARGO key in x-api-key", with(func(r *authReq) { r.credential = env.argoKeys[fakeserver.ArgoSuperAdmin]; r.header = "x-api-key" }), unauthorized},
		{"a tenant user's key as a bearer token", with(func(r *authReq) { r.credential = "Bearer " + tenantUserAPIKey }), unauthorized},
	}
	denied := authWant{status: http.StatusForbidden, message: "do not grant the " + m.permission + " permission"}
	if m.permission == "" {
		cs = append(cs, authCase{"a token without roles (the operation needs none)", with(func(r *authReq) { r.credential = "Bearer " + env.noRoles }), pass})
	} else {
		cs = append(cs,
			authCase{"a token without roles", with(func(r *authReq) { r.credential = "Bearer " + env.noRoles }), denied},
			authCase{"a token with every action but " + m.permission, with(func(r *authReq) { r.credential = "Bearer " + env.allBut }), denied},
			authCase{"a token with just " + m.permission, with(func(r *authReq) { r.credential = "Bearer " + env.only }), pass},
		)
	}
	if !m.langflow {
		// The v2 endpoints take the organization from the token and ignore
		// the header; a body naming the organization must name the token's.
		other := pass
		if m.bodyOrgField != "" {
			other = authWant{status: http.StatusForbidden}
		}
		return append(cs,
			authCase{"an org header naming another organization (ignored)", with(func(r *authReq) { r.orgHeader = env.otherOrg }), pass},
			authCase{"no org header (not needed)", with(func(r *authReq) { r.orgHeader = "" }), pass},
			authCase{"another organization's token", with(func(r *authReq) { r.credential = "Bearer " + env.otherAdmin }), other},
		)
	}
	cs = append(cs,
		authCase{"no org header", with(func(r *authReq) { r.orgHeader = "" }), authWant{status: http.StatusBadRequest, message: msgOrgHeaderRequired}},
		authCase{"org header ≠ the token's org", with(func(r *authReq) { r.orgHeader = env.otherOrg }), authWant{status: http.StatusForbidden, message: msgOrgHeaderMismatch}},
		authCase{"another organization's token", with(func(r *authReq) { r.credential = "Bearer " + env.otherAdmin }), authWant{status: http.StatusForbidden, message: msgOrgHeaderMismatch}},
		authCase{"path or body org ≠ the header org", with(func(r *authReq) { r.pathOrg = env.otherOrg }), authWant{status: http.StatusForbidden, message: msgOrgMismatch}},
		authCase{"another org's token for its own org, on this org's path", with(func(r *authReq) { r.credential = "Bearer " + env.otherAdmin; r.orgHeader = env.otherOrg }), authWant{status: http.StatusForbidden, message: msgOrgMismatch}},
		// Precedence: the token before the org rules, the org rules before
		// the permission.
		authCase{"unknown token and no org header: 401 first", with(func(r *authReq) { r.credential = "Bearer " + unknownAstraTok; r.orgHeader = "" }), unauthorized},
		authCase{"unknown token and a foreign org header: 401 first", with(func(r *authReq) { r.credential = "Bearer " + unknownAstraTok; r.orgHeader = env.otherOrg }), unauthorized},
		authCase{"no permission and no org header: 400 first", with(func(r *authReq) { r.credential = "Bearer " + env.noRoles; r.orgHeader = "" }), authWant{status: http.StatusBadRequest, message: msgOrgHeaderRequired}},
		authCase{"no permission and a foreign org header: the org rule first", with(func(r *authReq) { r.credential = "Bearer " + env.noRoles; r.orgHeader = env.otherOrg }), authWant{status: http.StatusForbidden, message: msgOrgHeaderMismatch}},
		authCase{"no permission and a foreign path org: the org rule first", with(func(r *authReq) { r.credential = "Bearer " + env.noRoles; r.pathOrg = env.otherOrg }), authWant{status: http.StatusForbidden, message: msgOrgMismatch}},
	)
	return cs
}

// argoCases are the rows for an ARGO operation: key checks (401), the
// route table (403), then Accept (406).
func (m *authModel) argoCases(env *authEnv) []authCase {
	unauthorized := authWant{status: http.StatusUnauthorized}
	forbidden := authWant{status: http.StatusForbidden}
	notAcceptable := authWant{status: http.StatusNotAcceptable}
	key := func(k string) authReq { return authReq{credential: k, accept: "application/json"} }
	with := func(r authReq, f func(r *authReq)) authReq { f(&r); return r }
	cs := []authCase{
		{"no key", key(""), unauthorized},
		{"unknown key", key(unknownArgoKey), unauthorized},
		{"a tenant user's key", key(tenantUserAPIKey), unauthorized},
		{"the Astra token as x-api-key", key(env.admin), unauthorized},
		{"the Astra token as a bearer token", with(key("Bearer "+env.admin), func(r *authReq) { r.header = "Authorization" }), unauthorized},
		{"unknown key and a bad Accept: 401 first", with(key(unknownArgoKey), func(r *authReq) { r.accept = "*/*" }), unauthorized},
	}
	for _, f := range []fakeserver.ArgoAdminFlavour{fakeserver.ArgoSuperAdmin, fakeserver.ArgoSuperAdminRestricted, fakeserver.ArgoSuperAdminUI} {
		k := key(env.argoKeys[f])
		if !m.allowed[f] {
			cs = append(cs,
				authCase{string(f) + " (not in the route's roles)", k, forbidden},
				authCase{string(f) + " with a bad Accept: 403 first", with(k, func(r *authReq) { r.accept = "*/*" }), forbidden},
			)
			continue
		}
		cs = append(cs,
			authCase{string(f) + " (in the route's roles)", k, authWant{passes: true}},
			authCase{string(f) + " asking for XML", with(k, func(r *authReq) { r.accept = "application/xml" }), authWant{passes: true}},
			authCase{string(f) + " with a bad Accept: 406", with(k, func(r *authReq) { r.accept = "application/json; charset=utf-8" }), notAcceptable},
			authCase{string(f) + " without Accept: 406", with(k, func(r *authReq) { r.accept = "" }), notAcceptable},
		)
	}
	return cs
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// send makes the request a case describes.
func (env *authEnv) send(t *testing.T, m *authModel, r authReq) authResp {
	t.Helper()
	org := r.pathOrg
	if org == "" {
		org = env.org
	}
	path := pathParam.ReplaceAllStringFunc(m.path, func(p string) string {
		if p[1:len(p)-1] == m.orgParam {
			return org
		}
		return placeholderID
	})
	var body io.Reader
	if m.body != nil {
		b := map[string]any{}
		for k, v := range m.body {
			b[k] = v
		}
		if m.bodyOrgField != "" {
			b[m.bodyOrgField] = org
		}
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(context.Background(), m.method, env.srv.URL()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if m.astra {
		req.Header.Set("Accept", "application/json")
		if r.orgHeader != "" {
			req.Header.Set(m.orgHeader, r.orgHeader)
		}
	} else if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	}
	if r.credential != "" {
		h := r.header
		if h == "" {
			h = m.authHeader
		}
		req.Header.Set(h, r.credential)
	}
	resp, err := env.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return authResp{status: resp.StatusCode, body: string(b)}
}

// echoedSecret returns the name of a credential a failed response holds.
func (env *authEnv) echoedSecret(r authResp) string {
	if r.status < 400 {
		return "" // a successful ARGO read may hold tenant users' keys by design
	}
	secrets := map[string]string{"the Astra token": env.admin, "an unknown token": unknownAstraTok, "the other org's token": env.otherAdmin,
		"the ARGO admin key": env.argoKeys[fakeserver.ArgoSuperAdmin], "an unknown ARGO key": unknownArgoKey, "a tenant user's key": tenantUserAPIKey}
	for name, s := range secrets {
		if s != "" && strings.Contains(r.body, s) {
			return name
		}
	}
	return ""
}
