package testkit

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// ExchangesDirEnv names the environment variable that makes a Recorder
// write the exchanges of a fake, as JSON lines, to a file of the directory
// it holds. The tests of the packages tenantkit's users import cannot
// check exchanges against openapi.yaml themselves (the checker's OpenAPI
// library must stay out of those users' go.sum); internal/conformance runs
// them with the variable set and checks what they recorded.
const ExchangesDirEnv = "TENANTKIT_EXCHANGES_DIR"

// Exchange is one request a fake served and its response, as recorded.
type Exchange struct {
	Method     string      `json:"method"`
	RequestURI string      `json:"requestURI"`
	Header     http.Header `json:"header"`
	Body       []byte      `json:"body"`
	Status     int         `json:"status"`
	RespHeader http.Header `json:"respHeader"`
	RespBody   []byte      `json:"respBody"`
}

// Recorder appends the exchanges of one fake to its file: pass Observe to
// fakeserver.WithObserver. Its methods do nothing on a nil Recorder.
type Recorder struct {
	offSpec atomic.Bool

	mu  sync.Mutex
	enc *json.Encoder
	err error
}

// RecordExchanges returns a Recorder for a fake of tb's test when
// ExchangesDirEnv is set, and nil otherwise. Start the fake after it: its
// file closes when the test ends, after the fake (cleanups run last
// registered first).
func RecordExchanges(tb testing.TB) *Recorder {
	tb.Helper()
	dir := os.Getenv(ExchangesDirEnv)
	if dir == "" {
		return nil
	}
	// The test binary runs in its package's directory: name the file after
	// both.
	pkg := "."
	if wd, err := os.Getwd(); err == nil {
		pkg = filepath.Base(wd)
	}
	name := pkg + "." + strings.NewReplacer("/", "__", "\\", "__", " ", "_").Replace(tb.Name())
	f, err := os.CreateTemp(dir, name+".*.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	l := &Recorder{enc: json.NewEncoder(f)}
	tb.Cleanup(func() {
		if err := f.Close(); err != nil || l.err != nil {
			tb.Errorf("recording exchanges: %v", errorsOr(l.err, err))
		}
	})
	return l
}

func errorsOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// Observe records one exchange, leaving both bodies readable.
func (l *Recorder) Observe(req *http.Request, resp *http.Response) {
	if l == nil || l.offSpec.Load() {
		return
	}
	e := Exchange{Method: req.Method, RequestURI: req.URL.RequestURI(), Header: req.Header, Status: resp.StatusCode, RespHeader: resp.Header}
	e.Body, req.Body = readBack(req.Body)
	e.RespBody, resp.Body = readBack(resp.Body)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.enc.Encode(e); err != nil && l.err == nil {
		l.err = err
	}
}

// readBack reads rc whole and returns its bytes and a reader over them.
func readBack(rc io.ReadCloser) ([]byte, io.ReadCloser) {
	if rc == nil {
		return nil, nil
	}
	b, _ := io.ReadAll(rc)
	_ = rc.Close()
	return b, io.NopCloser(bytes.NewReader(b))
}

// OffSpec stops the recording: the fake answers off openapi.yaml on
// purpose (an error body style, a policy sent as a string). Call it before
// the first request.
func (l *Recorder) OffSpec() {
	if l != nil {
		l.offSpec.Store(true)
	}
}

// ReadExchanges returns the exchanges recorded in the file at path.
func ReadExchanges(path string) ([]Exchange, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Exchange
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var e Exchange
		if err := dec.Decode(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ExchangeFiles lists the exchange logs in dir.
func ExchangeFiles(dir string) ([]string, error) {
	return filepath.Glob(filepath.Join(dir, "*.jsonl"))
}
