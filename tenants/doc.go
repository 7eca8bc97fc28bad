// Package tenants manages Langflow tenants in an Astra organization and ARGO
// tenants with their argo-engine status.
//
// Two services, one per API, both built on a *client.Client:
//
//   - Langflow (NewLangflow): get, list, create and reactivate the Langflow
//     tenants of the client's organization (client.WithOrgID), wait until
//     one is active (WaitActive, Watch), and find the tenants a create whose
//     outcome is unknown may have made (CreatedSince).
//   - Argo (NewArgo): list, get, find by name (ByName), create, replace
//     (Update) and delete ARGO tenants, change them safely field by field
//     (Modify), read or replace their argo-engine status, and rotate the API
//     keys of their users (RotateKeys, which says what it did to the status
//     and can put it back).
//
// The models (LangflowTenant, LangflowStatus, LangflowCreateRequest,
// ArgoTenant, ArgoTenantInfo, ArgoDBConf, ArgoTopology, ArgoEngineStatus, …)
// are generated from openapi.yaml with the JSON keys the servers really use.
package tenants

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
