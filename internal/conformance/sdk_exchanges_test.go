package conformance_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/internal/spectest"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// TestSDKTestExchangesConformToTheSpec checks against openapi.yaml every
// exchange the tests of the packages a user's module reaches have with the
// fake. Those tests may not import the spec checker (its OpenAPI library
// would enter the user's go.sum), so this test runs them (go test) with
// testkit.ExchangesDirEnv set, which makes each fake they start through
// sdktest record its exchanges, and checks what they recorded. Fakes
// marked OffSpec (answers the spec leaves out on purpose) record nothing.
func TestSDKTestExchangesConformToTheSpec(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the SDK packages' tests again; not under -short")
	}
	pkgs := sdktestUsers(t)
	if len(pkgs) == 0 {
		t.Fatal("no test of a package users reach starts a fake through sdktest")
	}
	dir := t.TempDir()
	cmd := exec.Command(goTool(t), append([]string{"test", "-count=1"}, pkgs...)...)
	cmd.Dir = moduleRoot
	cmd.Env = append(os.Environ(), testkit.ExchangesDirEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}

	checker, err := spectest.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := testkit.ExchangeFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{} // violation → how often
	exchanges := 0
	for _, f := range files {
		xs, err := testkit.ReadExchanges(f)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		test, _, _ := strings.Cut(filepath.Base(f), ".jsonl")
		test = test[:strings.LastIndex(test, ".")] // the random part CreateTemp added
		for _, x := range xs {
			exchanges++
			for _, v := range checker.Check(exchange(x)) {
				found[test+": "+v]++
			}
		}
	}
	// The suites hold hundreds of fake-backed tests; far fewer exchanges
	// would mean the recording stopped working, not that the SDK got lean.
	if exchanges < 500 {
		t.Errorf("only %d exchanges recorded from %d fakes of %s", exchanges, len(files), strings.Join(pkgs, ", "))
	}
	var report []string
	for v, n := range found {
		if n > 1 {
			v += fmt.Sprintf(" (%d times)", n)
		}
		report = append(report, v)
	}
	sort.Strings(report)
	for _, v := range report {
		t.Error(v)
	}
}

// exchange rebuilds a recorded exchange as the fake saw it: a server-side
// request and the response it wrote.
func exchange(x testkit.Exchange) (*http.Request, *http.Response) {
	req := httptest.NewRequest(x.Method, x.RequestURI, bytes.NewReader(x.Body))
	req.Header = x.Header
	resp := &http.Response{StatusCode: x.Status, Header: x.RespHeader, Body: io.NopCloser(bytes.NewReader(x.RespBody)), Request: req}
	return req, resp
}

// sdktestUsers returns the import paths ("./tenants") of the packages a
// user's module reaches whose tests start fakes through sdktest.
func sdktestUsers(t *testing.T) []string {
	t.Helper()
	reached := reachedByUsers(t)
	var pkgs []string
	for _, path := range moduleGoFiles(t) {
		if !strings.HasSuffix(path, "_test.go") || !reached[filepath.Dir(path)] {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`"github.com/tenantkit/tenantkit/internal/testkit/sdktest"`)) {
			continue
		}
		rel, _ := filepath.Rel(moduleRoot, filepath.Dir(path))
		if pkg := "./" + filepath.ToSlash(rel); !slices.Contains(pkgs, pkg) {
			pkgs = append(pkgs, pkg)
		}
	}
	sort.Strings(pkgs)
	return pkgs
}

// goTool is the go command on PATH, which runs this test too.
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to run the SDK tests with: %v", err)
	}
	return p
}
