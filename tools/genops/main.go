// Command genops writes tenantkit's operation registry, operations.gen.go in
// the root package, from openapi.yaml: one constant per operationId and a
// table of what the spec says of each operation (API, method, path,
// permission or ARGO route and roles, idempotency, whether it takes a
// body). Everything in tenantkit that needs those facts reads the registry,
// so openapi.yaml stays the only place they are written.
//
// With -form client it writes instead the client package's private table
// of the facts its transport needs on every request (API, method,
// idempotency), as a switch that costs no allocation.
//
// Run it through go generate in the root and client packages:
//
//	go -C tools run ./genops -spec ../openapi.yaml -out ../operations.gen.go
//	go -C ../tools run ./genops -spec ../openapi.yaml -form client -package client -out ../client/specfacts.gen.go
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"os"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	spec := flag.String("spec", "openapi.yaml", "the OpenAPI document to read")
	out := flag.String("out", "operations.gen.go", "the Go file to write")
	pkg := flag.String("package", "tenantkit", "the package of the written file")
	form := flag.String("form", "registry", `what to write: "registry" (the root package's operation registry) or "client" (the client package's table of what its transport needs)`)
	flag.Parse()
	if err := run(*spec, *out, *pkg, *form); err != nil {
		fmt.Fprintln(os.Stderr, "genops:", err)
		os.Exit(1)
	}
}

// operation is what the registry records of one operation.
type operation struct {
	id, api, tag, method, path, summary string
	permission                          string
	orgHeader                           bool
	argoRoute                           string
	argoRoles                           []string
	argoOptions                         bool
	idempotent                          bool
	body                                bool
}

func run(specPath, outPath, pkg, form string) error {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		return err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return fmt.Errorf("%s: %w", specPath, err)
	}
	ops, err := collect(doc)
	if err != nil {
		return err
	}
	var src []byte
	switch form {
	case "registry":
		src, err = render(pkg, ops)
	case "client":
		src, err = renderClient(pkg, ops)
	default:
		err = fmt.Errorf("unknown -form %q", form)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(outPath, src, 0o644)
}

// collect reads the operations in the document's order: paths as written,
// methods in a fixed order within a path.
func collect(doc *openapi3.T) ([]operation, error) {
	var ops []operation
	seen := map[string]bool{}
	// The loader keeps paths in a map, so the file is ordered by path, then
	// by method, for a stable result.
	paths := doc.Paths.Keys()
	slices.Sort(paths)
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			o, err := describe(path, method, op)
			if err != nil {
				return nil, err
			}
			if o.argoOptions, err = boolExt(item.Extensions, "x-argo-options"); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if o.argoOptions && o.api != "argo" {
				return nil, fmt.Errorf("%s: x-argo-options on a path of the %s API", path, o.api)
			}
			if seen[o.id] {
				return nil, fmt.Errorf("operationId %q is used twice", o.id)
			}
			seen[o.id] = true
			ops = append(ops, o)
		}
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("no operations")
	}
	return ops, nil
}

func describe(path, method string, op *openapi3.Operation) (operation, error) {
	o := operation{id: op.OperationID, method: method, path: path, summary: strings.TrimSpace(op.Summary)}
	fail := func(format string, args ...any) (operation, error) {
		return operation{}, fmt.Errorf("%s %s (%s): %s", method, path, o.id, fmt.Sprintf(format, args...))
	}
	if o.id == "" {
		return fail("no operationId")
	}
	if len(op.Tags) != 1 {
		return fail("want exactly one tag, have %v", op.Tags)
	}
	o.tag = op.Tags[0]
	if op.Security == nil || len(*op.Security) != 1 {
		return fail("want exactly one security requirement")
	}
	req := (*op.Security)[0]
	switch {
	case has(req, "ArgoAPIKey") && len(req) == 1:
		o.api = "argo"
	case has(req, "AstraBearer") && len(req) <= 2:
		o.api = "astra"
		o.orgHeader = has(req, "AstraCurrentOrg")
	default:
		return fail("unknown security requirement %v", req)
	}
	ext := op.Extensions
	var err error
	if o.permission, err = stringExt(ext, "x-tenantkit-permission"); err != nil {
		return fail("%v", err)
	}
	if o.argoRoute, err = stringExt(ext, "x-argo-route"); err != nil {
		return fail("%v", err)
	}
	if o.argoRoles, err = stringsExt(ext, "x-argo-roles"); err != nil {
		return fail("%v", err)
	}
	switch o.api {
	case "argo":
		if o.argoRoute == "" || len(o.argoRoles) == 0 || o.permission != "" {
			return fail("an ARGO operation needs x-argo-route and x-argo-roles, and no x-tenantkit-permission")
		}
	case "astra":
		if o.argoRoute != "" || o.argoRoles != nil {
			return fail("an Astra operation has no x-argo-route or x-argo-roles")
		}
	}
	switch v := ext["x-tenantkit-idempotent"].(type) {
	case nil:
		o.idempotent = method == "GET" || method == "PUT" || method == "DELETE"
	case bool:
		if method == "GET" || method == "PUT" || method == "DELETE" {
			return fail("x-tenantkit-idempotent on a %s, which is idempotent by its method", method)
		}
		o.idempotent = v
	default:
		return fail("x-tenantkit-idempotent must be a boolean")
	}
	o.body = op.RequestBody != nil
	return o, nil
}

