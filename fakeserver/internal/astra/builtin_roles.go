package astra

import "sync"

// The built-in roles every organization starts with. IDs are the same in
// every organization (the astra-cli demo resolves "ad0566b5-…" against a
// live org, which suggests global IDs). Where the astra-cli fixture
// (Roles.json) gives a role, its ID and policy are used as they are, quirks
// included; the DataStax docs give the policy of API Admin Svc Acct and an
// old ID for it; everything else is tenantkit's choice, recorded in
// openapi.yaml. Resources use the literal placeholder __ORG_ID__, as the
// real built-in roles do.

// Langflow action codes: tenantkit's assumption, the real codes are not
// publicly documented (openapi.yaml).
const (
	actLangflowIDEBuild     = "langflow-ide-build"
	actLangflowIDERun       = "langflow-ide-run"
	actLangflowIDEDelete    = "langflow-ide-delete"
	actLangflowOrgTerminate = "langflow-org-terminate"
	actLangflowFlowRun      = "langflow-flow-run"
	actLangflowFlowDelete   = "langflow-flow-delete"
)

// Built-in role names as the API spells them.
const (
	roleOrgAdmin        = "Organization Administrator"
	roleLangflowAdmin   = "Langflow Administrator"
	roleLangflowRunFlow = "Langflow Run Flow"
)

const (
	resOrg      = "drn:astra:org:__ORG_ID__"
	resDB       = "drn:astra:org:__ORG_ID__:db:*"
	resKeyspace = "drn:astra:org:__ORG_ID__:db:*:keyspace:*"
	resTable    = "drn:astra:org:__ORG_ID__:db:*:keyspace:*:table:*"
	resStream   = "drn:astra:org:__ORG_ID__:stream:*"
	resRole     = "drn:astra:org:__ORG_ID__:role:*"
)

// builtinRole is one entry of the seed table.
type builtinRole struct {
	id        string
	name      string
	resources []string
	actions   []string
}

