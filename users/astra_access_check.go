package users

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/roles"
)

// ValidationError refuses a whole desired state ([Access]) or list of
// invitations: it names every problem found in it, and nothing was written.
// errors.Is and errors.As reach each problem: an unknown role is a
// *roles.UnknownRoleError (errors.Is(err, roles.ErrUnknownRole)), every
// other problem a plain error. It matches [client.ErrBadRequest] too, as the
// API would have refused the same input.
type ValidationError struct {
	// Op is the method that refused the input, such as
	// "users.Astra.PlanAccess".
	Op string
	// Problems holds one error per problem, in the order of the input.
	Problems []error
}

// Error names every problem, after how many there are.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("tenantkit: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(count(len(e.Problems), "problem"))
	b.WriteString(", nothing sent")
	for _, p := range e.Problems {
		b.WriteString("; ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems.
func (e *ValidationError) Unwrap() []error { return e.Problems }

// Is reports whether target is client.ErrBadRequest.
func (e *ValidationError) Is(target error) bool { return target == client.ErrBadRequest }

// memberProblems checks what a list of members can be checked for without
// the API: a usable email, each once (case-insensitively), and at least one
// role, none empty. what names the list in messages ("member").
func memberProblems(members []Member, what string) []error {
	var problems []error
	first := make(map[string]int, len(members)) // lowercase email → index of its first use
	for i, m := range members {
		name := fmt.Sprintf("%s %d", what, i+1)
		switch {
		case m.Email == "":
			problems = append(problems, fmt.Errorf("%s: empty email", name))
		case !validEmail(m.Email):
			problems = append(problems, fmt.Errorf("%s: malformed email %q (want one address such as ada@example.com)", name, m.Email))
		default:
			key := strings.ToLower(m.Email)
			name += " (" + key + ")"
			if j, dup := first[key]; dup {
				problems = append(problems, fmt.Errorf("%s: email %q repeats %s %d (emails compare case-insensitively)", name, m.Email, what, j+1))
			} else {
				first[key] = i
			}
		}
		switch {
		case len(m.Roles) == 0:
			problems = append(problems, fmt.Errorf("%s: no roles (the API requires at least one)", name))
		case containsEmpty(m.Roles):
			problems = append(problems, fmt.Errorf("%s: an empty role name or ID", name))
		}
	}
	return problems
}

// roleProblems checks the custom roles of an Access: a name, each once, not
// a built-in role's, and a policy the API accepts (effect "allow", at least
// one action and one resource, every resource an organization DRN).
func roleProblems(defs []roles.Definition) []error {
	var problems []error
	seen := make(map[string]bool, len(defs))
	for i, d := range defs {
		name := fmt.Sprintf("role %d", i+1)
		if d.Name != "" {
			name += " (" + strconv.Quote(d.Name) + ")"
		}
		switch {
		case strings.TrimSpace(d.Name) == "":
			problems = append(problems, fmt.Errorf("%s: empty name", name))
		case seen[d.Name]:
			problems = append(problems, fmt.Errorf("%s: defined twice", name))
		case roles.IsBuiltin(d.Name):
			problems = append(problems, fmt.Errorf("%s: a built-in role, which cannot be changed (give members it by name instead)", name))
		}
		seen[d.Name] = true
		p := d.Policy
		switch {
		case len(p.Actions) == 0 && len(p.Resources) == 0:
			problems = append(problems, fmt.Errorf("%s: no policy (give it actions and resources, for instance with roles.Allow)", name))
		case len(p.Actions) == 0:
			problems = append(problems, fmt.Errorf("%s: a policy without actions", name))
		case len(p.Resources) == 0:
			problems = append(problems, fmt.Errorf("%s: a policy without resources", name))
		}
		if p.Effect != roles.EffectAllow && (len(p.Actions) > 0 || len(p.Resources) > 0) {
			problems = append(problems, fmt.Errorf("%s: policy effect %q (the API accepts only %q)", name, p.Effect, roles.EffectAllow))
		}
		for _, r := range p.Resources {
			if !strings.HasPrefix(r, "drn:astra:org:") {
				problems = append(problems, fmt.Errorf("%s: resource %q is not an organization DRN (drn:astra:org:…)", name, r))
			}
		}
	}
	return problems
}

// validEmail is the API's notion of an email address as openapi.yaml
// decides it: exactly one '@', a non-empty local part, a domain containing
// a dot and not starting or ending with one, no spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || domain == "" || strings.IndexByte(domain, '@') >= 0 ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return false
	}
	return strings.IndexFunc(s, unicode.IsSpace) < 0
}

func containsEmpty(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return true
		}
	}
	return false
}

// invalid returns the ValidationError for problems, or nil when there are
// none.
func invalid(op string, problems []error) error {
	if len(problems) == 0 {
		return nil
	}
	return &ValidationError{Op: op, Problems: problems}
}
