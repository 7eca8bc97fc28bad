package fakeserver

// The default fixture's user: the organization's one active member.
const (
	defaultAdminUserID = "0f5e8d4c-2b1a-4c3d-9e8f-7a6b5c4d3e2f"
	defaultAdminEmail  = "admin@tenantkit.example"
)

// seedDefaultFixture stores the default organization, its token and its
// administrator (see credentials.go). The values are constants, so it
// cannot fail.
func (a *astraAPI) seedDefaultFixture() {
	_ = a.store.addOrg(DefaultOrgID, DefaultOrgName)
	_ = a.store.addToken(DefaultAstraToken, astraClientID(DefaultAstraToken), DefaultOrgID,
		[]string{roleOrgAdmin, roleLangflowAdmin})
	_ = a.store.addUser(DefaultOrgID, &astraUser{
		id:     defaultAdminUserID,
		email:  defaultAdminEmail,
		status: userActive,
		roles:  []string{builtinRoleID(roleOrgAdmin)},
	})
}

// builtinRoleID returns the ID of a built-in role by name, or "".
func builtinRoleID(name string) string {
	for _, b := range builtinRoles() {
		if b.name == name {
			return b.id
		}
	}
	return ""
}
