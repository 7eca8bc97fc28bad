package conformance_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryServiceSaysItIsSafeForConcurrentUse: a user shares one service
// value between goroutines only if its documentation says that is safe, so
// every service type (the result of a New… constructor taking a
// *client.Client) says it in its doc comment.
func TestEveryServiceSaysItIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	services := 0
	for _, dir := range []string{"tenants", "users", "roles"} {
		fset := token.NewFileSet()
		paths, err := filepath.Glob(filepath.Join(moduleRoot, dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		var files []*ast.File
		for _, path := range paths {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		d, err := doc.NewFromFiles(fset, files, "github.com/tenantkit/tenantkit/"+dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, typ := range d.Types {
			if !hasServiceConstructor(typ) {
				continue
			}
			services++
			if !strings.Contains(strings.Join(strings.Fields(typ.Doc), " "), "safe for concurrent use") {
				t.Errorf("%s.%s does not say whether it is safe for concurrent use", dir, typ.Name)
			}
		}
	}
	if services < 5 {
		t.Fatalf("found %d services; want Langflow, Argo (tenants), Astra, Argo (users), Astra (roles) at least", services)
	}
}

// hasServiceConstructor reports whether a New… function returning the type
// takes a *client.Client first.
func hasServiceConstructor(typ *doc.Type) bool {
	for _, fn := range typ.Funcs {
		params := fn.Decl.Type.Params.List
		if !strings.HasPrefix(fn.Name, "New") || len(params) == 0 {
			continue
		}
		if star, ok := params[0].Type.(*ast.StarExpr); ok {
			if sel, ok := star.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Client" {
				return true
			}
		}
	}
	return false
}
