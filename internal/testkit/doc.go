// Package testkit is the standard-library half of the test harness shared
// by tenantkit's tests (issue 11, after go-github's one harness): small
// helpers that keep each test about one behaviour.
//
//   - Diff, Equal, WantEqual, DiffJSON: compare values, or JSON texts, and
//     show a "-want +got" diff when they differ.
//   - Stub (NewAstraStub, NewArgoStub, NewAnswerStub): a loopback server
//     under a non-empty base path that answers canned bodies, inline or
//     from testdata, and records each Request; WantJSONBody asserts one's
//     body.
//   - Call and EachCall: a table of SDK calls, each run in its own
//     subtest; FirstErr and Take read an All-style iterator.
//   - Concurrently, WantSameElements, WantUnique: concurrent writes and
//     what they leave.
//   - ReadTestdata, Unmarshal, DecodeStrict: fixtures.
//   - Reports: what an assertion helper reports, for the harness's own
//     tests.
//
// The other half, sdktest, knows the SDK's client and the fake. This half
// needs nothing but the standard library, so the in-package tests of
// client and fakeserver (which sdktest imports) can use it too, and, like
// sdktest, it adds no module to the go.sum of a tenantkit user: go mod tidy
// records the imports of the tests of every package that user imports.
package testkit
