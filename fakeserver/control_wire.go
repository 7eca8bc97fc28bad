package fakeserver

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tenantkit/tenantkit"
)

// The JSON forms of a Fault and a Call on the control API, which the
// Remote reads back: durations as Go duration strings ("250ms", "2s"),
// Drop by name, bodies as text (or base64 when they are not UTF-8).

// faultJSON is a Fault on the control API.
type faultJSON struct {
	Name           string  `json:"name,omitempty"`
	Operation      string  `json:"operation,omitempty"`
	Method         string  `json:"method,omitempty"`
	Path           string  `json:"path,omitempty"`
	After          int     `json:"after,omitempty"`
	Times          int     `json:"times,omitempty"`
	Probability    float64 `json:"probability,omitempty"`
	Latency        string  `json:"latency,omitempty"`
	Status         int     `json:"status,omitempty"`
	Message        string  `json:"message,omitempty"`
	RetryAfter     string  `json:"retryAfter,omitempty"`
	RetryAfterDate bool    `json:"retryAfterDate,omitempty"`
	Drop           string  `json:"drop,omitempty"`
}

func faultToJSON(f Fault) faultJSON {
	j := faultJSON{
		Name: f.Name, Operation: string(f.Operation), Method: f.Method, Path: f.Path,
		After: f.After, Times: f.Times, Probability: f.Probability,
		Status: f.Status, Message: f.Message, RetryAfterDate: f.RetryAfterDate,
	}
	if f.Latency != 0 {
		j.Latency = f.Latency.String()
	}
	if f.RetryAfter != 0 {
		j.RetryAfter = f.RetryAfter.String()
	}
	if f.Drop != NoDrop {
		j.Drop = f.Drop.String()
	}
	return j
}

// fault reads the JSON form back; the rule itself is checked when it is
// added.
func (j faultJSON) fault() (Fault, error) {
	f := Fault{
		Name: j.Name, Operation: tenantkit.Operation(j.Operation), Method: j.Method, Path: j.Path,
		After: j.After, Times: j.Times, Probability: j.Probability,
		Status: j.Status, Message: j.Message, RetryAfterDate: j.RetryAfterDate,
	}
	var err error
	if f.Latency, err = parseControlDuration("latency", j.Latency); err != nil {
		return Fault{}, err
	}
	if f.RetryAfter, err = parseControlDuration("retryAfter", j.RetryAfter); err != nil {
		return Fault{}, err
	}
	if f.Drop, err = parseDrop(j.Drop); err != nil {
		return Fault{}, err
	}
	return f, nil
}

// parseControlDuration reads a Go duration string; "" is 0.
func parseControlDuration(field, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a duration: write it as Go does, such as \"250ms\", \"2s\" or \"1h30m\"", field, s)
	}
	return d, nil
}

