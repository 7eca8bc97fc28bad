// Package users manages the members of an Astra organization and the users
// of ARGO tenants.
//
// Two services, one per API, both built on a *client.Client:
//
//   - Astra (NewAstra): list, get and find by email the members of the
//     token's organization, invite them with roles given by name or ID (one
//     at a time with Invite, many with one read-back with InviteMany),
//     replace their roles (SetRoles) and remove them; and bring the whole
//     organization to a desired state (Access) with PlanAccess, ApplyAccess
//     and SyncAccess.
//   - Argo (NewArgo): list, get, create, patch (Update) and delete the users
//     of an ARGO tenant, renew their API keys, find a user by ID across all
//     tenants, and find the users a create whose outcome is unknown may have
//     made (Matching).
//
// The models (OrgUser, OrgUserList, UserRole, UserStatus, InviteRequest,
// SetRolesRequest, Organization, ArgoUser, …) are generated from openapi.yaml
// with the JSON keys the servers really use.
package users

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
