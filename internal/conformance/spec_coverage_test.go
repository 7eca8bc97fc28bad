package conformance_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryFakeInTestsIsCheckedAgainstTheSpec keeps the internal suites
// honest about the wire: every fake one of their tests starts
// (fakeserver.NewTest or fakeserver.New in a _test.go file) must pass
// spectest.Validator to WithObserver, so each exchange is checked against
// openapi.yaml, or say why not in a "// spec:" comment on the line of the
// call or the line above. Example and Benchmark functions are exempt (they
// have no testing.T to report to, or measure the fake alone), as are calls
// whose server is discarded (tests that New refuses an option). The
// harnesses' own constructors (sdktest.NewFake, faketest.New) check every
// exchange themselves; sdktest.SpecChecked counts as the validator.
func TestEveryFakeInTestsIsCheckedAgainstTheSpec(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	for _, path := range moduleGoFiles(t) {
		if !strings.HasSuffix(path, "_test.go") {
			continue
		}
		rel, _ := filepath.Rel(moduleRoot, path)
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
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
					filepath.ToSlash(rel), line, fn.Name.Name)
				return true
			})
		}
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
			if pkg, ok := sel.X.(*ast.Ident); ok && (pkg.Name == "spectest" && sel.Sel.Name == "Validator" || pkg.Name == "sdktest" && sel.Sel.Name == "SpecChecked") {
				found = true
			}
		}
		return !found
	})
	return found
}

// moduleRoot is the module's directory, seen from this package's.
const moduleRoot = "../.."

// moduleGoFiles returns the paths of the module's Go files, tests
// included, from this package's directory.
func moduleGoFiles(t *testing.T) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != moduleRoot && skipDir(d.Name()):
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(path, ".go"):
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// skipDir reports whether a directory of the module holds no package of
// it: data, hidden directories, and tools/ (a module of its own).
func skipDir(name string) bool {
	return name == "testdata" || name == "tools" || strings.HasPrefix(name, ".")
}
