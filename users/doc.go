// Package users manages the members of an Astra organization and the users
// of ARGO tenants.
//
// Two services, one per API, both built on a *client.Client:
//
//   - Astra (NewAstra): list, get and find by email the members of the
//     token's organization, invite them with roles given by name or ID,
//     replace their roles (SetRoles) and remove them.
//   - Argo (NewArgo): list, get, create, patch (Update) and delete the users
//     of an ARGO tenant, renew their API keys, and find a user by ID across
//     all tenants.
//
// The models (OrgUser, OrgUserList, UserRole, UserStatus, InviteRequest,
// SetRolesRequest, Organization, ArgoUser, …) are generated from openapi.yaml
// with the JSON keys the servers really use.
package users

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
