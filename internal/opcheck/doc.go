// Package opcheck holds the operations metadata check (issue 11, after
// go-github's): every operation of openapi.yaml is sent by exactly one
// exported SDK method, the one designated for it, and that method really
// sends it on the wire.
//
// A method is designated by a directive line at the end of its doc comment,
// which godoc does not show:
//
//	// Get returns one tenant. …
//	//
//	//tenantkit:operation argoGetTenant
//	func (s *Argo) Get(ctx context.Context, id string) (ArgoTenant, error)
//
// Adding an operation to openapi.yaml therefore means: regenerate the
// registry (go generate .), write the method in the package named by the
// operation's tag, mark it with the directive, and add a call of it to the
// table in this package's wire test. The tests here say which step is
// missing. They live in an internal package so that what they import never
// reaches a user's go.sum.
package opcheck
