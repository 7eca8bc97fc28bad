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
//
// # ARGO Web API
//
// Under /api/v2/admin the fake is the argo-web-api 1.14.2 admin API:
// tenants, engine status, tenant users and users:byID, with its routing
// (no 405: a wrong method is "404 page not found"; unclean paths get 301),
// its check order (401, 403, 406, then the handler), its envelope, messages
// and error bodies byte for byte, and its uniqueness rules. Admin keys
// ([Server.AddArgoAdminKey]; every Server starts with one of each
// [ArgoAdminFlavour], see [Credentials]) are separate from tenant users' api
// keys; which flavour may use which route is a table ([WithArgoRouteRoles],
// default [ArgoDefaultRouteRoles]).
// [Server.SeedArgoTenants] stores fixtures with fixed IDs and keys.
//
// It departs from the real server on purpose only here:
//   - 401, 403 and 406 responses do not echo the request's headers (the real
//     server copies them all into the response, x-api-key included) and their
//     Content-Type is "application/json; charset=utf-8", or
//     "application/xml; charset=utf-8" when Accept is exactly
//     "application/xml" (the real server sends the request's Content-Type,
//     or "text/plain; charset=utf-8").
//   - It speaks plain HTTP; links.self still starts with "https://".
//   - info.created and info.updated come from the Server's clock, in UTC
//     (the real server uses its local time zone).
//   - It reads at most 64 MiB of a request body ([WithArgoBodyLimit]; the
//     real server reads 1 GiB); the rest is cut off, as at the real limit.
//   - A request body that cannot be read is a 400 (the real server's handler
//     panics and answers an empty 200).
//   - It never answers 500: values MongoDB would refuse (such as
//     hdfs.sync_data names containing "." or "$") are stored as given.
//   - The empty string cannot be made an admin key.
package fakeserver
