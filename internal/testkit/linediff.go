package testkit

import "strings"

// diffContext is how many unchanged lines are shown around a change.
const diffContext = 3

// maxLCSCells bounds the longest-common-subsequence table; past it the
// two sides are shown whole, one after the other.
const maxLCSCells = 4 << 20

// lineDiff lists a and b as one sequence of lines: "-" for lines only in
// a, "+" for lines only in b, " " for common lines, the common runs cut to
// diffContext lines around each change.
func lineDiff(a, b []string) string {
	ops := editScript(a, b)
	var out strings.Builder
	skipped := 0
	for i, op := range ops {
		if op.kind == ' ' && !nearChange(ops, i) {
			skipped++
			continue
		}
		if skipped > 0 {
			out.WriteString("  \t...\n")
			skipped = 0
		}
		out.WriteByte(op.kind)
		out.WriteByte(' ')
		out.WriteString(op.line)
		out.WriteByte('\n')
	}
	if skipped > 0 {
		out.WriteString("  \t...\n")
	}
	return out.String()
}

type edit struct {
	kind byte // ' ', '-' or '+'
	line string
}

// nearChange reports whether a change lies within diffContext lines of
// ops[i].
func nearChange(ops []edit, i int) bool {
	for j := max(0, i-diffContext); j <= min(len(ops)-1, i+diffContext); j++ {
		if ops[j].kind != ' ' {
			return true
		}
	}
	return false
}

// editScript turns a into b with the fewest deletions and insertions, by
// the longest common subsequence of their lines (after trimming the common
// head and tail, which is most of a test value).
func editScript(a, b []string) []edit {
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	var ops []edit
	for _, l := range a[:head] {
		ops = append(ops, edit{' ', l})
	}
	ops = append(ops, middle(a[head:len(a)-tail], b[head:len(b)-tail])...)
	for _, l := range a[len(a)-tail:] {
		ops = append(ops, edit{' ', l})
	}
	return ops
}

func middle(a, b []string) []edit {
	var ops []edit
	if (len(a)+1)*(len(b)+1) > maxLCSCells {
		for _, l := range a {
			ops = append(ops, edit{'-', l})
		}
		for _, l := range b {
			ops = append(ops, edit{'+', l})
		}
		return ops
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, edit{' ', a[i]})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, edit{'-', a[i]}) // deletions first, as go-cmp shows them
			i++
		default:
			ops = append(ops, edit{'+', b[j]})
			j++
		}
	}
	return ops
}
