package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/fakeserver"
)

func TestBinaryPrintsCredentialsControlTokenThenTheURLAndStopsOnSIGTERM(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0")
	want := map[string]string{
		"ORG_ID":                    fakeserver.DefaultOrgID,
		"ORG_NAME":                  fakeserver.DefaultOrgName,
		"ASTRA_TOKEN":               fakeserver.DefaultAstraToken,
		"ARGO_ADMIN_KEY":            fakeserver.DefaultArgoAdminKey,
		"ARGO_RESTRICTED_ADMIN_KEY": fakeserver.DefaultArgoRestrictedKey,
		"ARGO_UI_ADMIN_KEY":         fakeserver.DefaultArgoUIAdminKey,
		"CONTROL_TOKEN":             p.vars["CONTROL_TOKEN"],
		"INSPECTOR_URL":             p.vars["URL"] + "/__tenantkit/?token=" + p.vars["CONTROL_TOKEN"],
		"URL":                       p.vars["URL"],
	}
	if diff := cmp.Diff(want, p.vars); diff != "" {
		t.Errorf("printed (-want +got):\n%s", diff)
	}
	if !regexp.MustCompile(`^tkctl_[0-9a-f]{32}$`).MatchString(p.vars["CONTROL_TOKEN"]) {
		t.Errorf("CONTROL_TOKEN %q: want a random tkctl_ token", p.vars["CONTROL_TOKEN"])
	}
	if !strings.HasPrefix(p.vars["URL"], "http://127.0.0.1:") || strings.HasSuffix(p.vars["URL"], ":0") {
		t.Errorf("URL %q: want the port the system picked", p.vars["URL"])
	}
	if x := p.send(t, "GET", "/v2/currentOrg", p.astra(), ""); x.status != 200 {
		t.Errorf("Astra: %d %s", x.status, x.body)
	}
	if x := p.send(t, "GET", "/api/v2/admin/tenants", argo(p.vars["ARGO_ADMIN_KEY"]), ""); x.status != 200 {
		t.Errorf("ARGO: %d %s", x.status, x.body)
	}
	p.signal(t, syscall.SIGTERM)
	if status := p.exitStatus(t, 15*time.Second); status != 0 {
		t.Errorf("exit status %d after SIGTERM with no request in flight, want 0; stderr:\n%s", status, p.stderr)
	}
	if !strings.Contains(p.stderr.String(), "fakeserver: stopped") {
		t.Errorf("stderr does not say it stopped:\n%s", p.stderr)
	}
}

func TestBinaryServesAFixtureFileAndStopsOnSIGINT(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0", "-fixture", filepath.Join("..", "..", "fakeserver", "testdata", "fixture.example.json"),
		"-rate-limit", "0.001", "-rate-burst", "1")
	if p.vars["ORG_NAME"] != "acme" || p.vars["ARGO_ADMIN_KEY"] != "acme-argo-super-admin" {
		t.Errorf("printed %v; want the fixture's credentials", p.vars)
	}
	if x := p.send(t, "GET", "/v2/currentOrg", p.astra(), ""); x.status != 200 {
		t.Errorf("first call: %d", x.status)
	}
	if x := p.send(t, "GET", "/v2/currentOrg", p.astra(), ""); x.status != 429 || x.header.Get("Retry-After") == "" {
		t.Errorf("second call: %d with Retry-After %q, want 429 with one (-rate-limit)", x.status, x.header.Get("Retry-After"))
	}
	p.signal(t, os.Interrupt)
	if status := p.exitStatus(t, 15*time.Second); status != 0 {
		t.Errorf("exit status %d after SIGINT, want 0; stderr:\n%s", status, p.stderr)
	}
}

