package roles

import "slices"

// The built-in roles every Astra organization has, by the names the API uses
// (which differ from some UI labels: "Admin Svc Acct" is shown as
// "Administrator Service Account"). Built-in roles cannot be updated or
// deleted. Their IDs differ between sources and may differ between
// environments, so resolve them by name (Astra.ByName) instead of
// hard-coding IDs.
const (
	OrganizationAdministrator  = "Organization Administrator"
	DatabaseAdministrator      = "Database Administrator"
	BillingAdmin               = "Billing Admin"
	UIViewOnly                 = "UI View Only"
	AdminUser                  = "Admin User"
	AdminServiceAccount        = "Admin Svc Acct"
	ReadOnlyUser               = "RO User"
	ReadWriteUser              = "R/W User"
	ReadOnlyServiceAccount     = "RO Svc Acct"
	ReadWriteServiceAccount    = "R/W Svc Acct"
	APIAdminUser               = "API Admin User"
	APIAdminServiceAccount     = "API Admin Svc Acct"
	APIReadOnlyUser            = "API RO User"
	APIReadOnlyServiceAccount  = "API RO Svc Acct"
	APIReadWriteUser           = "API R/W User"
	APIReadWriteServiceAccount = "API R/W Svc Acct"
	LangflowAdministrator      = "Langflow Administrator"
	LangflowRunFlow            = "Langflow Run Flow"
)

// BuiltinNames returns the names of the built-in roles, in the order of the
// constants above. Each call returns a new slice.
func BuiltinNames() []string {
	return []string{
		OrganizationAdministrator, DatabaseAdministrator, BillingAdmin, UIViewOnly,
		AdminUser, AdminServiceAccount, ReadOnlyUser, ReadWriteUser,
		ReadOnlyServiceAccount, ReadWriteServiceAccount,
		APIAdminUser, APIAdminServiceAccount, APIReadOnlyUser, APIReadOnlyServiceAccount,
		APIReadWriteUser, APIReadWriteServiceAccount,
		LangflowAdministrator, LangflowRunFlow,
	}
}

// IsBuiltin reports whether name is the name of a built-in role (exact
// match, as the API compares names).
func IsBuiltin(name string) bool { return slices.Contains(BuiltinNames(), name) }
