// Package sdktest is the half of tenantkit's test harness that knows the
// SDK's client and the fake: it starts a fake on a virtual clock with SDK
// clients on it (Astra, Argo), records the attempts a client makes, and
// asserts the errors the SDK returns. The other half, package testkit,
// holds what needs only the standard library (Diff, the canned-answer
// Stub, call tables); it is apart so that the in-package tests of client
// and fakeserver, which this package imports, can use it too.
//
// Like testkit, it imports nothing outside the standard library and
// tenantkit, so the tests of the packages a tenantkit user imports put no
// module into that user's go.sum.
package sdktest