func has(req openapi3.SecurityRequirement, scheme string) bool {
	_, ok := req[scheme]
	return ok
}

func stringExt(ext map[string]any, key string) (string, error) {
	switch v := ext[key].(type) {
	case nil:
		return "", nil
	case string:
		if v == "" {
			return "", fmt.Errorf("%s is empty", key)
		}
		return v, nil
	}
	return "", fmt.Errorf("%s must be a string", key)
}

func boolExt(ext map[string]any, key string) (bool, error) {
	switch v := ext[key].(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	}
	return false, fmt.Errorf("%s must be a boolean", key)
}

func stringsExt(ext map[string]any, key string) ([]string, error) {
	raw, ok := ext[key]
	if !ok {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("%s must be a list of strings", key)
	}
	out := make([]string, len(list))
	for i, v := range list {
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("%s must be a list of non-empty strings", key)
		}
		out[i] = s
	}
	return out, nil
}

// constName is the Go name of an operationId: "Op" and the ID with its
// first letter raised.
func constName(id string) string {
	r := []rune(id)
	r[0] = unicode.ToUpper(r[0])
	return "Op" + string(r)
}

func render(pkg string, ops []operation) ([]byte, error) {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by tools/genops from openapi.yaml. DO NOT EDIT.\n\n")
	p("package %s\n\n", pkg)
	p("// The operations of openapi.yaml, by operationId.\n")
	p("const (\n")
	for _, o := range ops {
		summary := strings.TrimSuffix(o.summary, ".")
		if summary != "" {
			summary = ": " + lowerFirst(summary)
		}
		p("\t// %s is %s %s%s.\n", constName(o.id), o.method, o.path, summary)
		p("\t%s Operation = %q\n", constName(o.id), o.id)
	}
	p(")\n\n")

	p("// operationCount is how many operations openapi.yaml describes.\n")
	p("const operationCount = %d\n\n", len(ops))

	p("// operationAt returns the i-th operation of the registry, in the order of\n")
	p("// openapi.yaml's paths (sorted) and methods; ok is false past the end.\n")
	p("func operationAt(i int) (op OperationInfo, ok bool) {\n\tswitch i {\n")
	for i, o := range ops {
		p("\tcase %d:\n\t\treturn OperationInfo{\n", i)
		p("\t\t\tID: %s,\n", constName(o.id))
		p("\t\t\tAPI: %s,\n", map[string]string{"astra": "APIAstra", "argo": "APIArgo"}[o.api])
		p("\t\t\tTag: %q,\n", o.tag)
		p("\t\t\tMethod: %q,\n", o.method)
		p("\t\t\tPath: %q,\n", o.path)
		if o.summary != "" {
			p("\t\t\tSummary: %q,\n", o.summary)
		}
		if o.permission != "" {
			p("\t\t\tPermission: %q,\n", o.permission)
		}
		if o.orgHeader {
			p("\t\t\tOrgHeader: true,\n")
		}
		if o.argoRoute != "" {
			p("\t\t\tArgoRoute: %q,\n", o.argoRoute)
			p("\t\t\tArgoRoles: []string{")
			for j, r := range o.argoRoles {
				if j > 0 {
					p(", ")
				}
				p("%q", r)
			}
			p("},\n")
		}
		if o.argoOptions {
			p("\t\t\tArgoOptions: true,\n")
		}
		if o.idempotent {
			p("\t\t\tIdempotent: true,\n")
		}
		if o.body {
			p("\t\t\tRequestBody: true,\n")
		}
		p("\t\t}, true\n")
	}
	p("\t}\n\treturn OperationInfo{}, false\n}\n\n")

	p("// operationIndex returns op's position in the registry, or -1.\n")
	p("func operationIndex(op Operation) int {\n\tswitch op {\n")
	for i, o := range ops {
		p("\tcase %s:\n\t\treturn %d\n", constName(o.id), i)
	}
	p("\t}\n\treturn -1\n}\n")
	return format.Source(b.Bytes())
}

// renderClient writes the client package's table of what its transport
// takes from the spec for each operation: the API (which credentials, which
// error shape), the method and whether the request may be sent again. It is
// a switch over the registry's constants, so a request pays no allocation
// for it (OperationInfo copies its ARGO roles on every call).
func renderClient(pkg string, ops []operation) ([]byte, error) {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by tools/genops from openapi.yaml. DO NOT EDIT.\n\n")
	p("package %s\n\n", pkg)
	p("import \"github.com/tenantkit/tenantkit\"\n\n")
	p("// specFactsOf returns what openapi.yaml says of op that the transport\n")
	p("// needs; ok is false when op is not one of its operations.\n")
	p("func specFactsOf(op tenantkit.Operation) (f specFacts, ok bool) {\n\tswitch op {\n")
	for _, o := range ops {
		api := map[string]string{"astra": "APIAstra", "argo": "APIArgo"}[o.api]
		p("\tcase tenantkit.%s:\n\t\treturn specFacts{api: %s, method: %q, idempotent: %v}, true\n", constName(o.id), api, o.method, o.idempotent)
	}
	p("\t}\n\treturn specFacts{}, false\n}\n")
	return format.Source(b.Bytes())
}

func lowerFirst(s string) string {
	r := []rune(s)
	// Keep acronyms and names ("ARGO", "Langflow") as written.
	if len(r) > 1 && unicode.IsUpper(r[0]) && unicode.IsLower(r[1]) && !strings.HasPrefix(s, "Langflow") {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
