package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/client"
)

func ExampleNew() {
	// A stand-in for the Astra DevOps API.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":%q,"name":"Acme"}`, r.Header.Get("X-DataStax-Current-Org"))
	}))
	defer srv.Close()

	c, err := client.New(
		client.WithBaseURL(srv.URL),
		client.WithBearerToken("AstraCS:example-token"),
		client.WithOrgID("org-1"),
		client.WithUserAgent("example/1.0"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	var org struct{ ID, Name string }
	resp, err := c.Do(context.Background(), client.Request{
		Operation: "getCurrentOrganization",
		Method:    http.MethodGet,
		Path:      "/v2/currentOrg",
	}, &org)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, org.ID, org.Name)
	// Output: 200 org-1 Acme
}

func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"errors":[{"ID":1404,"message":"user not found"}]}`)
	}))
	defer srv.Close()
	c, _ := client.New(client.WithBaseURL(srv.URL), client.WithBearerToken("AstraCS:example-token"))

	_, err := c.Do(context.Background(), client.Request{
		Operation: "getOrganizationUser",
		Method:    http.MethodGet,
		Path:      "/v2/organizations/users/u1",
	}, nil)

	fmt.Println(err)
	// Any 404, whatever its body, matches ErrNotFound.
	fmt.Println(errors.Is(err, client.ErrNotFound), errors.Is(err, client.ErrConflict))
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Message)
	}
	// Output:
	// tenantkit: getOrganizationUser GET /v2/organizations/users/u1: 404 Not Found: user not found
	// true false
	// 404 1404 user not found
}

func ExampleItems() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"OrgID":"o1","OrgName":"Acme","Users":[
			{"UserID":"u1","Email":"ada@example.com","Status":"active"},
			{"UserID":"u2","Email":"bob@example.com","Status":"invited"}]}`)
	}))
	defer srv.Close()
	c, _ := client.New(client.WithBaseURL(srv.URL), client.WithBearerToken("AstraCS:example-token"))

	type user struct{ UserID, Email, Status string }
	req := client.Request{Operation: "getOrganizationUsers", Method: http.MethodGet, Path: "/v2/organizations/users"}
	// "Users" selects the array inside the wrapper object.
	for u, err := range client.Items[user](context.Background(), c, req, "Users") {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(u.UserID, u.Email, u.Status)
	}
	// Output:
	// u1 ada@example.com active
	// u2 bob@example.com invited
}

func ExampleDecodeItems() {
	body := strings.NewReader(`{"status":{"message":"Success","code":"200"},"data":null}`)
	n := 0
	for _, err := range client.DecodeItems[map[string]any](body, "data") {
		if err != nil {
			fmt.Println(err)
		}
		n++
	}
	fmt.Println(n, "items") // a null list is an empty list

	for _, err := range client.DecodeItems[int](strings.NewReader(`{"data":{"id":1}}`), "data") {
		fmt.Println(err)
	}
	// Output:
	// 0 items
	// tenantkit: decoding items: expected an array at "data", found an object
}

func ExampleVirtualClock() {
	// The server is busy once and asks for 30 seconds.
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()

	clock := client.NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c, _ := client.New(client.WithBaseURL(srv.URL), client.WithClock(clock))
	resp, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/v2/organizations/roles"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The wait happened in virtual time: the example returns at once.
	fmt.Println(resp.Attempts, "attempts, slept", clock.Slept())
	// Output: 2 attempts, slept 30s
}

func ExampleWithAttemptHook() {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	hook := func(_ context.Context, a client.Attempt) {
		fmt.Printf("%s attempt %d: status %d, next in %v\n", a.Operation, a.Number, a.StatusCode, a.NextDelay)
	}
	c, _ := client.New(client.WithBaseURL(srv.URL), client.WithBearerToken("AstraCS:example-token"),
		client.WithAttemptHook(hook), client.WithClock(client.NewVirtualClock(time.Now())))
	_, err := c.Do(context.Background(), client.Request{Operation: "removeUserFromOrganization", Method: http.MethodDelete, Path: "/v2/organizations/users/u1"}, nil)
	fmt.Println(err)
	// Output:
	// removeUserFromOrganization attempt 1: status 429, next in 2s
	// removeUserFromOrganization attempt 2: status 204, next in 0s
	// <nil>
}

func ExampleNewRateLimiter() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()

	// One budget of 2 requests per second shared by two clients.
	clock := client.NewVirtualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	limiter := client.NewRateLimiter(2, 1)
	astra, _ := client.New(client.WithBaseURL(srv.URL), client.WithClock(clock), client.WithRateLimiter(limiter))
	argo, _ := client.New(client.WithBaseURL(srv.URL), client.WithClock(clock), client.WithRateLimiter(limiter))
	for _, c := range []*client.Client{astra, argo, astra, argo} {
		if _, err := c.Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/ping"}, nil); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("4 requests took", clock.Slept().Round(time.Millisecond))
	// Output: 4 requests took 1.5s
}
