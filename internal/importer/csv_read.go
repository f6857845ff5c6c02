package importer

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
)

// csvSeparators are the separators a CSV may use: a comma, a semicolon (Excel's in
// locales with a decimal comma) and a tab (a sheet copied as text).
var csvSeparators = []rune{',', ';', '\t'}

// readCSV reads a CSV file as spec's table. Every cell is text as typed: a CSV has no
// cell types, so the kind's rules read its dates and numbers.
func readCSV(data []byte, spec *Spec, lim Limits) (*Table, error) {
	text, notice, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	sep, err := detectSeparator(text, spec, lim)
	if err != nil {
		return nil, err
	}
	t, err := scanCSV(text, sep, spec, lim, false)
	if err != nil {
		return nil, err
	}
	t.table.Notice = notice
	return t.table, nil
}

// csvScan is what one pass over a CSV found.
type csvScan struct {
	sep    rune
	search headerSearch
	header *headerCandidate
	table  *Table
}

// detectSeparator finds the separator under which the file has the header row. The
// header row, not the first line, decides, because a title line may sit above it.
func detectSeparator(text string, spec *Spec, lim Limits) (rune, error) {
	head := text[:min(len(text), 1<<16)]
	var found []*csvScan
	var near *csvScan
	for _, sep := range csvSeparators {
		if sep != ',' && !strings.ContainsRune(head, sep) {
			continue
		}
		s, err := scanCSV(text, sep, spec, lim, true)
		if err != nil {
			// A separator that breaks the file's quoting is not its separator.
			continue
		}
		if s.header != nil {
			found = append(found, s)
		} else if c := s.search.best; c != nil && (near == nil || c.match.matched > near.search.best.match.matched) {
			near = s
		}
	}
	switch {
	case len(found) == 1:
		return found[0].sep, nil
	case len(found) > 1:
		slices.SortStableFunc(found, func(a, b *csvScan) int { return b.header.match.matched - a.header.match.matched })
		if found[0].header.match.matched == found[1].header.match.matched {
			return 0, invalid("Outlay cannot tell whether the file's columns are separated by %s or by %s: the header row reads both ways. Save the file again as CSV UTF-8.", sepName(found[0].sep), sepName(found[1].sep))
		}
		return found[0].sep, nil
	}
	if seps := separatorsOutsideQuotes(firstLine(text)); len(seps) > 1 {
		names := make([]string, len(seps))
		for i, s := range seps {
			names[i] = sepName(s)
		}
		return 0, invalid("The first line has %s outside quotes, so Outlay cannot tell which separate the columns. Save the file again as CSV UTF-8, with one separator.", strings.Join(names, " and "))
	}
	if near != nil {
		return 0, missingHeader(spec, &near.search, "")
	}
	return 0, missingHeader(spec, &headerSearch{}, "")
}

// scanCSV reads text with one separator. With headerOnly it stops after the header
// search; otherwise a missing header row is an error and the data rows are read.
func scanCSV(text string, sep rune, spec *Spec, lim Limits, headerOnly bool) (*csvScan, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	s := &csvScan{sep: sep, search: headerSearch{ix: newHeaderIndex(spec)}}
	var b *tableBuilder
	var err error
	// The sheet row a record is on is its first line less the line breaks inside the
	// quoted cells above it, as a spreadsheet program shows the file.
	extra := 0
	for {
		var rec []string
		rec, err = r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		row := line - extra
		for _, f := range rec {
			extra += strings.Count(f, "\n")
		}
		if b != nil {
			if err := b.add(row, rec); err != nil {
				return nil, err
			}
			continue
		}
		if row > headerSearchRows {
			break
		}
		if err := checkCells(lim, row, "", rec, excelColumn); err != nil {
			return nil, err
		}
		if c := s.search.try(row, append([]string(nil), rec...)); c != nil {
			s.header = c
			if headerOnly {
				return s, nil
			}
			if b, err = newTableBuilder(spec, lim, "", c, plainCells); err != nil {
				return nil, err
			}
		}
	}
	if headerOnly {
		return s, nil
	}
	if b == nil {
		return nil, missingHeader(spec, &s.search, "")
	}
	s.table, err = b.done()
	return s, err
}

// plainCells keeps a CSV cell as typed.
func plainCells(_ *Column, v string) string { return v }

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)) {
		return invalid("Line %d of the file has a quote (\") out of place, so its cells cannot be told apart (a cell that starts with a quote must end with one, and a quote inside it is written twice). Correct it, or open the file in your spreadsheet program and save it again as CSV UTF-8.", pe.StartLine)
	}
	if errors.As(err, &pe) {
		return invalid("Line %d of the file cannot be read as CSV. Open the file in your spreadsheet program and save it again as CSV UTF-8.", pe.StartLine)
	}
	return invalid("The file cannot be read as CSV. Open it in your spreadsheet program and save it again as CSV UTF-8.")
}

func sepName(r rune) string {
	switch r {
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return "commas"
}

// firstLine is the first line of text that is not blank.
func firstLine(text string) string {
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		if strings.TrimSpace(line) != "" {
			return line
		}
		text = rest
	}
	return ""
}

// separatorsOutsideQuotes lists the separators a line uses outside quoted cells.
func separatorsOutsideQuotes(line string) []rune {
	quoted := false
	seen := map[rune]bool{}
	for _, r := range line {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted {
			for _, s := range csvSeparators {
				if r == s {
					seen[s] = true
				}
			}
		}
	}
	var out []rune
	for _, s := range csvSeparators {
		if seen[s] {
			out = append(out, s)
		}
	}
	return out
}
