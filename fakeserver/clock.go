package fakeserver

import "github.com/tenantkit/tenantkit/client"

// Clock is the time source of a Server: it stamps timestamps, drives the
// Langflow provisioning lifecycle, injected latency, Retry-After dates and
// the rate limit. It is the SDK's clock interface, so one
// client.VirtualClock can drive both the SDK and the fake (WithClock), and
// a client from SDKClient runs on the fake's clock. The default is
// client.SystemClock(), the wall clock.
type Clock = client.Clock
