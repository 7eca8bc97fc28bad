// Package contract holds no code: its tests are tenantkit's behavioural
// contract with the APIs it speaks, written once and run against every
// environment there is.
//
// Each test takes an environment, which provides SDK clients for the Astra
// DevOps API and for an ARGO Web API server. The in-memory fake (with every
// exchange checked against openapi.yaml) is always an environment. Built with
// the "live" tag, the real APIs are one too, for each API whose credentials
// are in the environment variables:
//
//	ASTRA_DB_APPLICATION_TOKEN and ASTRA_ORG_ID   the Astra DevOps API (ASTRA_API_URL overrides its base URL)
//	ARGO_API_URL and ARGO_API_KEY                 an ARGO Web API server, with a super_admin key
//	ARGO_RESTRICTED_API_KEY, ARGO_UI_API_KEY      optional: a super_admin_restricted and a super_admin_ui
//	                                              key of the same server, for what those flavours see and
//	                                              are refused (under the server's default role table)
//
// so that
//
//	go test -tags live -run . ./internal/contract
//
// runs the same test bodies against the fake and the real APIs, and skips,
// saying why, the live runs whose variables are missing. The fake has a key
// of every ARGO admin flavour, so the flavour tests always run against it.
// The live environment reads only these variables, so pointing them at
// cmd/fakeserver (its TENANTKIT_FAKE_* lines) runs the live path too. Live runs create
// only objects with unique "tenantkit-contract-" names and delete them when
// they end, failed or not. Langflow tenants cannot be deleted through the
// API, so creating one live needs TENANTKIT_LIVE_LANGFLOW_CREATE=1 as well.
package contract
