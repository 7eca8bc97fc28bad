// Package users manages the members of an Astra organization (invite,
// remove, assign roles) and the users of ARGO tenants (create, update,
// delete, renew API keys, find by ID across tenants).
//
// The models in this package (OrgUser, OrgUserList, UserRole, UserStatus,
// InviteRequest, SetRolesRequest, Organization, ArgoUser, …) are generated
// from openapi.yaml with the JSON keys the servers really use.
package users

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
