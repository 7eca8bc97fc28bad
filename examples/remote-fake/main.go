// Command remote-fake steers tenantkit's fake server running as a process
// of its own — as it runs beside a service under test in docker compose, a
// make target or CI — through its control API, and runs the SDK against
// it: it injects a fault, reads the journal, triggers a server-side event
// and resets the fake.
//
//	go run ./examples/remote-fake
//
// With TENANTKIT_FAKE_URL and TENANTKIT_FAKE_CONTROL_TOKEN set (the lines
// cmd/fakeserver prints) it uses that fake; otherwise it builds
// cmd/fakeserver, starts it on a free port, and stops it at the end.
// It clears the journal of the fake it is given and resets its state to
// the fake's fixture: give it a fake nothing else is using meanwhile.
// Keep the fake running and open TENANTKIT_FAKE_INSPECTOR_URL in a
// browser to watch the requests arrive.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/tenants"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "remote-fake:", err)
		os.Exit(1)
	}
}

// run is the whole program, with its environment passed in so a test can
// run it. It returns the first failure, and also any failure to clean up
// the fake on the way out.
func run(ctx context.Context, out io.Writer, getenv func(string) string) (err error) {
	url, token := getenv("TENANTKIT_FAKE_URL"), getenv("TENANTKIT_FAKE_CONTROL_TOKEN")
	if url == "" || token == "" {
		fake, err := startFake(ctx)
		if err != nil {
			return err
		}
		defer fake.stop()
		url, token = fake.vars["URL"], fake.vars["CONTROL_TOKEN"]
		fmt.Fprintf(out, "Started cmd/fakeserver at %s\n", url)
	}
	fake, err := fakeserver.Dial(ctx, url, token)
	if err != nil {
		return err
	}
	// On the way out, early ones included: remove the fault rule if it is
	// still there and reset the state. Reset returns to the fake's fixture,
	// which is the state found only if nobody changed it before. A failure
	// of either is kept by the Remote and joined to what run returns.
	defer func() {
		fake.RemoveFault("roles-down")
		fake.Reset()
		err = errors.Join(err, fake.Err())
	}()
	// Forget every call in the fake's journal, ours to come are the only
	// ones read below. This erases the calls of anyone else too: a fake
	// shared with other users must not be steered by this program while
	// they use it.
	fake.Journal().Reset()

	c, err := fake.SDKClient(fakeserver.AsAstra())
	if err != nil {
		return err
	}

	// 1. A fault: the next list of roles fails with 503; the SDK retries.
	if err := fake.AddFault(fakeserver.Fault{Name: "roles-down", Operation: tenantkit.OpGetOrganizationRoles, Status: 503, Times: 1}); err != nil {
		return err
	}
	list, err := roles.NewAstra(c).List(ctx)
	if err != nil {
		return fmt.Errorf("list roles: %w", err)
	}
	fmt.Fprintf(out, "Listed %d roles through an injected 503:\n", len(list))
	for _, call := range fake.Journal().CallsTo(tenantkit.OpGetOrganizationRoles) {
		fmt.Fprintf(out, "  %s\n", call)
	}

	// 2. An event: a new Langflow tenant finishes provisioning at once.
	lf := tenants.NewLangflow(c)
	t, err := lf.Create(ctx, tenants.LangflowCreateRequest{CloudProvider: "aws", Region: "us-west-2"})
	if err != nil {
		return fmt.Errorf("create a Langflow tenant: %w", err)
	}
	fmt.Fprintf(out, "Created Langflow tenant %s: %s\n", t.ID, t.Status)
	if err := fake.FinishProvisioning(t.ID); err != nil {
		return err
	}
	if t, err = lf.Get(ctx, t.ID); err != nil {
		return err
	}
	fmt.Fprintf(out, "After the FinishProvisioning event: %s\n", t.Status)

	// 3. The journal, as a test would compare it.
	fmt.Fprintln(out, "Journal outline:")
	for _, line := range fake.Journal().Outline() {
		fmt.Fprintf(out, "  %s\n", line)
	}

	// 4. Reset: the tenant is gone.
	fake.Reset()
	if _, err := lf.Get(ctx, t.ID); errors.Is(err, client.ErrNotFound) {
		fmt.Fprintln(out, "After Reset the tenant is gone (404)")
	} else {
		return fmt.Errorf("get after reset: %v, want 404", err)
	}
	return nil // the deferred clean-up adds fake.Err()
}

// process is a cmd/fakeserver this program started.
type process struct {
	cmd    *exec.Cmd
	vars   map[string]string // its TENANTKIT_FAKE_ lines, without the prefix
	dir    string
	stderr bytes.Buffer // what it said, for when it fails to start
}

// startFake builds cmd/fakeserver and starts it on a free loopback port,
// reading its lines up to TENANTKIT_FAKE_URL.
func startFake(ctx context.Context) (*process, error) {
	dir, err := os.MkdirTemp("", "remote-fake-")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "fakeserver")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/tenantkit/tenantkit/cmd/fakeserver")
	if msg, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("go build cmd/fakeserver: %v\n%s", err, msg)
	}
	p := &process{cmd: exec.Command(bin, "-addr", "127.0.0.1:0", "-journal-body-limit", "4KiB"), vars: map[string]string{}, dir: dir}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	lines := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(30*time.Second, func() { _ = p.cmd.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		name, value, _ := strings.Cut(strings.TrimPrefix(lines.Text(), "TENANTKIT_FAKE_"), "=")
		p.vars[name] = value
		if name == "URL" {
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return p, nil
		}
	}
	p.stop()
	return nil, fmt.Errorf("cmd/fakeserver stopped before printing its URL:\n%s", &p.stderr)
}

// stop sends SIGINT (on Windows, kills), waits, and removes the binary.
func (p *process) stop() {
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		_ = p.cmd.Process.Kill()
	}
	_ = p.cmd.Wait()
	os.RemoveAll(p.dir)
}
