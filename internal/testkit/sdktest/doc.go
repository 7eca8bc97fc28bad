// Package sdktest is the half of tenantkit's test harness that knows the
// SDK's client and the fake (package testkit is the other):
//
//   - Fake (NewFake): a fakeserver on a virtual clock shared with its
//     clients, reached over a Transport (EachTransport runs a test over
//     both); Astra (NewAstra) and Argo (NewArgo) add SDK clients with the
//     fixture's credentials; ClientOf, Clients and StubClient build
//     clients of a fake or a testkit.Stub; MakeWorld makes one of
//     everything the SDK's calls address.
//   - AttemptLog: the operations, requests and clock times of a client's
//     attempts.
//   - WantAPIError, WantArgoError, WantNothingFound, AsAPIError: the
//     errors the SDK returns.
//   - Shapes a test of every service has: WantAuthEnforced (Astra auth:
//     unknown tokens and missing permissions), WantErrorInEveryStyle (Astra
//     error bodies), WantArgoErrorsDecoded, WantEmptyData,
//     WantEmptyAnswersRefused, WantOddAnswersRefused, WantNilClientRefused,
//     WantRefusedBeforeSending.
//
// Every fake NewFake starts checks each exchange against openapi.yaml with
// internal/spectest (standard library only, so it adds nothing to the
// go.sum of tenantkit's users) and fails its test on a violation, unless
// the test marks it OffSpec; SpecChecked does the same for a fake a test
// starts itself.
//
// It imports client, fakeserver and the service packages, so the
// in-package tests of those (package client, not client_test) cannot
// import it: they use testkit.
package sdktest
