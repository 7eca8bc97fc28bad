package users

import "strings"

// String returns the user on one line, for logs and messages: ID, email,
// status and roles by name (by ID when the API sent no name), in the form
// ArgoUser.String uses:
//
//	{UserID:0f5e… Email:ada@example.com Status:active Roles:[Organization Administrator]}
//
// An OrgUser holds no secret.
func (u OrgUser) String() string {
	var b strings.Builder
	b.WriteString("{UserID:")
	b.WriteString(u.UserID)
	b.WriteString(" Email:")
	b.WriteString(u.Email)
	b.WriteString(" Status:")
	b.WriteString(string(u.Status))
	b.WriteString(" Roles:[")
	for i, r := range u.Roles {
		if i > 0 {
			b.WriteByte(' ')
		}
		if r.Name != "" {
			b.WriteString(r.Name)
		} else {
			b.WriteString(r.ID)
		}
	}
	b.WriteString("]}")
	return b.String()
}
