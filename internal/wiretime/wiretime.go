// Package wiretime reads the timestamps the APIs send as text, for the
// models' time accessors: each API writes its own format, and a value that
// is empty or does not parse reads as the zero time (the model keeps the
// text). openapi.yaml's info.description lists the formats and the time
// zone decided for ARGO's zoneless times.
package wiretime

import (
	"strings"
	"time"
)

// ArgoLayout is the form of the ARGO Web API's info.created and
// info.updated: the server's local time, with no zone.
const ArgoLayout = "2006-01-02 15:04:05"

// RFC3339 reads s as RFC 3339, with or without fractional seconds, in the
// offset it names.
func RFC3339(s string) time.Time {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Argo reads s in ArgoLayout as a time in UTC (the decision for the
// server's unknown zone).
func Argo(s string) time.Time {
	t, err := time.ParseInLocation(ArgoLayout, strings.TrimSpace(s), time.UTC)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Any reads s as RFC 3339 or, failing that, as Argo does: for free-text
// fields such as ARGO's last_check.
func Any(s string) time.Time {
	if t := RFC3339(s); !t.IsZero() {
		return t
	}
	return Argo(s)
}
