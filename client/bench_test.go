package client_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/tenantkit/tenantkit/client"
)

// benchTenant is a Langflow tenant as the fake serves it.
type benchTenant struct {
	ID            string `json:"id"`
	OrgID         string `json:"org_id"`
	CloudProvider string `json:"cloud_provider"`
	Region        string `json:"region"`
	Status        string `json:"status"`
	URL           string `json:"url"`
	CreatedAt     string `json:"created_at"`
	UpdatedAt     string `json:"updated_at"`
}

const benchBody = `{"id":"2f0d6a8e-5c1b-4b8a-9a52-0f4b1c7e9d31","org_id":"7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",` +
	`"cloud_provider":"aws","region":"us-west-2","status":"active",` +
	`"url":"https://aws-us-west-2.langflow.datastax.com/lf/2f0d6a8e-5c1b-4b8a-9a52-0f4b1c7e9d31",` +
	`"created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}`

// BenchmarkGetTenant compares a GET through the SDK with the same request
// written by hand with net/http and encoding/json, on loopback.
func BenchmarkGetTenant(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, benchBody)
	}))
	defer srv.Close()
	const path = "/base/v1/orgs/7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/tenant/2f0d6a8e-5c1b-4b8a-9a52-0f4b1c7e9d31"
	ctx := context.Background()

	b.Run("raw-net-http", func(b *testing.B) {
		hc := cleanhttp.DefaultPooledClient()
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Accept", "application/json")
			req.Header.Set("User-Agent", "tenantkit-go/0.1.0")
			req.Header.Set("Authorization", "Bearer AstraCS:bench-token")
			req.Header.Set("X-DataStax-Current-Org", "7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var t benchTenant
			err = json.NewDecoder(resp.Body).Decode(&t)
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if err != nil || resp.StatusCode != 200 || t.Status != "active" {
				b.Fatalf("status %d, err %v", resp.StatusCode, err)
			}
		}
	})

	b.Run("sdk", func(b *testing.B) {
		c, err := client.New(client.WithBaseURL(srv.URL+"/base"), client.WithBearerToken("AstraCS:bench-token"),
			client.WithOrgID("7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
		if err != nil {
			b.Fatal(err)
		}
		req := client.Request{Operation: "getLangflowTenant", Method: http.MethodGet, Path: path[len("/base"):]}
		b.ReportAllocs()
		for b.Loop() {
			var t benchTenant
			if _, err := c.Do(ctx, req, &t); err != nil || t.Status != "active" {
				b.Fatalf("err %v", err)
			}
		}
	})
}