func parseDrop(s string) (Drop, error) {
	for _, d := range []Drop{NoDrop, DropBeforeServing, DropAfterServing, DropMidResponse} {
		if s == d.String() || (s == "" && d == NoDrop) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("drop: %q is not one of \"before-serving\", \"after-serving\", \"mid-response\" (or \"none\")", s)
}

// callJSON is a journal Call on the control API.
type callJSON struct {
	Seq                int64       `json:"seq"`
	Time               time.Time   `json:"time"`
	Event              string      `json:"event,omitempty"`
	EventArgs          []string    `json:"eventArgs,omitempty"`
	Operation          string      `json:"operation,omitempty"`
	Method             string      `json:"method,omitempty"`
	Path               string      `json:"path,omitempty"`
	Query              url.Values  `json:"query,omitempty"`
	Header             http.Header `json:"header,omitempty"`
	Body               string      `json:"body,omitempty"`
	BodyBase64         bool        `json:"bodyBase64,omitempty"`
	Status             int         `json:"status,omitempty"`
	ResponseHeader     http.Header `json:"responseHeader,omitempty"`
	ResponseBody       string      `json:"responseBody,omitempty"`
	ResponseBodyBase64 bool        `json:"responseBodyBase64,omitempty"`
	Truncated          bool        `json:"truncated,omitempty"`
	Fault              string      `json:"fault,omitempty"`
	RateLimited        bool        `json:"rateLimited,omitempty"`
	Dropped            string      `json:"dropped,omitempty"`
	// Summary is Call.String, for a reader of the JSON.
	Summary string `json:"summary"`
}

func callToJSON(c Call, bodies bool) callJSON {
	j := callJSON{
		Seq: c.Seq, Time: c.Time, Event: c.Event, EventArgs: c.EventArgs,
		Operation: string(c.Operation), Method: c.Method, Path: c.Path, Query: c.Query,
		Status: c.Status, Truncated: c.Truncated, Fault: c.Fault, RateLimited: c.RateLimited,
		Summary: c.String(),
	}
	if c.Dropped != NoDrop {
		j.Dropped = c.Dropped.String()
	}
	if bodies {
		j.Header, j.ResponseHeader = c.Header, c.ResponseHeader
		j.Body, j.BodyBase64 = bodyText(c.Body)
		j.ResponseBody, j.ResponseBodyBase64 = bodyText(c.ResponseBody)
	}
	return j
}

func (j callJSON) call() (Call, error) {
	c := Call{
		Seq: j.Seq, Time: j.Time, Event: j.Event, EventArgs: j.EventArgs,
		Operation: tenantkit.Operation(j.Operation), Method: j.Method, Path: j.Path, Query: j.Query,
		Header: j.Header, Status: j.Status, ResponseHeader: j.ResponseHeader,
		Truncated: j.Truncated, Fault: j.Fault, RateLimited: j.RateLimited,
	}
	var err, err2, err3 error
	c.Body, err = bodyBytes(j.Body, j.BodyBase64)
	c.ResponseBody, err2 = bodyBytes(j.ResponseBody, j.ResponseBodyBase64)
	c.Dropped, err3 = parseDrop(j.Dropped)
	if err := errors.Join(err, err2, err3); err != nil {
		return Call{}, fmt.Errorf("journal entry %d: %w", j.Seq, err)
	}
	return c, nil
}

// bodyText is b as JSON text: itself when it is UTF-8, else base64.
func bodyText(b []byte) (string, bool) {
	if utf8.Valid(b) {
		return string(b), false
	}
	return base64.StdEncoding.EncodeToString(b), true
}

func bodyBytes(s string, base64Encoded bool) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	if !base64Encoded {
		return []byte(s), nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("body is not base64: %w", err)
	}
	return b, nil
}

// rateLimitJSON is the rate limit on the control API.
type rateLimitJSON struct {
	Enabled   bool    `json:"enabled"`
	PerSecond float64 `json:"perSecond,omitempty"`
	Burst     int     `json:"burst,omitempty"`
}

// rateLimitChange is a PUT of the rate limit: what GET answers, where an
// "enabled" left out means on when a rate is given.
type rateLimitChange struct {
	Enabled   *bool   `json:"enabled"`
	PerSecond float64 `json:"perSecond"`
	Burst     int     `json:"burst"`
}

// clockJSON is the server clock on the control API.
type clockJSON struct {
	Now     time.Time `json:"now"`
	Virtual bool      `json:"virtual"`
}

// journalPage is a page of the journal on the control API.
type journalPage struct {
	Calls   []callJSON `json:"calls"`
	Last    int64      `json:"last"`
	Evicted int        `json:"evicted"`
	Len     int        `json:"len"`
}

// credentialsJSON is Credentials on the control API.
type credentialsJSON struct {
	OrgID                  string `json:"orgId,omitempty"`
	OrgName                string `json:"orgName,omitempty"`
	AstraToken             string `json:"astraToken,omitempty"`
	ArgoAdminKey           string `json:"argoAdminKey,omitempty"`
	ArgoRestrictedAdminKey string `json:"argoRestrictedAdminKey,omitempty"`
	ArgoUIAdminKey         string `json:"argoUIAdminKey,omitempty"`
}

// controlErrorJSON is every error of the control API.
type controlErrorJSON struct {
	Error string `json:"error"`
}

// isJSONContentType reports whether a Content-Type header names JSON.
func isJSONContentType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "application/json")
}

// MarshalJSON writes the rule in the control API's form (controlapi.yaml's
// Fault): camelCase names, durations as Go duration strings ("250ms"),
// Drop by name ("after-serving"), zero fields left out.
func (f Fault) MarshalJSON() ([]byte, error) { return json.Marshal(faultToJSON(f)) }

// UnmarshalJSON reads the control API's form of a rule, refusing unknown
// fields, bad durations and unknown drops; the rule itself is checked when
// it is added (AddFault, WithFaults).
func (f *Fault) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j faultJSON
	if err := dec.Decode(&j); err != nil {
		return fmt.Errorf("fakeserver: fault rule: %w", err)
	}
	rule, err := j.fault()
	if err != nil {
		return fmt.Errorf("fakeserver: fault rule: %w", err)
	}
	*f = rule
	return nil
}
