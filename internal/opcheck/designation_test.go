package opcheck_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit"
)

// directive marks the exported SDK method designated to send an operation.
const directive = "//tenantkit:operation "

// moduleRoot is the module's directory, seen from this package's.
const moduleRoot = "../.."

// designation is one directive found in the source.
type designation struct {
	method string // "tenants.Argo.Get"
	pkg    string // "tenants"
	where  string // file:line
}

// designations reads every directive in the module's non-test Go files
// (tools/ is a module of its own, testdata holds no SDK code). A directive
// anywhere but in the doc comment of an exported function or method of an
// exported type is reported through bad.
func designations(t *testing.T) (byOp map[tenantkit.Operation][]designation, bad []string) {
	t.Helper()
	byOp = map[tenantkit.Operation][]designation{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != moduleRoot && (d.Name() == "tools" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(moduleRoot, path)
		docs := map[*ast.Comment]*ast.FuncDecl{}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Doc != nil {
				for _, c := range fn.Doc.List {
					docs[c] = fn
				}
			}
		}
		for _, group := range file.Comments {
			for _, c := range group.List {
				op, ok := strings.CutPrefix(c.Text, directive)
				if !ok {
					continue
				}
				where := fmt.Sprintf("%s:%d", filepath.ToSlash(rel), fset.Position(c.Slash).Line)
				fn := docs[c]
				name, exported := methodName(file.Name.Name, fn)
				if fn == nil || !exported || strings.Contains(filepath.ToSlash(rel), "internal/") || file.Name.Name == "main" {
					bad = append(bad, fmt.Sprintf("%s: %s%s is not in the doc comment of an exported SDK function or method", where, directive, op))
					continue
				}
				id := tenantkit.Operation(strings.TrimSpace(op))
				byOp[id] = append(byOp[id], designation{method: name, pkg: file.Name.Name, where: where})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return byOp, bad
}

// methodName names fn as "pkg.Type.Method" (or "pkg.Func") and reports
// whether a user can call it: the function, and its receiver's type, are
// exported.
func methodName(pkg string, fn *ast.FuncDecl) (string, bool) {
	if fn == nil {
		return "", false
	}
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return pkg + "." + fn.Name.Name, fn.Name.IsExported()
	}
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if generic, ok := typ.(*ast.IndexExpr); ok {
		typ = generic.X
	}
	id, ok := typ.(*ast.Ident)
	if !ok {
		return "", false
	}
	return pkg + "." + id.Name + "." + fn.Name.Name, id.IsExported() && fn.Name.IsExported()
}

// TestEveryOperationHasOneDesignatedMethod: each operation of the registry
// (tenantkit.Operations, generated from openapi.yaml) is designated to
// exactly one exported method, in the package its tag names, and every
// directive names an operation of the registry.
func TestEveryOperationHasOneDesignatedMethod(t *testing.T) {
	t.Parallel()
	byOp, bad := designations(t)
	for _, msg := range bad {
		t.Error(msg)
	}
	for _, info := range tenantkit.Operations() {
		ds := byOp[info.ID]
		delete(byOp, info.ID)
		switch {
		case len(ds) == 0:
			t.Errorf("openapi.yaml's operation %s (%s %s, tag %s) has no SDK method: write one in package %s "+
				"whose doc comment ends with the line %q, and add a call of it to designatedCalls in internal/opcheck",
				info.ID, info.Method, info.Path, info.Tag, info.Tag, directive+string(info.ID))
		case len(ds) > 1:
			var where []string
			for _, d := range ds {
				where = append(where, d.method+" ("+d.where+")")
			}
			t.Errorf("%s is designated to %d methods, want exactly one: %s", info.ID, len(ds), strings.Join(where, ", "))
		case ds[0].pkg != info.Tag:
			t.Errorf("%s: %s designates %s, but the operation's tag puts it in package %s", ds[0].where, ds[0].method, info.ID, info.Tag)
		}
	}
	unknown := make([]string, 0, len(byOp))
	for id, ds := range byOp {
		for _, d := range ds {
			unknown = append(unknown, fmt.Sprintf("%s: %s names %q, which is not an operation of openapi.yaml (misspelt, or the registry needs go generate .)", d.where, d.method, id))
		}
	}
	slices.Sort(unknown)
	for _, msg := range unknown {
		t.Error(msg)
	}
}
