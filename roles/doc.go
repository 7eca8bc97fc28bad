// Package roles manages the roles of an Astra organization and the policies
// they carry: which actions a role allows on which resources.
//
// The service is Astra (NewAstra): list, get, find by name, create, replace
// (Update) and delete roles, and resolve role names to IDs (ResolveIDs, or a
// Resolver that reads the roles once and serves any number of calls).
// Helpers build policies (Allow) and resource names (OrgResource,
// DatabaseResource, …); the built-in role names are constants
// (OrganizationAdministrator, LangflowAdministrator, …).
//
// The models (Role, Policy, Action, Effect, Definition) are generated from
// openapi.yaml; the JSON keys are the ones the Astra DevOps API really sends
// (PascalCase for a role, lowercase inside its policy).
package roles

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
