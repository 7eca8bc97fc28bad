package fakeserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/fakeserver/internal/faketest"
)

func TestCloseCutsOffUnreadInProcessResponsesAndRefusesNewRequests(t *testing.T) {
	t.Parallel()
	srv := faketest.New(t, faketest.WithUsers(5000)) // a list that streams in several chunks
	req, _ := http.NewRequest("GET", "http://fake.invalid/v2/organizations/users", nil)
	req.Header.Set("Authorization", "Bearer "+fakeserver.DefaultAstraToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadFull(resp.Body, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a response nobody reads")
	}
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("the cut-off body read to its end")
	}
	if _, err := srv.Client().Get("http://fake.invalid/v2/currentOrg"); err == nil || !strings.Contains(err.Error(), "fakeserver: server closed") {
		t.Errorf("a request after Close: %v, want fakeserver: server closed", err)
	}
}
