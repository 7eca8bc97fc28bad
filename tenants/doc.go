// Package tenants manages Langflow tenants in an Astra organization and ARGO
// tenants with their argo-engine status.
//
// The models in this package (LangflowTenant, LangflowStatus,
// LangflowCreateRequest, ArgoTenant, ArgoTenantInfo, ArgoDBConf,
// ArgoTopology, ArgoEngineStatus, …) are generated from openapi.yaml with the
// JSON keys the servers really use.
package tenants

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
