// Package fakeserver is an in-memory, stateful, concurrency-safe
// implementation of the APIs tenantkit speaks: the Astra DevOps API
// (Langflow tenants, organization users, roles) and the ARGO Web API v2
// admin endpoints (tenants, engine status, tenant users).
//
// A Server is a real HTTP server on loopback, like httptest.Server, and also
// offers an in-process transport that calls the handlers without sockets:
//
//	srv := fakeserver.NewTest(t) // closed by t.Cleanup
//	c := fakeserver.NewTestClient(t, srv, fakeserver.AsAstra())
//	roles, err := roles.NewAstra(c).List(ctx)
//
// NewTestClient (or Server.SDKClient) builds a tenantkit client for any of
// the fake's credentials — AsAstra, AsAstraToken, AsArgoAdmin for each
// admin flavour, AsArgoKey — over the in-process transport and on the
// fake's clock. Any other HTTP client works with URL (and Client).
//
// Every piece of state belongs to one Server value: two fakes in one test
// never share anything a request can change, and every test with its own
// Server may run in parallel (tests that share one fake through a
// [Remote] may not: see below). A fresh Server costs about what an
// httptest.Server does, so start one per test: what never changes (routing tables, the built-in
// roles, fixed error bodies, the default fixture's state) is built once per
// process and shared, and state is copy on write.
//
// The fake answers what the real servers answer on the wire: paths, methods,
// JSON keys and their casing, status codes, envelopes, exact messages (typos
// included) and auth behaviour. Where the real behaviour is not publicly
// documented, the fake does what openapi.yaml decides and says so there.
//
// # A test instrument
//
// Beyond answering, the fake helps a test find the bugs that happy paths
// hide: how a client copes with a failing, slow or rate-limited API, and
// what exactly it sent.
//
// Faults ([Fault], [Server.AddFault], [WithFaults], [Server.ClearFaults])
// are rules matched by operation or by method and path pattern, for the
// next n calls, after the first n, or with a seeded probability.
// Operations are openapi.yaml's operationIds, as tenantkit's operation
// registry names them (tenantkit.OpCreateLangflowTenant, …; see
// [Operations]). A rule adds latency on the server's Clock, answers a status
// with that API's own error body and a Retry-After (seconds, or an HTTP-date
// computed from the clock), or drops the connection before serving, after
// serving (the ambiguous failure after which a POST must not be replayed)
// or in the middle of the response:
//
//	srv.AddFault(fakeserver.Fault{Operation: tenantkit.OpGetOrganizationUsers, Status: 503, RetryAfter: 2 * time.Second, Times: 2})
//	srv.AddFault(fakeserver.Fault{Operation: tenantkit.OpCreateLangflowTenant, Drop: fakeserver.DropAfterServing, Times: 1})
//
// [WithRateLimit] enforces a token bucket per credential on the server's
// clock and answers 429 with Retry-After in each API's error shape.
//
// The [Journal] ([Server.Journal]) records every request the fake handled,
// faulted, rate-limited and dropped ones included, and every server-side
// event: operation, method, path, query, headers and bodies with secrets
// redacted, status, time. [Journal.CallsTo], [Journal.Last] and
// [Journal.Summary] make assertions one comparison; [Journal.Outline] names
// each call's operation and replaces generated IDs with placeholders, so it
// compares with a literal whatever IDs the fake drew:
//
//	want := []string{"createLangflowTenant POST /v1/tenant - fault=fault-1 dropped=before-serving"}
//	if got := srv.Journal().Outline(); !slices.Equal(got, want) { … }
//
// It keeps the last [DefaultJournalCapacity] entries and bodies up to
// [DefaultJournalBodyLimit] bytes ([WithJournalCapacity],
// [WithJournalBodyLimit]; capacity 0 turns it off).
//
// [WithObserver] hands every exchange, whole and unredacted, to a function
// of std-lib types. tenantkit's own tests plug in a validator of
// openapi.yaml there (the internal spectest package), so the fake's answers
// are checked against the spec in every test.
//
// # Fixtures, snapshots and events
//
// A Server starts from a [Fixture]: [DefaultFixture] (the Default*
// constants of [Credentials]) unless [WithFixture] gives another, built in
// Go or read from a JSON file ([LoadFixture], [ParseFixture]; the format is
// the Fixture type's JSON form, testdata/fixture.example.json shows every
// field). [Server.Credentials] reports the fixture's credentials.
// [Server.Snapshot] copies the whole state in one cut, [Server.Restore] puts
// a copy back, [Server.Reset] returns to the fixture; each costs nothing
// until the next write, which copies what it changes.
//
// What the real services do on their own, a test triggers with a hook: an
// invitation accepted ([Server.AcceptInvitation]), a Langflow tenant done
// provisioning ([Server.FinishProvisioning]), deactivated for inactivity
// ([Server.DeactivateLangflowTenant]) or pinned to any status
// ([Server.SetLangflowTenantStatus]). Each is atomic and journaled.
//
// # Determinism
//
// [WithClock] drives timestamps, the Langflow provisioning lifecycle,
// injected latency, Retry-After dates and the rate limit; client.VirtualClock
// satisfies [Clock], so one virtual clock can drive the SDK's backoff and
// the fake alike and a retry test runs in microseconds. [WithSeed] makes
// generated IDs, API keys, tokens and fault draws repeatable: the same seed
// and the same requests give byte-identical responses.
//
// # As a process
//
// cmd/fakeserver runs the same fake for tests in any language:
//
//	go run github.com/tenantkit/tenantkit/cmd/fakeserver -addr 127.0.0.1:8080 -fixture fixture.json
//
// It prints the credentials, the control token, the inspector page's URL
// and the base URL, and stops on SIGINT or SIGTERM.
//
// # Steering a fake in another process
//
// [WithControlToken] (always on in cmd/fakeserver) serves a control API
// under [ControlPrefix]: reset, snapshots by name, fixture loading, fault
// rules, the rate limit, the journal, the events and the clock, as JSON
// described by controlapi.yaml (served at /__tenantkit/api/openapi.yaml),
// and the inspector page, which shows the journal live, each API's state
// and the fault rules, with buttons for reset and the events. Every
// control request needs the control token; the APIs' credentials never
// open it, and the control token never opens the APIs.
//
// [Dial] and [DialTest] return a [Remote]: the Server's instrument methods
// over the control API, with the same signatures. Both are an
// [Instrument], so a test runs against the binary by changing the line
// that makes the fake:
//
//	fake := fakeserver.NewTest(t)
//	fake := fakeserver.DialTest(t, os.Getenv("TENANTKIT_FAKE_URL"), os.Getenv("TENANTKIT_FAKE_CONTROL_TOKEN"))
//
// Tests that share one binary must not run in parallel: its state, fault
// rules, rate limit, clock and journal are shared by every client, a
// DialTest cleanup resets them under any other test still running, and a
// journal read sees the other tests' calls. Start one binary per parallel
// test, or run the tests on a shared binary serially (no t.Parallel).
//
// # ARGO Web API
//
// Under /api/v2/admin the fake is the argo-web-api 1.14.2 admin API:
// tenants, engine status, tenant users and users:byID, with its routing
// (no 405: a wrong method is "404 page not found"; unclean paths get the
// 301 redirects of the upstream build, Go 1.25's http.ServeMux and
// gorilla/mux, byte for byte, as openapi.yaml describes),
// its check order (401, 403, 406, then the handler), its envelope, messages
// and error bodies byte for byte, and its uniqueness rules. Admin keys
// ([Server.AddArgoAdminKey]; the default fixture has one of each
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