// builtinRoles returns the seed table in the order the roles are listed.
// It is a function, not a package variable, so no caller can alter it.
func builtinRoles() []builtinRole {
	dataResources := []string{resOrg, resDB, resKeyspace, resTable}
	langflowAll := []string{
		actLangflowIDEBuild, actLangflowIDERun, actLangflowIDEDelete,
		actLangflowOrgTerminate, actLangflowFlowRun, actLangflowFlowDelete,
	}
	keyspaceAll := []string{
		"db-keyspace-grant", "db-keyspace-modify", "db-keyspace-describe", "db-keyspace-create",
		"db-keyspace-authorize", "db-keyspace-alter", "db-keyspace-drop",
	}
	tableAll := []string{
		"db-table-select", "db-table-grant", "db-table-modify", "db-table-describe",
		"db-table-create", "db-table-authorize", "db-table-alter", "db-table-drop",
	}
	orgDB := []string{
		"org-db-create", "org-db-passwordreset", "org-db-terminate", "org-db-suspend",
		"org-db-addpeering", "org-db-managemigratorproxy", "org-db-expand", "org-db-view",
	}
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}

	// From the astra-cli fixture, verbatim.
	orgAdmin := cat([]string{
		"accesslist-read", "accesslist-write", "org-read", "org-write", "org-audits-read",
		"org-cmk-read", "org-cmk-write", "org-role-read", "org-role-write", "org-role-delete",
		"org-external-auth-read", "org-external-auth-write", "org-notification-write",
		"org-token-read", "org-token-write", "org-billing-read", "org-billing-write",
		"org-user-read", "org-user-write",
	}, orgDB, []string{
		"org-integrations-read", "org-integrations-write", "org-stream-manage",
		"db-manage-privateendpoint", "db-all-keyspace-create", "db-all-keyspace-describe",
	}, keyspaceAll, []string{"db-manage-region"}, tableAll, []string{
		"db-graphql", "db-rest", "db-cql", "db-data-import", "db-manage-thirdpartymetrics",
	},
		// openapi.yaml: Organization Administrator also holds every Langflow action.
		langflowAll)
	adminUser := cat([]string{
		"org-read", "org-billing-read", "org-billing-write", "org-cmk-read", "org-cmk-write",
		"org-user-read", "org-user-write",
	}, orgDB, []string{
		"db-all-keyspace-create", "db-all-keyspace-describe", "db-manage-privateendpoint",
	}, keyspaceAll, []string{"db-manage-region"}, tableAll, []string{
		"db-graphql", "db-rest", "db-cql", "db-data-import", "db-manage-thirdpartymetrics",
	})
	apiAdminUser := cat([]string{
		"accesslist-read", "org-billing-read", "org-billing-write", "org-user-read", "org-user-write",
		// The fixture lists org-db-view twice; kept as the fixture has it.
		"org-db-view", "org-db-create", "org-db-passwordreset", "org-db-terminate", "org-db-suspend",
		"org-db-addpeering", "org-db-managemigratorproxy", "org-db-expand", "org-db-view",
		"org-stream-manage", "db-manage-privateendpoint", "db-all-keyspace-create", "db-all-keyspace-describe",
	}, keyspaceAll, []string{"db-manage-region"}, tableAll, []string{"db-graphql", "db-rest"})
	rwSvc := []string{
		"accesslist-read", "db-all-keyspace-describe", "db-keyspace-describe", "db-table-select",
		"db-table-modify", "db-table-describe", "db-graphql", "db-rest", "db-cql",
	}
	roSvc := []string{
		"accesslist-read", "db-all-keyspace-describe", "db-keyspace-describe", "db-table-select",
		"db-table-describe", "db-graphql", "db-rest", "db-cql",
	}

	// From the DataStax docs' db-devops-roles example.
	apiAdminSvc := cat([]string{
		"accesslist-read", "org-billing-read", "org-billing-write", "org-user-read", "org-user-write",
		"org-db-create", "org-db-passwordreset", "org-db-view", "org-db-terminate", "org-db-suspend",
		"org-db-addpeering", "org-db-managemigratorproxy", "org-db-expand",
		"db-all-keyspace-create", "db-all-keyspace-describe",
	}, keyspaceAll, tableAll, []string{"db-graphql", "db-rest"})

	// tenantkit's choices for roles no public source details.
	dbAdmin := cat([]string{"accesslist-read", "accesslist-write", "org-read"}, orgDB, []string{
		"db-manage-privateendpoint", "db-all-keyspace-create", "db-all-keyspace-describe",
	}, keyspaceAll, []string{"db-manage-region"}, tableAll, []string{
		"db-graphql", "db-rest", "db-cql", "db-data-import", "db-manage-thirdpartymetrics",
	})
	billingAdmin := []string{"org-read", "org-billing-read", "org-billing-write"}
	uiViewOnly := []string{
		"org-read", "org-db-view", "accesslist-read", "db-all-keyspace-describe",
		"db-keyspace-describe", "db-table-describe",
	}
	apiRO := []string{
		"accesslist-read", "db-all-keyspace-describe", "db-keyspace-describe", "db-table-select",
		"db-table-describe", "db-graphql", "db-rest",
	}
	apiRW := []string{
		"accesslist-read", "db-all-keyspace-describe", "db-keyspace-describe", "db-table-select",
		"db-table-modify", "db-table-describe", "db-graphql", "db-rest",
	}
	withDBView := func(actions []string) []string { return cat([]string{"org-db-view"}, actions) }

	return []builtinRole{
		{"ad0566b5-2a67-49de-89e8-92258c2f2c98", roleOrgAdmin,
			[]string{resOrg, resDB, resKeyspace, resTable, resStream, resRole}, orgAdmin},
		{"6c18bcaf-9315-48d1-b11b-57c079ab1f75", "Database Administrator", dataResources, dbAdmin},
		{"0a861990-bf2e-49af-91e0-026112b5c7b0", "Billing Admin", []string{resOrg}, billingAdmin},
		{"b6280564-cb90-412a-b0e6-13bffc1f15f5", "UI View Only", dataResources, uiViewOnly},
		{"43745b73-ad46-46e4-b826-c15d06d2cea0", "Admin User", dataResources, adminUser},
		{"2803f20d-2d2b-4608-abec-6c51f3abdced", "Admin Svc Acct", dataResources, adminUser},
		{"878dccff-b5ab-4567-9f39-adc958da97d2", "RO User", dataResources, withDBView(roSvc)},
		{"da5348f9-ded1-49ab-bfce-709335acbb16", "R/W User", dataResources, withDBView(rwSvc)},
		{"16a4b1d7-a615-41f8-95ca-52b0280f4d77", "RO Svc Acct", dataResources, roSvc},
		{"b4ed0e9e-67e8-47b6-8b58-c6629be961a9", "R/W Svc Acct", dataResources, rwSvc},
		{"67c4b5dc-dd3f-4b2d-be51-09be12836d57", "API Admin User",
			[]string{resOrg, resDB, resKeyspace, resTable, resStream}, apiAdminUser},
		{"3fb93abd-7abe-4a3d-9f71-9ded80070a4a", "API Admin Svc Acct", dataResources, apiAdminSvc},
		{"ff27d4e1-f5ef-4f1b-98fe-f1a4aa1f1982", "API RO User", dataResources, withDBView(apiRO)},
		{"93c40824-bf02-4ce7-8c77-2042daa4ddca", "API RO Svc Acct", dataResources, apiRO},
		{"c2d979af-f48f-40ae-b346-9caf5866fb88", "API R/W User", dataResources, withDBView(apiRW)},
		{"005e06a0-b072-4337-877c-806b0a399b6a", "API R/W Svc Acct", dataResources, apiRW},
		{"66c2483d-e6a7-4274-9e85-b1baf2525efa", roleLangflowAdmin, []string{resOrg}, langflowAll},
		{"15681eb4-30f7-4af4-a6b3-be883db509d9", roleLangflowRunFlow, []string{resOrg},
			[]string{actLangflowFlowRun}},
	}
}

// builtinRoleRecords are the built-in roles as every organization stores
// them, built once per process: records are immutable once stored, so
// every organization of every Server shares them.
var builtinRoleRecords = sync.OnceValue(func() []*orgRole {
	seed := builtinRoles()
	out := make([]*orgRole, len(seed))
	for i, b := range seed {
		out[i] = &orgRole{
			id:      b.id,
			name:    b.name,
			builtin: true,
			policy:  newPolicy(b.name, b.resources, b.actions, policyEffectAllow),
		}
	}
	return out
})

// BuiltinRoleID returns the ID of a built-in role by name, or "": the
// same in every organization.
func BuiltinRoleID(name string) string {
	for _, r := range builtinRoleRecords() {
		if r.name == name {
			return r.id
		}
	}
	return ""
}
