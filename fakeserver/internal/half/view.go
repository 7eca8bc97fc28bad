package half

import "unicode/utf8"

// View is one API's state as the inspector page and the control API's
// state endpoint show it: titled tables of strings, secrets masked (Mask).
type View struct {
	// API names the API, such as "Astra DevOps API".
	API    string  `json:"api"`
	Tables []Table `json:"tables"`
}

// Table is one kind of record, a row each, in a stable order.
type Table struct {
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	// Actions, when not nil, has one entry per row: the server-side
	// events that make sense for that record now.
	Actions [][]Action `json:"actions,omitempty"`
}

// Action is a server-side event offered for one record: the control
// API's POST /events/{Event} with Body as its JSON body.
type Action struct {
	Label string            `json:"label"`
	Event string            `json:"event"`
	Body  map[string]string `json:"body"`
}

// Mask shows enough of a secret (a token, an API key) to tell two apart
// and not enough to use it: its first four characters, or none of a short
// one, and an ellipsis.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	n := 0
	if utf8.RuneCountInString(secret) >= 16 {
		n = 4
	}
	prefix := []rune(secret)[:n]
	return string(prefix) + "…"
}
