package reliability_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
	"github.com/tenantkit/tenantkit/users"
)

// Credentials of the fuzzed clients, in their real shapes.
const (
	fuzzAstraToken = "AstraCS:RespRespRespRespRespResp:7e3a9c1f5b2d8e4a6c0f1b3d5e7a9c2f4b6d8e0a1c3f5b7d9e2a4c6f8b0d1e3a"
	fuzzArgoKey    = "2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a1c3b5d7f9e0a2c4b6d8f1e3a"
	fuzzOrg        = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	fuzzID         = "3c9d7e1f-2a4b-4c6d-8e0f-1a2b3c4d5e6f"
)

// FuzzSDKResponses answers every request of a service method (which: 0 for
// every method, as the seeds do, else the one it picks) with the same
// arbitrary status, Content-Type and body, as a broken, hostile or future
// server might. No method may panic or hang; every error must be one
// line without the client's credential, even when the body echoes it; and
// when the status was not 2xx, the
// *client.APIError the method returns (when it returns one) must carry that
// status.
func FuzzSDKResponses(f *testing.F) {
	for _, dir := range []string{"../../testdata/apidocs", "../../client/testdata/errors", "../../tenants/testdata/argo", "../../users/testdata/argo", "../../tenants/testdata/langflow"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil || strings.HasSuffix(name, ".md") {
				continue
			}
			f.Add(uint8(0), 200, "application/json", b)
			if strings.Contains(filepath.Base(name), "40") || strings.Contains(filepath.Base(name), "50") {
				f.Add(uint8(0), 409, "application/json; charset=utf-8", b)
			}
		}
	}
	for _, s := range []struct {
		status int
		body   string
	}{
		{200, ``}, {201, `null`}, {204, `[]`}, {200, `{}`}, {200, `{"data":null}`}, {200, `{"Users":{}}`},
		{200, `[{"ID":"` + fuzzID + `","Name":"x"}]`},
		{200, `{"status":"active","id":"` + fuzzID + `"}`},
		{200, `{"status":{"message":"Success","code":"200"},"data":[{"id":"` + fuzzID + `","users":[{"id":"u","api_key":"` + fuzzArgoKey + `"}]}]}`},
		{202, `{"tenant_id":"` + fuzzID + `","status":"reactivating"}`},
		{401, `{"errors":[{"ID":1401,"message":"Invalid token ` + fuzzAstraToken + `"}]}`},
		{409, `{"status":{"message":"Conflict","code":"409"},"errors":[{"message":"Conflict","code":"409","details":"More than one users found using the key: ` + fuzzArgoKey + `"}]}`},
		{503, `<html>down</html>`}, {429, `"slow down"`}, {404, "404 page not found\n"},
	} {
		f.Add(uint8(0), s.status, "application/json", []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, which uint8, status int, ctype string, body []byte) {
		if status < 100 || status > 999 {
			return
		}
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := http.Header{}
			if ctype != "" {
				h.Set("Content-Type", ctype)
			}
			return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
		})
		common := []client.Option{client.WithBaseURL("https://fuzz.example"), client.WithTransport(rt), client.WithClock(client.NewVirtualClock(time.Unix(0, 0)))}
		astra, err := client.New(append(common, client.WithBearerToken(fuzzAstraToken), client.WithOrgID(fuzzOrg))...)
		if err != nil {
			t.Fatal(err)
		}
		argo, err := client.New(append(common, client.WithArgoAPIKey(fuzzArgoKey))...)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		calls := sdkSurface(astra, argo)
		if which > 0 {
			calls = calls[int(which-1)%len(calls):][:1]
		}
		for _, call := range calls {
			err := call.run(ctx)
			if err == nil {
				continue
			}
			// A client can only keep out of its errors the credential it
			// holds: the other API's is just text to it.
			msg, own := err.Error(), fuzzAstraToken
			if strings.HasPrefix(call.name, "argo") {
				own = fuzzArgoKey
			}
			if strings.Contains(msg, own) || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("%s: error holds its credential or a line break: %q", call.name, msg)
			}
			var apiErr *client.APIError
			if errors.As(err, &apiErr) && (status < 200 || status > 299) && apiErr.StatusCode != status {
				t.Errorf("%s: APIError status %d; the server sent %d", call.name, apiErr.StatusCode, status)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("%s: did not finish within 10s: %v", call.name, err)
			}
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// sdkCall is one service method, with arguments that pass its own checks.
type sdkCall struct {
	name string
	run  func(ctx context.Context) error
}

