package tenantkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryFakeInTestsIsCheckedAgainstTheSpec keeps the whole test suite
// honest about the wire: every fake a test starts (fakeserver.NewTest or
// fakeserver.New in a _test.go file) must pass spectest.Validator to
// WithObserver, so each exchange is checked against openapi.yaml, or say why
// not in a "// spec:" comment on the line of the call or the line above.
// Example and Benchmark functions are exempt (they have no testing.T to
// report to, or measure the fake alone), as are calls whose server is
// discarded (tests that New refuses an option).
func TestEveryFakeInTestsIsCheckedAgainstTheSpec(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		commented := map[int]bool{}
		for _, g := range file.Comments {
			for _, c := range g.List {
				if strings.HasPrefix(c.Text, "// spec:") {
					commented[fset.Position(c.Slash).Line] = true
				}
			}
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || strings.HasPrefix(fn.Name.Name, "Example") || strings.HasPrefix(fn.Name.Name, "Benchmark") {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if assign, ok := n.(*ast.AssignStmt); ok && len(assign.Lhs) == 2 && isBlank(assign.Lhs[0]) {
					return false // _, err := fakeserver.New(...): the server is never used
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || !isFakeConstructor(call.Fun) {
					return true
				}
				line := fset.Position(call.Pos()).Line
				if callsValidator(call) || commented[line] || commented[line-1] {
					return true
				}
				t.Errorf("%s:%d: %s starts a fake without spectest.Validator (or a // spec: comment saying why)",
					path, line, fn.Name.Name)
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func isFakeConstructor(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "fakeserver" && (sel.Sel.Name == "NewTest" || sel.Sel.Name == "New")
}

func callsValidator(call *ast.CallExpr) bool {
	found := false
	ast.Inspect(call, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "spectest" && sel.Sel.Name == "Validator" {
				found = true
			}
		}
		return !found
	})
	return found
}
