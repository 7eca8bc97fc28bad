package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// process is a running fakeserver binary.
type process struct {
	cmd    *exec.Cmd
	vars   map[string]string // the NAME=value lines it printed, without the prefix
	stderr *bytes.Buffer
}

// start runs the binary with args and reads its output up to the URL line.
func start(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, vars: map[string]string{}, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the output ended before the URL; stderr:\n%s", p.stderr)
			}
			name, value, found := strings.Cut(strings.TrimPrefix(line, "TENANTKIT_FAKE_"), "=")
			if !found || !strings.HasPrefix(line, "TENANTKIT_FAKE_") {
				t.Fatalf("unexpected output line %q", line)
			}
			p.vars[name] = value
			if name == "URL" {
				return p
			}
		case <-timeout:
			t.Fatalf("no URL after 30s; stderr:\n%s", p.stderr)
		}
	}
}

// stop sends sig and waits for a prompt exit with status 0.
func (p *process) stop(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v; stderr:\n%s", err, p.stderr)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10s after %v", sig)
	}
	if !strings.Contains(p.stderr.String(), "fakeserver: stopped") {
		t.Errorf("stderr does not say it stopped:\n%s", p.stderr)
	}
}

// get sends a GET with one header and returns the status.
func get(t *testing.T, url, header, value string) int {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(header, value)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func TestBinary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("stops on SIGTERM, which Windows lacks")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "fakeserver")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("default fixture, stopped by SIGTERM", func(t *testing.T) {
		t.Parallel()
		p := start(t, bin, "-addr", "127.0.0.1:0")
		want := map[string]string{
			"ORG_ID":                    fakeserver.DefaultOrgID,
			"ORG_NAME":                  fakeserver.DefaultOrgName,
			"ASTRA_TOKEN":               fakeserver.DefaultAstraToken,
			"ARGO_ADMIN_KEY":            fakeserver.DefaultArgoAdminKey,
			"ARGO_RESTRICTED_ADMIN_KEY": fakeserver.DefaultArgoRestrictedKey,
			"ARGO_UI_ADMIN_KEY":         fakeserver.DefaultArgoUIAdminKey,
			"URL":                       p.vars["URL"],
		}
		if diff := cmp.Diff(want, p.vars); diff != "" {
			t.Errorf("printed (-want +got):\n%s", diff)
		}
		if !strings.HasPrefix(p.vars["URL"], "http://127.0.0.1:") || strings.HasSuffix(p.vars["URL"], ":0") {
			t.Errorf("URL %q: want the port the system picked", p.vars["URL"])
		}
		if s := get(t, p.vars["URL"]+"/v2/currentOrg", "Authorization", "Bearer "+p.vars["ASTRA_TOKEN"]); s != 200 {
			t.Errorf("Astra: %d", s)
		}
		if s := get(t, p.vars["URL"]+"/api/v2/admin/tenants", "X-Api-Key", p.vars["ARGO_ADMIN_KEY"]); s != 200 {
			t.Errorf("ARGO: %d", s)
		}
		start := time.Now()
		p.stop(t, syscall.SIGTERM)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to stop", d)
		}
	})

	t.Run("fixture file and rate limit, stopped by SIGINT", func(t *testing.T) {
		t.Parallel()
		p := start(t, bin, "-addr", "127.0.0.1:0", "-fixture", filepath.Join("..", "..", "fakeserver", "testdata", "fixture.example.json"),
			"-rate-limit", "0.001", "-rate-burst", "1", "-seed", "7", "-provisioning-delay", "0")
		if p.vars["ORG_NAME"] != "acme" || p.vars["ARGO_ADMIN_KEY"] != "acme-argo-super-admin" {
			t.Errorf("printed %v; want the fixture's credentials", p.vars)
		}
		auth := "Bearer " + p.vars["ASTRA_TOKEN"]
		if s := get(t, p.vars["URL"]+"/v2/currentOrg", "Authorization", auth); s != 200 {
			t.Errorf("first call: %d", s)
		}
		if s := get(t, p.vars["URL"]+"/v2/currentOrg", "Authorization", auth); s != 429 {
			t.Errorf("second call: %d, want 429", s)
		}
		p.stop(t, os.Interrupt)
	})

	t.Run("a fixture without an ARGO key prints no ARGO key", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "astra-only.json")
		if err := os.WriteFile(path, []byte(`{"organizations":[{"name":"solo","tokens":[{"token":"tok"}]}]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		p := start(t, bin, "-addr", "127.0.0.1:0", "-fixture", path)
		if _, ok := p.vars["ARGO_ADMIN_KEY"]; ok || p.vars["ASTRA_TOKEN"] != "tok" || p.vars["ORG_NAME"] != "solo" {
			t.Errorf("printed %v", p.vars)
		}
		p.stop(t, syscall.SIGTERM)
	})
}

func TestRunRejectsBadFlagsAndFixtures(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"organizations":[{"name":"x","users":[{"email":"nope"}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"-nope"}, 2, "flag provided but not defined"},
		{[]string{"-seed", "-1"}, 2, "want an unsigned integer"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-fixture", filepath.Join(t.TempDir(), "missing.json")}, 1, "missing.json"},
		{[]string{"-fixture", bad, "-addr", "127.0.0.1:0"}, 1, "invalid email"},
		{[]string{"-addr", "nonsense"}, 1, "WithAddr"},
		{[]string{"-rate-limit", "-1", "-addr", "127.0.0.1:0"}, 1, "WithRateLimit"},
		{[]string{"-provisioning-delay", "50ms", "-addr", "127.0.0.1:0"}, 1, "WithProvisioningDelay"},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		status := run(context.Background(), tc.args, &stdout, &stderr)
		if status != tc.status || !strings.Contains(stderr.String(), tc.stderr) || stdout.Len() != 0 {
			t.Errorf("run %q: status %d, stderr %q, stdout %q; want %d and %q", tc.args, status, stderr.String(), stdout.String(), tc.status, tc.stderr)
		}
	}
}

func TestRunPrintsTheDefaultFixture(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if status := run(context.Background(), []string{"-print-default-fixture"}, &stdout, &stderr); status != 0 {
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

func TestRunServesUntilItsContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-journal", "0"}, pw, &stderr); pw.Close() }()
	sc := bufio.NewScanner(pr)
	url := ""
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "TENANTKIT_FAKE_URL="); ok {
			url = v
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if s := get(t, url+"/v2/currentOrg", "Authorization", "Bearer "+fakeserver.DefaultAstraToken); s != 200 {
		t.Errorf("status %d", s)
	}
	cancel()
	select {
	case status := <-done:
		if status != 0 {
			t.Errorf("exit status %d", status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
	if resp, err := http.Get(url + "/v2/currentOrg"); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after run returned: %d", resp.StatusCode)
	}
}
