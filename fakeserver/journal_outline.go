package fakeserver

import (
	"regexp"
	"strconv"
)

// Outline is Summary made to compare with a literal in a test: each line
// starts with the entry's operationId ("-" for a request that reached none,
// "event" for an event), and every generated value the line holds — a
// UUID, a 64-hex-digit API key, an AstraCS token — is replaced by a
// placeholder, {id-1}, {id-2}, …, numbered in order of first appearance
// across the whole outline, so the same ID is the same placeholder
// everywhere:
//
//	getOrganizationUsers GET /v2/organizations/users 200
//	addOrganizationRole POST /v2/organizations/roles 201
//	getOrganizationRole GET /v2/organizations/roles/{id-1} 200
//	event FinishProvisioning {id-2}
//
// With WithSeed the IDs themselves are repeatable too; Outline needs no
// seed, and does not change when a new call earlier in a test draws other
// IDs.
func (j *Journal) Outline() []string {
	generated := regexp.MustCompile(`AstraCS:[A-Za-z]{24}:[0-9a-f]{64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{64}\b`)
	placeholders := map[string]string{}
	calls := j.lines()
	out := make([]string, len(calls))
	for i, c := range calls {
		line := c.String()
		switch {
		case c.Event != "":
		case c.Operation == "":
			line = "- " + line
		default:
			line = string(c.Operation) + " " + line
		}
		out[i] = generated.ReplaceAllStringFunc(line, func(v string) string {
			p, ok := placeholders[v]
			if !ok {
				p = "{id-" + strconv.Itoa(len(placeholders)+1) + "}"
				placeholders[v] = p
			}
			return p
		})
	}
	return out
}