func TestBinaryStartsWithTheFaultRulesOfAFile(t *testing.T) {
	t.Parallel()
	const rule = `{"name":"org-down","operation":"getCurrentOrganization","status":503,"retryAfter":"3s","times":1}`
	for name, rules := range map[string]string{"an array": "[" + rule + "]", "one rule": "\n" + rule + "\n"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "faults.json")
			if err := os.WriteFile(path, []byte(rules), 0o644); err != nil {
				t.Fatal(err)
			}
			p := start(t, "-addr", "127.0.0.1:0", "-faults", path)
			var got []string
			for range 2 {
				x := p.send(t, "GET", "/v2/currentOrg", p.astra(), "")
				got = append(got, fmt.Sprint(x.status, " ", x.header.Get("Retry-After")))
			}
			if diff := cmp.Diff([]string{"503 3", "200 "}, got); diff != "" {
				t.Errorf("status and Retry-After of two calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBinaryLeavesOutCredentialsTheFixtureLacks(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "astra-only.json")
	if err := os.WriteFile(path, []byte(`{"organizations":[{"name":"solo","tokens":[{"token":"tok"}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p := start(t, "-addr", "127.0.0.1:0", "-fixture", path)
	if _, ok := p.vars["ARGO_ADMIN_KEY"]; ok || p.vars["ASTRA_TOKEN"] != "tok" || p.vars["ORG_NAME"] != "solo" {
		t.Errorf("printed %v", p.vars)
	}
}

func TestRunRejectsBadFlagsAndFixtures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"organizations":[{"name":"x","users":[{"email":"nope"}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	unknownRoute := filepath.Join(dir, "unknown-route.json")
	if err := os.WriteFile(unknownRoute, []byte(`{"tenants.lst":["super_admin"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	notATable := filepath.Join(dir, "not-a-table.json")
	if err := os.WriteFile(notATable, []byte(`["super_admin"]`), 0o644); err != nil {
		t.Fatal(err)
	}
	badFaults := filepath.Join(dir, "bad-faults.json")
	if err := os.WriteFile(badFaults, []byte(`[{"operation":"createLangflowTenant","latency":"5 parsecs"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	uselessFault := filepath.Join(dir, "useless-fault.json")
	if err := os.WriteFile(uselessFault, []byte(`[{"operation":"createLangflowTenant"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"-faults", filepath.Join(dir, "missing.json")}, 1, "-faults " + filepath.Join(dir, "missing.json")},
		{[]string{"-faults", badFaults}, 1, `latency: "5 parsecs" is not a duration`},
		{[]string{"-faults", uselessFault, "-addr", "127.0.0.1:0"}, 1, "-faults " + uselessFault + `: fakeserver: fault "": it does nothing: set Latency, Status or Drop`},
		{[]string{"-control-token", "short"}, 2, "at least 16 characters"},
		{[]string{"-control-token", fakeserver.DefaultAstraToken, "-addr", "127.0.0.1:0"}, 2, "one of the fixture's API credentials"},
		{[]string{"-virtual-clock-start", "tomorrow"}, 2, `-virtual-clock-start "tomorrow": want an RFC 3339 time`},
		{[]string{"-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-addr", "nonsense"}, 2, `-addr "nonsense": want host:port`},
		{[]string{"-addr", "192.0.2.1:0"}, 1, "-addr 192.0.2.1:0:"}, // TEST-NET-1: not this machine's address
		{[]string{"-seed", "-1"}, 2, "want an unsigned integer"},
		{[]string{"-fixture", filepath.Join(dir, "missing.json")}, 1, "missing.json"},
		{[]string{"-fixture", bad, "-addr", "127.0.0.1:0"}, 1, "-fixture " + bad + ": "},
		{[]string{"-fixture", bad, "-addr", "127.0.0.1:0", "-provisioning-delay", "50ms"}, 2, "WithProvisioningDelay(50ms)"},
		{[]string{"-provisioning-delay", "50ms", "-addr", "127.0.0.1:0"}, 2, "must be 0 or more than 100ms"},
		{[]string{"-provisioning-delay", "-1s"}, 2, "must not be negative"},
		{[]string{"-rate-limit", "-1"}, 2, "-rate-limit -1: want 0 (no limit) or a positive number"},
		{[]string{"-rate-limit", "NaN"}, 2, "-rate-limit NaN"},
		{[]string{"-rate-burst", "-1"}, 2, "-rate-burst -1: must not be negative"},
		{[]string{"-journal", "-1"}, 2, "-journal -1: must not be negative"},
		{[]string{"-journal-body-limit", "-1"}, 2, "want a size in bytes such as 65536, 64KiB"},
		{[]string{"-journal-body-limit", "64kb"}, 2, "want a size in bytes"},
		{[]string{"-argo-body-limit", "0"}, 2, "-argo-body-limit 0: the fake must read at least 1 byte"},
		{[]string{"-argo-body-limit", "lots"}, 2, "invalid value \"lots\" for flag -argo-body-limit"},
		{[]string{"-astra-error-style", "xml"}, 2, "want one of object, string, text, empty, null-message"},
		{[]string{"-role-error-style", "String"}, 2, "want one of object, string, text, empty, null-message"},
		{[]string{"-permission-denied-status", "404"}, 2, "want 401 or 403"},
		{[]string{"-argo-route-roles", "strict"}, 2, "want default, unit-test or a JSON file"},
		{[]string{"-argo-route-roles", notATable}, 2, "want a JSON object of route name → roles"},
		{[]string{"-argo-route-roles", unknownRoute, "-addr", "127.0.0.1:0"}, 2, `unknown route name(s) ["tenants.lst"]`},
		{[]string{"-read-header-timeout", "-1s"}, 2, "invalid value \"-1s\" for flag -read-header-timeout: must not be negative"},
		{[]string{"-read-timeout", "soon"}, 2, "invalid value \"soon\" for flag -read-timeout: want a duration such as 500ms"},
		{[]string{"-write-timeout", "-5m"}, 2, "invalid value \"-5m\" for flag -write-timeout: must not be negative"},
		{[]string{"-idle-timeout", "1"}, 2, "invalid value \"1\" for flag -idle-timeout: want a duration"},
		{[]string{"-shutdown-grace", "-1ns"}, 2, "invalid value \"-1ns\" for flag -shutdown-grace: must not be negative"},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		status := run(tc.args, &stdout, &stderr, nil)
		if status != tc.status || !strings.Contains(stderr.String(), tc.stderr) || stdout.Len() != 0 {
			t.Errorf("run %q: status %d, stderr %q, stdout %q; want %d and %q", tc.args, status, stderr.String(), stdout.String(), tc.status, tc.stderr)
		}
		if strings.Contains(stderr.String(), "Usage:") {
			t.Errorf("run %q: a mistake printed the whole usage:\n%s", tc.args, stderr.String())
		}
	}
}

func TestRunPrintsTheDefaultFixture(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if status := run([]string{"-print-default-fixture"}, &stdout, &stderr, nil); status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "fakeserver", "testdata", "fixture.default.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
		t.Errorf("printed fixture (-file +printed):\n%s", diff)
	}
}

func TestRunServesUntilSignalled(t *testing.T) {
	t.Parallel()
	signals := make(chan os.Signal, 1)
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"-addr", "127.0.0.1:0", "-journal", "0"}, pw, &stderr, signals)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	url := ""
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "TENANTKIT_FAKE_URL="); ok {
			url = v
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	req, _ := http.NewRequest("GET", url+"/v2/currentOrg", nil)
	req.Header.Set("Authorization", "Bearer "+fakeserver.DefaultAstraToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	signals <- syscall.SIGTERM
	select {
	case status := <-done:
		if status != 0 {
			t.Errorf("exit status %d; stderr:\n%s", status, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after the signal")
	}
	if resp, err := http.Get(url + "/v2/currentOrg"); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after run returned: %d", resp.StatusCode)
	}
}

func TestHelpListsEveryFlagOnceAndExitsZero(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if status := run([]string{"-help"}, &stdout, &stderr, nil); status != 0 || stderr.Len() != 0 {
		t.Fatalf("-help: status %d, stderr %q", status, stderr.String())
	}
	help := stdout.String()
	var o options
	newFlagSet(&o).VisitAll(func(f *flag.Flag) {
		if n := strings.Count(help, "\n  -"+f.Name+" ") + strings.Count(help, "\n  -"+f.Name+"\n"); n != 1 {
			t.Errorf("-help lists -%s %d times, want once", f.Name, n)
		}
	})
	for _, line := range strings.Split(help, "\n") {
		if len([]rune(strings.ReplaceAll(line, "\t", "        "))) > 100 {
			t.Errorf("a -help line is longer than 100 columns: %q", line)
		}
	}
}
