// Package tenants manages Langflow tenants in an Astra organization and ARGO
// tenants with their argo-engine status.
//
// Two services, one per API, both built on a *client.Client:
//
//   - Langflow (NewLangflow): get, list, create and reactivate the Langflow
//     tenants of the client's organization (client.WithOrgID), and wait until
//     one is active (WaitActive, Watch).
//   - Argo (NewArgo): list, get, create, replace (Update) and delete ARGO
//     tenants, change them safely field by field (Modify), and read or
//     replace their argo-engine status.
//
// The models (LangflowTenant, LangflowStatus, LangflowCreateRequest,
// ArgoTenant, ArgoTenantInfo, ArgoDBConf, ArgoTopology, ArgoEngineStatus, …)
// are generated from openapi.yaml with the JSON keys the servers really use.
package tenants

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
