// Package browsertest drives a real headless Chromium from Go tests through
// ChromeDriver's W3C WebDriver protocol, with the standard library only:
// start a browser, open a page, find elements by CSS selector, click them,
// read their text, wait for a condition, take a screenshot.
//
// It uses Debian's chromium and chromium-driver packages
// (/usr/bin/chromium, /usr/bin/chromedriver). Start skips the test when
// they are missing, unless TENANTKIT_BROWSER_TEST=required, which CI sets:
// then it fails.
package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Paths of Debian's packages; TENANTKIT_CHROMIUM and TENANTKIT_CHROMEDRIVER
// override them.
const (
	defaultChromium     = "/usr/bin/chromium"
	defaultChromeDriver = "/usr/bin/chromedriver"
)

// Browser is one headless Chromium session.
type Browser struct {
	tb      testing.TB
	base    string // the session's WebDriver URL
	http    *http.Client
	timeout time.Duration
}

// Element is an element of the page, as WebDriver names it, with the
// selector and text that found it: the page may replace it (the inspector
// redraws every second), and Click then finds its successor.
type Element struct {
	b    *Browser
	id   string
	css  string
	want string
}

// elementKey is the W3C name of an element reference in JSON.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// Start launches chromedriver and a headless Chromium session, both
// stopped at tb's cleanup, or skips tb when they are not installed (fails
// it when TENANTKIT_BROWSER_TEST=required).
func Start(tb testing.TB) *Browser {
	tb.Helper()
	chromium := envOr("TENANTKIT_CHROMIUM", defaultChromium)
	driver := envOr("TENANTKIT_CHROMEDRIVER", defaultChromeDriver)
	for _, bin := range []string{chromium, driver} {
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv("TENANTKIT_BROWSER_TEST") == "required" {
				tb.Fatalf("browsertest: %s is missing and TENANTKIT_BROWSER_TEST=required (apt-get install chromium chromium-driver)", bin)
			}
			tb.Skipf("browsertest: %s is missing (apt-get install chromium chromium-driver, or set TENANTKIT_BROWSER_TEST=required to fail instead)", bin)
		}
	}
	port, err := freePort()
	if err != nil {
		tb.Fatal(err)
	}
	var driverLog bytes.Buffer
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = &driverLog, &driverLog
	if err := cmd.Start(); err != nil {
		tb.Fatalf("browsertest: start %s: %v", driver, err)
	}
	tb.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	b := &Browser{tb: tb, http: &http.Client{Timeout: 60 * time.Second}, timeout: 10 * time.Second}
	root := "http://127.0.0.1:" + strconv.Itoa(port)
	if err := waitReady(b.http, root+"/status", 20*time.Second); err != nil {
		tb.Fatalf("browsertest: chromedriver did not start: %v\n%s", err, driverLog.String())
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chromium,
			"args": []string{
				"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + tb.TempDir(), "--window-size=1440,1200", "--force-device-scale-factor=1",
			},
		},
	}}}
	var session struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.send(http.MethodPost, root+"/session", caps, &session); err != nil {
		tb.Fatalf("browsertest: new session: %v\n%s", err, driverLog.String())
	}
	b.base = root + "/session/" + session.SessionID
	tb.Cleanup(func() { _ = b.send(http.MethodDelete, b.base, nil, nil) })
	return b
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitReady(c *http.Client, url string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		resp, err := c.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer from %s within %s (last error: %v)", url, within, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// send makes one WebDriver call and decodes its "value" into out.
func (b *Browser) send(method, url string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var envelope struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &envelope); err != nil {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(envelope.Value, &e)
		return &webdriverError{code: e.Error, message: firstLine(e.Message)}
	}
	if out != nil {
		return json.Unmarshal(envelope.Value, out)
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// Open navigates to url and waits for it to load.
func (b *Browser) Open(url string) {
	b.tb.Helper()
	if err := b.send(http.MethodPost, b.base+"/url", map[string]string{"url": url}, nil); err != nil {
		b.tb.Fatalf("browsertest: open %s: %v", url, err)
	}
}

// URL is the address of the page shown.
func (b *Browser) URL() string {
	b.tb.Helper()
	var u string
	if err := b.send(http.MethodGet, b.base+"/url", nil, &u); err != nil {
		b.tb.Fatalf("browsertest: current URL: %v", err)
	}
	return u
}

// find returns the elements matching a CSS selector now.
func (b *Browser) find(css string) ([]Element, error) {
	var refs []map[string]string
	if err := b.send(http.MethodPost, b.base+"/elements", map[string]string{"using": "css selector", "value": css}, &refs); err != nil {
		return nil, err
	}
	out := make([]Element, len(refs))
	for i, r := range refs {
		out[i] = Element{b: b, id: r[elementKey]}
	}
	return out, nil
}

// WaitFor waits until an element matching css has text containing want
// (any element, when want is ""), and returns the first such element. It
// fails tb after the browser's timeout (10 s).
func (b *Browser) WaitFor(css, want string) Element {
	b.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	defer cancel()
	e, err := b.waitFor(ctx, css, want)
	if err != nil {
		b.tb.Fatalf("browsertest: %v; the page says:\n%s", err, b.BodyText())
	}
	return e
}

// waitFor is WaitFor until ctx ends, with the last error instead of a
// failed test.
func (b *Browser) waitFor(ctx context.Context, css, want string) (Element, error) {
	var last error
	for {
		els, err := b.find(css)
		last = err
		for _, e := range els {
			text, err := e.text()
			if err == nil && strings.Contains(text, want) {
				e.css, e.want = css, want
				return e, nil
			}
		}
		select {
		case <-ctx.Done():
			return Element{}, fmt.Errorf("no %q with text %q within %s (last error: %v)", css, want, b.timeout, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// BodyText is the text of the whole page, for failure messages.
func (b *Browser) BodyText() string {
	els, err := b.find("body")
	if err != nil || len(els) == 0 {
		return fmt.Sprintf("(no body: %v)", err)
	}
	text, err := els[0].text()
	if err != nil {
		return fmt.Sprintf("(no text: %v)", err)
	}
	return text
}

// Screenshot returns a PNG of the window.
func (b *Browser) Screenshot() []byte {
	b.tb.Helper()
	var encoded string
	if err := b.send(http.MethodGet, b.base+"/screenshot", nil, &encoded); err != nil {
		b.tb.Fatalf("browsertest: screenshot: %v", err)
	}
	png, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		b.tb.Fatalf("browsertest: screenshot: %v", err)
	}
	return png
}

// Click clicks the element. When the page has replaced it since it was
// found (WebDriver's "stale element reference"), Click finds the element
// matching the same selector and text again and clicks that, within the
// browser's timeout.
func (e Element) Click() {
	e.b.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), e.b.timeout)
	defer cancel()
	for {
		err := e.b.send(http.MethodPost, e.b.base+"/element/"+e.id+"/click", map[string]any{}, nil)
		if err == nil {
			return
		}
		if !isStale(err) || e.css == "" {
			e.b.tb.Fatalf("browsertest: click %q: %v", e.css, err)
		}
		found, ferr := e.b.waitFor(ctx, e.css, e.want)
		if ferr != nil {
			e.b.tb.Fatalf("browsertest: click %q: the element went stale and %v", e.css, ferr)
		}
		e.id = found.id
	}
}

// webdriverError is an error WebDriver answered, with its W3C error code
// ("no such element", "stale element reference", …).
type webdriverError struct {
	code, message string
}

func (e *webdriverError) Error() string { return "webdriver " + e.code + ": " + e.message }

// isStale reports whether err is WebDriver's "the element is no longer in
// the page".
func isStale(err error) bool {
	var we *webdriverError
	return errors.As(err, &we) && we.code == "stale element reference"
}

// Text is the element's rendered text.
func (e Element) Text() string {
	e.b.tb.Helper()
	text, err := e.text()
	if err != nil {
		e.b.tb.Fatalf("browsertest: text: %v", err)
	}
	return text
}

func (e Element) text() (string, error) {
	if e.id == "" {
		return "", errors.New("no element")
	}
	var text string
	err := e.b.send(http.MethodGet, e.b.base+"/element/"+e.id+"/text", nil, &text)
	return text, err
}

// Run runs a JavaScript function body in the page, such as
// "window.scrollTo(0, 0)", and fails tb if it throws.
func (b *Browser) Run(script string) {
	b.tb.Helper()
	if err := b.send(http.MethodPost, b.base+"/execute/sync", map[string]any{"script": script, "args": []any{}}, nil); err != nil {
		b.tb.Fatalf("browsertest: run %q: %v", script, err)
	}
}
