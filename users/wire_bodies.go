package users

// The request and response bodies only the service methods see, in the
// shapes openapi.yaml gives them (InviteRequest, SetRolesRequest,
// ArgoRenewedKey): no exported method takes or returns them, so they are
// not generated into the package's API.

// inviteRequest is the body of PUT /v2/organizations/users: one invitation,
// roles by ID.
type inviteRequest struct {
	Email string   `json:"email"`
	OrgID string   `json:"orgID"`
	Roles []string `json:"roles"`
}

// setRolesRequest is the body of PUT /v2/organizations/users/{userID}/roles:
// the user's new roles, by ID.
type setRolesRequest struct {
	Roles []string `json:"roles"`
}

// argoRenewedKey is the data of a key renewal's answer: the new key.
type argoRenewedKey struct {
	APIKey string `json:"api_key"`
}
