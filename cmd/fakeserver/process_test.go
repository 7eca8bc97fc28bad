package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The helpers of the tests that run the binary as a process.

// sharedDirs are the temporary directories of what the tests share (the
// binary, a large fixture); TestMain removes them.
var sharedDirs tempDirs

type tempDirs struct {
	mu   sync.Mutex
	dirs []string
}

func (d *tempDirs) make(prefix string) (string, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err == nil {
		d.mu.Lock()
		d.dirs = append(d.dirs, dir)
		d.mu.Unlock()
	}
	return dir, err
}

func (d *tempDirs) all() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dirs
}

// binary builds the command once per test run and returns its path.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := sharedDirs.make("fakeserver-test-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "fakeserver")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", errors.New("go build: " + err.Error() + "\n" + string(out))
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range sharedDirs.all() {
		_ = os.RemoveAll(dir)
	}
	os.Exit(code)
}

// process is a running fakeserver binary.
type process struct {
	cmd    *exec.Cmd
	vars   map[string]string // the NAME=value lines it printed, without the prefix
	stderr *syncBuffer
	exited chan struct{} // closed once Wait returned
	err    error         // what Wait returned, once exited is closed
}

// syncBuffer is a bytes.Buffer the process writes while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// skipWithoutSignals skips tests that stop the binary with SIGTERM.
func skipWithoutSignals(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the binary stops on SIGTERM, which Windows lacks")
	}
}

// start runs the binary with args and reads its output up to the URL line.
func start(t *testing.T, args ...string) *process {
	t.Helper()
	skipWithoutSignals(t)
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, vars: map[string]string{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
	})
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
				go func() {
					for range lines { // nothing follows the URL line; drain it if it does
					}
				}()
				return p
			}
		case <-timeout:
			t.Fatalf("no URL after 30s; stderr:\n%s", p.stderr)
		}
	}
}

// signal sends sig to the process.
func (p *process) signal(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// exitStatus waits up to limit for the process to exit and returns its
// exit status.
func (p *process) exitStatus(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(limit):
		t.Fatalf("still running after %v; stderr:\n%s", limit, p.stderr)
	}
	var exit *exec.ExitError
	switch {
	case p.err == nil:
		return 0
	case errors.As(p.err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	default:
		t.Fatalf("the process did not exit normally: %v; stderr:\n%s", p.err, p.stderr)
		return -1
	}
}

// waitForStderr waits up to 30s for the process to write want to stderr.
func (p *process) waitForStderr(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(p.stderr.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("stderr never said %q:\n%s", want, p.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// exchange is what one request got back.
type exchange struct {
	status int
	header http.Header
	body   string
}

// send makes one request to the process and returns the answer.
func (p *process) send(t *testing.T, method, path string, header map[string]string, body string) exchange {
	t.Helper()
	req, err := http.NewRequest(method, p.vars["URL"]+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return exchange{resp.StatusCode, resp.Header, string(b)}
}

// astra returns the headers of an Astra request with the process's token.
func (p *process) astra() map[string]string {
	return map[string]string{"Authorization": "Bearer " + p.vars["ASTRA_TOKEN"], "Content-Type": "application/json"}
}

// argo returns the headers of an ARGO request with the given admin key.
func argo(key string) map[string]string {
	return map[string]string{"X-Api-Key": key, "Accept": "application/json", "Content-Type": "application/json"}
}

// dial opens a raw TCP connection to the process, closed when the test
// ends.
func (p *process) dial(t *testing.T) net.Conn {
	t.Helper()
	u, err := url.Parse(p.vars["URL"])
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// write writes raw bytes to a connection.
func write(t *testing.T, c net.Conn, s string) {
	t.Helper()
	if _, err := io.WriteString(c, s); err != nil {
		t.Fatal(err)
	}
}

// readLine reads one line of an HTTP answer, byte by byte so nothing past
// it is consumed, within 30s.
func readLine(t *testing.T, c net.Conn) string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	defer c.SetReadDeadline(time.Time{})
	var line []byte
	b := make([]byte, 1)
	for !bytes.HasSuffix(line, []byte("\r\n")) {
		if _, err := c.Read(b); err != nil {
			t.Fatalf("reading a line (so far %q): %v", line, err)
		}
		line = append(line, b[0])
	}
	return string(line)
}

// closedWithin reports how long the server took to close c (reading and
// discarding whatever it sends first), failing the test past limit.
func closedWithin(t *testing.T, c net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	_ = c.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, c)
	took := time.Since(start)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %v", limit)
	}
	return took
}
