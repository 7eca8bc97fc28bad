package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// render writes the rows as one Markdown table with aligned columns.
func render(w io.Writer, rows []row) {
	table := [][]string{{"area", "benchmark", "figure", "median", "goal", "verdict"}}
	for _, r := range rows {
		table = append(table, []string{r.area, r.bench, r.figure, r.value, r.goal, r.verdict})
	}
	width := make([]int, len(table[0]))
	for _, line := range table {
		for i, cell := range line {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, cell := range cells {
			b.WriteString(" ")
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell)))
			b.WriteString(" |")
		}
		b.WriteString("\n")
		_, _ = io.WriteString(w, b.String())
	}
	line(table[0])
	sep := make([]string, len(width))
	for i, n := range width {
		sep[i] = strings.Repeat("-", n)
	}
	line(sep)
	for _, cells := range table[1:] {
		line(cells)
	}
}
