package tenantkit

//go:generate go -C tools run ./genops -spec ../openapi.yaml -out ../operations.gen.go

// Operation names one operation of openapi.yaml by its operationId, such as
// "createLangflowTenant". The constants (OpCreateLangflowTenant, …) are
// generated from openapi.yaml; errors, logs, the fake's journal and its
// fault rules all use these names.
type Operation string

// API names one of the HTTP APIs openapi.yaml describes, as its operations'
// security requirements tell them apart.
type API string

const (
	// APIAstra is the Astra DevOps API: Langflow tenants, organization
	// users and roles, authenticated with "Authorization: Bearer".
	APIAstra API = "astra"
	// APIArgo is the ARGO Web API v2 admin API, authenticated with
	// "x-api-key".
	APIArgo API = "argo"
)

// OperationInfo is what openapi.yaml says of one operation.
type OperationInfo struct {
	// ID is the operationId.
	ID Operation
	// API is the API the operation belongs to.
	API API
	// Tag is the operation's one tag: "tenants", "users" or "roles".
	Tag string
	// Method is the HTTP method, upper case.
	Method string
	// Path is the path template as openapi.yaml writes it, parameters in
	// braces: "/v2/organizations/users/{userID}".
	Path string
	// Summary is the operation's one-line summary.
	Summary string
	// Permission is the Astra action a token's roles must grant
	// (x-tenantkit-permission); "" when any valid token may call it.
	Permission string
	// OrgHeader reports that the request must carry the organization in
	// X-DataStax-Current-Org (the Langflow operations).
	OrgHeader bool
	// ArgoRoute is the ARGO route's name, the key of the server's route →
	// roles table (x-argo-route).
	ArgoRoute string
	// ArgoRoles are the roles the real ARGO server's default table lets use
	// the route (x-argo-roles). The slice is the caller's own.
	ArgoRoles []string
	// ArgoOptions reports that the operation's path also has the real ARGO
	// server's tenants.options route (x-argo-options on the path): OPTIONS
	// answers 200 without a key.
	ArgoOptions bool
	// Idempotent reports that sending the request again after an ambiguous
	// failure is safe: GET, PUT and DELETE by their method, and the
	// operations openapi.yaml marks x-tenantkit-idempotent.
	Idempotent bool
	// RequestBody reports that the operation takes a JSON request body.
	RequestBody bool
}

// Operations returns every operation of openapi.yaml, ordered by path and
// then by method. Each call returns fresh values.
func Operations() []OperationInfo {
	out := make([]OperationInfo, 0, operationCount)
	for i := 0; ; i++ {
		op, ok := operationAt(i)
		if !ok {
			return out
		}
		out = append(out, op)
	}
}

// Info returns what openapi.yaml says of op; ok is false when op is not one
// of its operations.
func (op Operation) Info() (info OperationInfo, ok bool) {
	return operationAt(operationIndex(op))
}

// Valid reports whether op is an operation of openapi.yaml: a misspelt name
// is not.
func (op Operation) Valid() bool { return operationIndex(op) >= 0 }
