package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/fakeserver"
)

// The flag.Value types of the command line: each parses one kind of value
// and says, when it refuses one, what it accepts.

// duration is a time.Duration flag that refuses negative values: 0 means
// "none" (no timeout, no grace).
type duration struct{ d *time.Duration }

func (v duration) String() string {
	if v.d == nil {
		return ""
	}
	// 1m and 2m rather than 1m0s and 2m0s.
	s := v.d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (v duration) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("want a duration such as 500ms, 10s or 2m")
	}
	if d < 0 {
		return errors.New("must not be negative")
	}
	*v.d = d
	return nil
}

// byteSize is a size in bytes, written as a plain number or with a binary
// suffix: 65536, 64KiB, 64MiB, 1GiB.
type byteSize struct{ n *int64 }

var byteUnits = []struct {
	suffix string
	shift  uint
}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}}

func (v byteSize) String() string {
	if v.n == nil {
		return ""
	}
	n := *v.n
	for _, u := range byteUnits {
		if n != 0 && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (v byteSize) Set(s string) error {
	digits, shift := s, uint(0)
	for _, u := range byteUnits {
		if d, ok := strings.CutSuffix(s, u.suffix); ok {
			digits, shift = d, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 {
		return errors.New("want a size in bytes such as 65536, 64KiB, 64MiB or 1GiB")
	}
	if n > math.MaxInt64>>shift {
		return errors.New("too large")
	}
	*v.n = n << shift
	return nil
}

// errorStyleNames names the Astra error body styles on the command line.
var errorStyleNames = []struct {
	name  string
	style fakeserver.AstraErrorStyle
}{
	{"object", fakeserver.AstraErrorsObject},
	{"string", fakeserver.AstraErrorsString},
	{"text", fakeserver.AstraErrorsPlainText},
	{"empty", fakeserver.AstraErrorsEmpty},
	{"null-message", fakeserver.AstraErrorsNullMessage},
}

// errorStyle is an Astra error body style by name; set reports whether
// the flag was given. An inheriting style shows no default of its own.
type errorStyle struct {
	style   *fakeserver.AstraErrorStyle
	set     *bool
	inherit bool
}

func (v errorStyle) String() string {
	if v.style == nil || (v.inherit && !*v.set) {
		return ""
	}
	for _, n := range errorStyleNames {
		if n.style == *v.style {
			return n.name
		}
	}
	return strconv.Itoa(int(*v.style))
}

func (v errorStyle) Set(s string) error {
	names := make([]string, len(errorStyleNames))
	for i, n := range errorStyleNames {
		if n.name == s {
			*v.style, *v.set = n.style, true
			return nil
		}
		names[i] = n.name
	}
	return fmt.Errorf("want one of %s", strings.Join(names, ", "))
}

// deniedStatus is the status for a token that lacks a permission: 401 or
// 403, the two the real endpoints have been seen to send.
type deniedStatus struct{ status *int }

func (v deniedStatus) String() string {
	if v.status == nil {
		return ""
	}
	return strconv.Itoa(*v.status)
}

func (v deniedStatus) Set(s string) error {
	switch s {
	case "401":
		*v.status = http.StatusUnauthorized
	case "403":
		*v.status = http.StatusForbidden
	default:
		return errors.New("want 401 or 403")
	}
	return nil
}

// routeRoles is the ARGO route → roles table: one of the two presets by
// name, or a JSON file holding a table.
type routeRoles struct {
	name  *string              // the preset's name or the file's path, as given
	table *map[string][]string // nil: the default table
}

// The presets of -argo-route-roles.
const (
	routeRolesDefault  = "default"
	routeRolesUnitTest = "unit-test"
)

func (v routeRoles) String() string {
	if v.name == nil {
		return ""
	}
	return *v.name
}

func (v routeRoles) Set(s string) error {
	switch s {
	case routeRolesDefault:
		*v.table = nil
	case routeRolesUnitTest:
		*v.table = fakeserver.ArgoUnitTestRouteRoles()
	default:
		b, err := os.ReadFile(s)
		if err != nil {
			return fmt.Errorf("want %s, %s or a JSON file: %w", routeRolesDefault, routeRolesUnitTest, err)
		}
		var table map[string][]string
		if err := json.Unmarshal(b, &table); err != nil || table == nil {
			return fmt.Errorf("%s: want a JSON object of route name → roles, such as {\"tenants.list\": [\"super_admin\"]}", s)
		}
		*v.table = table
	}
	*v.name = s
	return nil
}