// sdkSurface is every method of every service.
func sdkSurface(astra, argo *client.Client) []sdkCall {
	r, u, l := roles.NewAstra(astra), users.NewAstra(astra), tenants.NewLangflow(astra)
	a, au := tenants.NewArgo(argo), users.NewArgo(argo)
	def := roles.Definition{Name: "fuzz", Policy: roles.Allow([]roles.Action{roles.ActionOrgRead}, roles.OrgResource(fuzzOrg))}
	e := func(_ any, err error) error { return err }
	return []sdkCall{
		{"roles.List", func(ctx context.Context) error { return e(r.List(ctx)) }},
		{"roles.All", func(ctx context.Context) error { return firstErr(r.All(ctx)) }},
		{"roles.Get", func(ctx context.Context) error { return e(r.Get(ctx, fuzzID)) }},
		{"roles.ByName", func(ctx context.Context) error { return e(r.ByName(ctx, "x")) }},
		{"roles.Create", func(ctx context.Context) error { return e(r.Create(ctx, def)) }},
		{"roles.Update", func(ctx context.Context) error { return e(r.Update(ctx, fuzzID, def)) }},
		{"roles.Delete", func(ctx context.Context) error { return r.Delete(ctx, fuzzID) }},
		{"roles.ResolveIDs", func(ctx context.Context) error { return e(r.ResolveIDs(ctx, "x", fuzzID)) }},
		{"users.Organization", func(ctx context.Context) error { return e(u.Organization(ctx)) }},
		{"users.List", func(ctx context.Context) error { return e(u.List(ctx)) }},
		{"users.All", func(ctx context.Context) error { return firstErr(u.All(ctx)) }},
		{"users.Get", func(ctx context.Context) error { return e(u.Get(ctx, fuzzID)) }},
		{"users.ByEmail", func(ctx context.Context) error { return e(u.ByEmail(ctx, "a@example.com")) }},
		{"users.Invite", func(ctx context.Context) error { return e(u.Invite(ctx, "a@example.com", "x")) }},
		{"users.SetRoles", func(ctx context.Context) error { return u.SetRoles(ctx, fuzzID, fuzzID) }},
		{"users.Remove", func(ctx context.Context) error { return u.Remove(ctx, fuzzID) }},
		{"langflow.Create", func(ctx context.Context) error {
			return e(l.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-east-1"}))
		}},
		{"langflow.Get", func(ctx context.Context) error { return e(l.Get(ctx, fuzzID)) }},
		{"langflow.List", func(ctx context.Context) error { return e(l.List(ctx)) }},
		{"langflow.All", func(ctx context.Context) error { return firstErr(l.All(ctx)) }},
		{"langflow.Reactivate", func(ctx context.Context) error { return e(l.Reactivate(ctx, fuzzID)) }},
		// Watch polls forever while the answer says "provisioning": take 3.
		{"langflow.Watch", func(ctx context.Context) error { return firstErrOf(l.Watch(ctx, fuzzID), 3) }},
		{"argo.List", func(ctx context.Context) error { return e(a.List(ctx)) }},
		{"argo.All", func(ctx context.Context) error { return firstErr(a.All(ctx)) }},
		{"argo.Get", func(ctx context.Context) error { return e(a.Get(ctx, fuzzID)) }},
		{"argo.Create", func(ctx context.Context) error {
			return e(a.Create(ctx, tenants.ArgoTenant{Info: tenants.ArgoTenantInfo{Name: "x"}, DBConf: []tenants.ArgoDBConf{{Password: "fuzz-db-password-123"}}}))
		}},
		{"argo.Update", func(ctx context.Context) error { return e(a.Update(ctx, fuzzID, tenants.ArgoTenant{})) }},
		{"argo.Modify", func(ctx context.Context) error {
			return e(a.Modify(ctx, fuzzID, func(t *tenants.ArgoTenant) error { t.Info.Description = "x"; return nil }))
		}},
		{"argo.Delete", func(ctx context.Context) error { return a.Delete(ctx, fuzzID) }},
		{"argo.Status", func(ctx context.Context) error { return e(a.Status(ctx, fuzzID)) }},
		{"argo.UpdateStatus", func(ctx context.Context) error {
			return e(a.UpdateStatus(ctx, fuzzID, tenants.ArgoHealthyStatus(time.Unix(0, 0), "r")))
		}},
		{"argoUsers.List", func(ctx context.Context) error { return e(au.List(ctx, fuzzID)) }},
		{"argoUsers.All", func(ctx context.Context) error { return firstErr(au.All(ctx, fuzzID)) }},
		{"argoUsers.Get", func(ctx context.Context) error { return e(au.Get(ctx, fuzzID, fuzzID)) }},
		{"argoUsers.Create", func(ctx context.Context) error { return e(au.Create(ctx, fuzzID, users.ArgoUser{Name: "x"})) }},
		{"argoUsers.Update", func(ctx context.Context) error {
			return e(au.Update(ctx, fuzzID, fuzzID, users.ArgoUser{APIKey: fuzzArgoKey}))
		}},
		{"argoUsers.Delete", func(ctx context.Context) error { return au.Delete(ctx, fuzzID, fuzzID) }},
		{"argoUsers.RenewAPIKey", func(ctx context.Context) error { return e(au.RenewAPIKey(ctx, fuzzID, fuzzID)) }},
		{"argoUsers.ByID", func(ctx context.Context) error { return e(au.ByID(ctx, fuzzID)) }},
		{"argoUsers.ByIDFlat", func(ctx context.Context) error { return e(au.ByIDFlat(ctx, fuzzID)) }},
	}
}

// firstErr drains a sequence and returns its error, if any.
func firstErr[T any](seq func(func(T, error) bool)) error {
	return firstErrOf(seq, -1)
}

// firstErrOf reads at most n elements of a sequence (all when n < 0) and
// returns its error, if any.
func firstErrOf[T any](seq func(func(T, error) bool), n int) error {
	var out error
	seen := 0
	for _, err := range seq {
		if err != nil {
			out = err
			break
		}
		if seen++; n >= 0 && seen >= n {
			break
		}
	}
	return out
}
