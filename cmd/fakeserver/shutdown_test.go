package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests hold a request in flight the ways a client can (a body that
// never ends or never arrives, an answer it never reads) and check that a
// signal still stops the binary, and that each timeout flag closes such a
// connection. Their time bounds are loose on purpose: they must hold on a
// loaded two-core machine, and each bound is far from what a regression
// would take (for ever, or a default timeout of a minute or more).

// hang holds one request in flight on a connection to p, and returns once
// the fake's handler is busy with it.
type hang func(t *testing.T, p *process)

// hangs are the ways a client can hold a request in flight.
var hangs = []struct {
	name  string
	args  []string // what the process needs for it
	start hang
}{
	{"endless chunked body", nil, endlessChunkedBody},
	{"unfinished Content-Length body", nil, unfinishedBody},
	{"unread response", []string{"-fixture", "BIG"}, unreadResponse},
}

// endlessChunkedBody sends a chunk every 100 ms for as long as the
// connection lasts, as `(while :; do printf a; sleep 1; done) | curl -T -`
// does.
func endlessChunkedBody(t *testing.T, p *process) {
	t.Helper()
	c := startRoleCreation(t, p, "Transfer-Encoding: chunked")
	go func() {
		for {
			if _, err := io.WriteString(c, "1\r\na\r\n"); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
}

// unfinishedBody announces 100 bytes and sends 10.
func unfinishedBody(t *testing.T, p *process) {
	t.Helper()
	c := startRoleCreation(t, p, "Content-Length: 100")
	write(t, c, `{"name":"a`)
}

// startRoleCreation sends the headers of a role creation whose body is
// framed by framing and waits for the fake's 100 Continue, which says its
// handler has begun reading the body.
func startRoleCreation(t *testing.T, p *process, framing string) net.Conn {
	t.Helper()
	c := p.dial(t)
	write(t, c, "POST /v2/organizations/roles HTTP/1.1\r\nHost: fake\r\nAuthorization: Bearer "+p.vars["ASTRA_TOKEN"]+
		"\r\nContent-Type: application/json\r\n"+framing+"\r\nExpect: 100-continue\r\n\r\n")
	if line := readLine(t, c); !strings.HasPrefix(line, "HTTP/1.1 100 ") {
		t.Fatalf("got %q, want 100 Continue", line)
	}
	return c
}

// unreadResponse asks for a list far longer than the sockets' buffers and
// reads only its status line, so the fake's handler blocks writing it.
func unreadResponse(t *testing.T, p *process) {
	t.Helper()
	c := p.dial(t)
	if err := c.(*net.TCPConn).SetReadBuffer(4096); err != nil {
		t.Fatal(err)
	}
	write(t, c, "GET /api/v2/admin/tenants HTTP/1.1\r\nHost: fake\r\nAccept: application/json\r\nX-Api-Key: "+p.vars["ARGO_ADMIN_KEY"]+"\r\n\r\n")
	if line := readLine(t, c); !strings.HasPrefix(line, "HTTP/1.1 200 ") {
		t.Fatalf("got %q, want 200", line)
	}
}

// bigFixture is a fixture whose ARGO tenant list is 16 MiB long: more than
// a loopback connection buffers.
var bigFixture = sync.OnceValues(func() (string, error) {
	dir, err := sharedDirs.make("fakeserver-big-")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(`{"argo_admin_keys":[{"key":"big-admin","flavour":"super_admin"}],"argo_tenants":[`)
	description := strings.Repeat("x", 1<<20)
	for i := range 16 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"info":{"name":"tenant-%d","description":%q}}`, i, description)
	}
	b.WriteString("]}")
	path := filepath.Join(dir, "big.json")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
})

// withBigFixture replaces the "BIG" placeholder in args by bigFixture's
// path.
func withBigFixture(t *testing.T, args []string) []string {
	t.Helper()
	out := make([]string, len(args))
	for i, a := range args {
		if a == "BIG" {
			path, err := bigFixture()
			if err != nil {
				t.Fatal(err)
			}
			a = path
		}
		out[i] = a
	}
	return out
}

func TestSignalStopsTheBinaryWithinTheGraceWhateverTheClientsDo(t *testing.T) {
	t.Parallel()
	const grace = time.Second
	for _, h := range hangs {
		t.Run(h.name, func(t *testing.T) {
			t.Parallel()
			p := start(t, withBigFixture(t, append([]string{"-addr", "127.0.0.1:0", "-shutdown-grace", grace.String()}, h.args...))...)
			h.start(t, p)
			began := time.Now()
			p.signal(t, syscall.SIGTERM)
			status := p.exitStatus(t, 30*time.Second)
			took := time.Since(began)
			t.Logf("stopped %v after SIGTERM", took)
			if status != 1 {
				t.Errorf("exit status %d, want 1 (a request was cut off); stderr:\n%s", status, p.stderr)
			}
			if took < grace || took > grace+15*time.Second {
				t.Errorf("stopped %v after SIGTERM; want the grace, %v, and not much more", took, grace)
			}
			for _, want := range []string{"waiting up to 1s for 1 request in flight", "1 request still in flight after 1s: cut off", "fakeserver: stopped"} {
				if !strings.Contains(p.stderr.String(), want) {
					t.Errorf("stderr does not say %q:\n%s", want, p.stderr)
				}
			}
		})
	}
}

func TestSecondSignalStopsTheBinaryAtOnce(t *testing.T) {
	t.Parallel()
	for _, h := range hangs {
		t.Run(h.name, func(t *testing.T) {
			t.Parallel()
			p := start(t, withBigFixture(t, append([]string{"-addr", "127.0.0.1:0", "-shutdown-grace", "10m"}, h.args...))...)
			h.start(t, p)
			p.signal(t, syscall.SIGTERM)
			p.waitForStderr(t, "signal again to stop at once")
			began := time.Now()
			p.signal(t, os.Interrupt)
			status := p.exitStatus(t, 30*time.Second)
			took := time.Since(began)
			t.Logf("stopped %v after the second signal", took)
			if status != 1 || took > 15*time.Second {
				t.Errorf("exit status %d %v after the second signal, want 1 at once; stderr:\n%s", status, took, p.stderr)
			}
			if !strings.Contains(p.stderr.String(), "interrupt again: 1 request in flight cut off") {
				t.Errorf("stderr does not say what the second signal did:\n%s", p.stderr)
			}
		})
	}
}

func TestSignalWithZeroGraceCutsRequestsOffAtOnce(t *testing.T) {
	t.Parallel()
	p := start(t, "-addr", "127.0.0.1:0", "-shutdown-grace", "0")
	endlessChunkedBody(t, p)
	began := time.Now()
	p.signal(t, syscall.SIGTERM)
	if status := p.exitStatus(t, 30*time.Second); status != 1 || time.Since(began) > 15*time.Second {
		t.Errorf("exit status %d after %v, want 1 at once; stderr:\n%s", status, time.Since(began), p.stderr)
	}
}

// TestTimeoutFlagsCloseStalledConnections sets each timeout to 300 ms and
// stalls a connection where it applies: the server must close it within
// 5 s, where the defaults (10 s and more) would keep it longer than the
// test waits (8 s).
func TestTimeoutFlagsCloseStalledConnections(t *testing.T) {
	t.Parallel()
	const wait = 8 * time.Second
	cases := []struct {
		flag  string
		args  []string
		stall func(t *testing.T, p *process) net.Conn
	}{
		{"-read-header-timeout", nil, func(t *testing.T, p *process) net.Conn {
			c := p.dial(t)
			write(t, c, "GET /v2/currentOrg HTTP/1.1\r\nHost: fake\r\n") // the headers never end
			return c
		}},
		{"-read-timeout", nil, func(t *testing.T, p *process) net.Conn {
			c := startRoleCreation(t, p, "Content-Length: 100")
			write(t, c, `{"name":"a`) // the other 90 bytes never come
			return c
		}},
		{"-idle-timeout", nil, func(t *testing.T, p *process) net.Conn {
			c := p.dial(t)
			write(t, c, "GET /v2/currentOrg HTTP/1.1\r\nHost: fake\r\nAuthorization: Bearer "+p.vars["ASTRA_TOKEN"]+"\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 || resp.Close {
				t.Fatalf("first request: %d, %v, close %v", resp.StatusCode, err, resp.Close)
			}
			return c // now idle, kept alive
		}},
	}
	for _, tc := range cases {
		t.Run(tc.flag, func(t *testing.T) {
			t.Parallel()
			p := start(t, append([]string{"-addr", "127.0.0.1:0", tc.flag, "300ms"}, tc.args...)...)
			c := tc.stall(t, p)
			took := closedWithin(t, c, wait)
			t.Logf("closed after %v", took)
			if took > 5*time.Second {
				t.Errorf("closed after %v with %s 300ms", took, tc.flag)
			}
		})
	}

	t.Run("-write-timeout", func(t *testing.T) {
		t.Parallel()
		p := start(t, withBigFixture(t, []string{"-addr", "127.0.0.1:0", "-write-timeout", "300ms", "-fixture", "BIG"})...)
		c := p.dial(t) // with its default receive buffer, so what the kernels hold drains fast once cut
		write(t, c, "GET /api/v2/admin/tenants HTTP/1.1\r\nHost: fake\r\nAccept: application/json\r\nX-Api-Key: "+p.vars["ARGO_ADMIN_KEY"]+"\r\n\r\n")
		time.Sleep(2 * time.Second) // not reading: past the write timeout, the fake gives up
		_ = c.SetReadDeadline(time.Now().Add(wait))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("the fake kept the connection open for %v", wait)
		}
		if err == nil {
			t.Errorf("read the whole %d-byte answer; want it cut off by -write-timeout 300ms", n)
		}
	})
}
