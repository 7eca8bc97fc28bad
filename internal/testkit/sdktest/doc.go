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
//   - Shapes a test of every service has: WantUnknownTokenRefused and
//     WantPermissionsEnforced (Astra auth), WantErrorInEveryStyle (Astra
//     error bodies), WantArgoErrorsDecoded, WantEmptyData,
//     WantEmptyAnswersRefused, WantOddAnswersRefused, WantNilClientRefused,
//     WantRefusedBeforeSending.
//
// The tests using it cannot check exchanges against openapi.yaml (the
// checker's OpenAPI library would enter the go.sum of tenantkit's users);
// every fake NewFake starts records its exchanges instead when
// testkit.ExchangesDirEnv is set, and internal/conformance checks them.
//
// It imports client, fakeserver and the service packages, so the
// in-package tests of those (package client, not client_test) cannot
// import it: they use testkit.
package sdktest
