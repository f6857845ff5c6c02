package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeHeader is the form headers are compared in: lower case, surrounding space
// trimmed, every run of spaces, underscores, hyphens and no-break spaces one space, and
// a trailing currency code in brackets ("Charged to line (EUR)", as the exports write
// amounts) dropped. The code must be three capital letters, so "Seats (max)" keeps its
// brackets.
func NormalizeHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		switch {
		case r == '\uFEFF' || r == '\u200B':
			// A byte order mark or zero-width space pasted into a header is invisible.
			continue
		case unicode.IsSpace(r) || r == '_' || r == '-':
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteRune(r)
	}
	return strings.ToLower(dropCurrency(b.String()))
}

// dropCurrency removes a trailing " (EUR)" from a header whose spacing is already one
// space per gap.
func dropCurrency(s string) string {
	n := len(s)
	if n < 6 || s[n-1] != ')' || s[n-5] != '(' || s[n-6] != ' ' {
		return s
	}
	for i := n - 4; i < n-1; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return s
		}
	}
	return s[:n-6]
}

// headerIndex finds a spec's columns by any of their headers in normal form.
type headerIndex struct {
	spec   *Spec
	byName map[string]int
}

func newHeaderIndex(spec *Spec) *headerIndex {
	ix := &headerIndex{spec: spec, byName: make(map[string]int, 2*len(spec.Columns))}
	for i, c := range spec.Columns {
		names := append([]string{c.Header}, c.Aliases...)
		for _, n := range names {
			if k := NormalizeHeader(n); k != "" {
				if _, taken := ix.byName[k]; !taken {
					ix.byName[k] = i
				}
			}
		}
	}
	return ix
}

// headerMatch is what a candidate header row says about a spec: for each file column,
// the spec column it fills (-1 for an unknown header, -2 for a blank one).
type headerMatch struct {
	fileCols []int
	matched  int      // spec columns found
	missing  []string // required spec headers not found
}

const (
	unknownColumn = -1
	blankColumn   = -2
)

// match reads cells as a header row.
func (ix *headerIndex) match(cells []string) headerMatch {
	m := headerMatch{fileCols: make([]int, len(cells))}
	seen := make([]bool, len(ix.spec.Columns))
	for i, c := range cells {
		k := NormalizeHeader(c)
		if k == "" {
			m.fileCols[i] = blankColumn
			continue
		}
		col, ok := ix.byName[k]
		if !ok {
			m.fileCols[i] = unknownColumn
			continue
		}
		m.fileCols[i] = col
		if !seen[col] {
			seen[col] = true
			m.matched++
		}
	}
	for i, c := range ix.spec.Columns {
		if c.Required && !seen[i] {
			m.missing = append(m.missing, c.Header)
		}
	}
	return m
}

// isHeader reports whether a row is the header row: it has every required column, and
// at least one column when the spec requires none.
func (m headerMatch) isHeader() bool {
	return len(m.missing) == 0 && m.matched > 0
}

// headerCandidate is a row looked at while the header row is searched for.
type headerCandidate struct {
	line  int
	cells []string
	match headerMatch
}

// headerSearch keeps the best row seen so far, so that a sheet without a complete header
// row can be told which columns its closest row lacks.
type headerSearch struct {
	ix   *headerIndex
	best *headerCandidate
}

// try looks at one row; it returns the candidate when the row is the header row.
func (s *headerSearch) try(line int, cells []string) *headerCandidate {
	c := &headerCandidate{line: line, cells: cells, match: s.ix.match(cells)}
	if c.match.isHeader() {
		return c
	}
	if c.match.matched > 0 && (s.best == nil || c.match.matched > s.best.match.matched) {
		s.best = c
	}
	return nil
}

// fileLabel names a kind's file in a message: "a spend file", "a budget lines file".
func fileLabel(spec *Spec) string {
	return "a " + strings.ReplaceAll(string(spec.Kind), "-", " ") + " file"
}

// headerHint lists the headers a kind's header row needs, for a message: the required
// ones, or the first few when none is required.
func headerHint(spec *Spec) string {
	var names []string
	for _, c := range spec.Columns {
		if c.Required {
			names = append(names, c.Header)
		}
	}
	if len(names) == 0 {
		for _, c := range spec.Columns {
			names = append(names, c.Header)
		}
	}
	const most = 6
	if len(names) > most {
		return strings.Join(names[:most], ", ") + ", …"
	}
	return strings.Join(names, ", ")
}

// clip shortens a header or value quoted in a message.
func clip(s string) string {
	const most = 40
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	r := []rune(s)
	return string(r[:most]) + "…"
}

// missingHeader is the error for a table without a header row: the closest row and what
// it lacks when some row has some of the columns, else where the header row was looked
// for. where names the sheet (" of sheet “Data”"), "" for CSV.
func missingHeader(spec *Spec, s *headerSearch, where string) error {
	if c := s.best; c != nil {
		noun := "column"
		if len(c.match.missing) > 1 {
			noun = "columns"
		}
		return invalid("Row %d%s looks like the header row of %s but lacks the %s %s. The header row needs %s; the template has it.", c.line, where, fileLabel(spec), noun, joinHeaders(c.match.missing), headerHint(spec))
	}
	return invalid("Outlay found no header row of %s in the first %d rows%s. The header row needs %s; the template has it.", fileLabel(spec), headerSearchRows, where, headerHint(spec))
}

// joinHeaders lists headers in a sentence: “A”, “B” and “C”.
func joinHeaders(hs []string) string {
	q := make([]string, len(hs))
	for i, h := range hs {
		q[i] = quoteHeader(h)
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
