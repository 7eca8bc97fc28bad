package fakeserver

import (
	"bufio"
	"bytes"
	"slices"
	"strings"
	"testing"
)

// TestControlOpenAPIDescribesEveryEndpoint: controlapi.yaml and the
// endpoints served are the same set of method + path, both ways.
func TestControlOpenAPIDescribesEveryEndpoint(t *testing.T) {
	t.Parallel()
	var documented []string
	inPaths, path := false, ""
	sc := bufio.NewScanner(bytes.NewReader(controlOpenAPI))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "paths:":
			inPaths = true
		case inPaths && len(line) > 0 && line[0] != ' ':
			inPaths = false
		case inPaths && strings.HasPrefix(line, "  /") && strings.HasSuffix(line, ":"):
			path = strings.TrimSuffix(strings.TrimPrefix(line, "  /"), ":")
		case inPaths && strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") && strings.HasSuffix(line, ":"):
			method := strings.TrimSuffix(strings.TrimSpace(line), ":")
			if method != "parameters" {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
	}
	var served []string
	for _, e := range (&control{s: &Server{}}).endpoints() {
		served = append(served, e.method+" "+e.path)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if len(documented) < 20 {
		t.Fatalf("read %d operations from controlapi.yaml; the reader is wrong", len(documented))
	}
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("controlapi.yaml describes %s, which the control API does not serve", d)
		}
	}
	for _, s := range served {
		if !slices.Contains(documented, s) {
			t.Errorf("the control API serves %s, which controlapi.yaml does not describe", s)
		}
	}
}
