// Package fakeserver is an in-memory, stateful, concurrency-safe
// implementation of the APIs tenantkit speaks: the Astra DevOps API
// (Langflow tenants, organization users, roles) and the ARGO Web API v2
// admin endpoints (tenants, engine status, tenant users).
//
// A Server is a real HTTP server on loopback, like httptest.Server, and also
// offers an in-process transport that calls the handlers without sockets:
//
//	srv := fakeserver.NewTest(t)             // closed by t.Cleanup
//	c, _ := client.New(
//		client.WithBaseURL(srv.URL()),
//		client.WithHTTPClient(srv.Client()), // optional: no sockets
//		client.WithBearerToken(srv.Credentials().AstraToken),
//	)
//
// Every piece of state belongs to one Server value: two fakes in one test
// never share anything, and every test may run in parallel.
//
// The fake answers what the real servers answer on the wire: paths, methods,
// JSON keys and their casing, status codes, envelopes, exact messages (typos
// included) and auth behaviour. Where the real behaviour is not publicly
// documented, the fake does what openapi.yaml decides and says so there.
package fakeserver
