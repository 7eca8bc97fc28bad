package roles

import "strings"

// Resource names (DRNs) name what a policy applies to. Each builder takes the
// organization ID and, below it, a database, keyspace or table; pass
// Wildcard ("*") for "all of them".
//
//	roles.OrgResource(org)                       // drn:astra:org:{org}
//	roles.DatabaseResource(org, roles.Wildcard)  // drn:astra:org:{org}:db:*
//	roles.TableResource(org, db, "ks", "*")      // drn:astra:org:{org}:db:{db}:keyspace:ks:table:*
const (
	// ResourcePrefix starts every resource name.
	ResourcePrefix = "drn:astra:org:"
	// Wildcard stands for every database, keyspace or table.
	Wildcard = "*"
	// OrgPlaceholder stands for the organization ID in the policies of the
	// built-in roles, which every organization shares.
	OrgPlaceholder = "__ORG_ID__"
)

// OrgResource names the organization itself; org-level actions
// (org-user-read, org-role-write, …) need it.
func OrgResource(orgID string) string { return ResourcePrefix + orgID }

// DatabaseResource names one database, or all of them with Wildcard.
func DatabaseResource(orgID, dbID string) string {
	return OrgResource(orgID) + ":db:" + dbID
}

// KeyspaceResource names one keyspace of a database, or all of them with
// Wildcard.
func KeyspaceResource(orgID, dbID, keyspace string) string {
	return DatabaseResource(orgID, dbID) + ":keyspace:" + keyspace
}

// TableResource names one table of a keyspace, or all of them with Wildcard.
func TableResource(orgID, dbID, keyspace, table string) string {
	return KeyspaceResource(orgID, dbID, keyspace) + ":table:" + table
}

// StreamResource names every streaming tenant of the organization, as the
// built-in roles do.
func StreamResource(orgID string) string { return OrgResource(orgID) + ":stream:" + Wildcard }

// RoleResource names every role of the organization, as Organization
// Administrator does.
func RoleResource(orgID string) string { return OrgResource(orgID) + ":role:" + Wildcard }

// IsResourceName reports whether s has the shape of a resource name: the
// prefix followed by a non-empty organization segment.
func IsResourceName(s string) bool {
	org, _, _ := strings.Cut(strings.TrimPrefix(s, ResourcePrefix), ":")
	return strings.HasPrefix(s, ResourcePrefix) && org != ""
}
