package faketest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// ArgoSeed builds a SeedArgoTenants array of n tenants with users users
// each, with fixed IDs ("t<i>", "u<i>-<j>") and keys.
func ArgoSeed(n, users int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"t%d","info":{"name":"tenant %d","email":"t%d@example.org"},"topology":{"type":"GOCDB","feed":"feed"},"users":[`, i, i, i)
		for j := range users {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"u%d-%d","name":"user %d","email":"u%d@example.org","api_key":"key-%d-%d","roles":["admin"]}`, i, j, j, j, i, j)
		}
		b.WriteString("]}")
	}
	b.WriteByte(']')
	return b.String()
}

// ArgoGet is a GET of url with the default super admin key.
func ArgoGet(tb testing.TB, url string) *http.Request {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("x-api-key", fakeserver.DefaultArgoAdminKey)
	req.Header.Set("Accept", "application/json")
	return req
}

// BenchLoopback sends req b.N times over one keep-alive connection and
// reads each response whole.
func BenchLoopback(b *testing.B, req *http.Request) {
	tr := &http.Transport{}
	b.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
