// Package reliability holds no code: its tests prove, end to end through the
// SDK and the fake, what people who put tenantkit in their provisioning path
// and its fake in their CI rely on.
//
//   - stress_test.go: 64 goroutines of mixed operations on both APIs of one
//     fake lose no acknowledged write and break no uniqueness rule.
//   - exactlyonce_test.go: under 5xx, 429 and dropped connections, reads and
//     idempotent writes finish within their retry budget and no POST is sent
//     twice after an ambiguous failure.
//   - secrets_test.go: no log record, error string or journal entry of the
//     whole SDK surface holds a token, API key or password.
//   - cancel_test.go: a cancelled call returns within 10 ms wherever it waits.
//   - responses_fuzz_test.go: no server answer makes a service method panic,
//     lose the status or leak a secret.
//
// The auth matrix derived from openapi.yaml lives beside the spec tests in
// the root package; the fuzz targets of the fake's handlers and of the
// client's decoders live in their packages; the behavioural contract that
// also runs against the real APIs is internal/contract.
package reliability
