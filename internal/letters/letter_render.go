package letters

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Every letter is first written as a doc, one neutral description of what the email
// says, and then rendered twice: as wrapped plain text and as HTML. Writing the content
// once is what keeps the two parts saying the same thing; a fact added to a letter
// appears in both or in neither.

// doc is the content of one letter.
type doc struct {
	Subject string
	Heading string
	Blocks  []block
	Footer  []para // small print: why the reader gets this, and where Outlay is
}

// block is one piece of a letter's body; exactly one of its fields is set.
type block struct {
	Sub     string   // a subheading
	Para    para     // a paragraph
	Facts   []fact   // a two-column table of facts
	Links   []anchor // links, one a line
	Entries []entry  // the digest's rows
	Empty   string   // shown instead of Entries when there are none
}

// para is a paragraph made of text and links.
type para []span

// span is a run of text, or a link when Href is set.
type span struct {
	Text string
	Href string
}

// fact is one row of a facts table.
type fact struct {
	Label, Value string
}

// anchor is a labelled link on a line of its own.
type anchor struct {
	Label string
	Href  string
}

// entry is one key date in the digest.
type entry struct {
	Date, Days, What, Title, Vendor, Decision string
	Href                                      string
}

// text makes a paragraph of plain text.
func text(parts ...string) para {
	return para{{Text: strings.Join(parts, "")}}
}

// oneLine keeps a subject on one line: a title typed with a line break must not
// become a header of its own.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// render turns a doc into a Letter.
func render(d doc) Letter {
	d.Subject = oneLine(d.Subject)
	return Letter{Subject: d.Subject, Text: renderText(d), HTML: renderHTML(d)}
}

// textWidth is where the plain-text part wraps: short enough for any mail program,
// long enough that a fact fits on a line. Links are never broken, so a line holding one
// may be longer.
const textWidth = 72

func renderText(d doc) string {
	var b strings.Builder
	b.WriteString(d.Heading)
	b.WriteString("\n\n")
	for _, bl := range d.Blocks {
		switch {
		case bl.Sub != "":
			b.WriteString(bl.Sub)
			b.WriteByte('\n')
			b.WriteString(strings.Repeat("-", utf8.RuneCountInString(bl.Sub)))
			b.WriteString("\n\n")
		case bl.Para != nil:
			b.WriteString(wrap(bl.Para.plain(), textWidth, ""))
			b.WriteString("\n\n")
		case bl.Facts != nil:
			width := 0
			for _, f := range bl.Facts {
				width = max(width, utf8.RuneCountInString(f.Label))
			}
			for _, f := range bl.Facts {
				label := f.Label + ":" + strings.Repeat(" ", width-utf8.RuneCountInString(f.Label)+1)
				b.WriteString(label)
				b.WriteString(wrapAfter(utf8.RuneCountInString(label), f.Value, textWidth, strings.Repeat(" ", width+2)))
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		case bl.Links != nil:
			for _, l := range bl.Links {
				b.WriteString(l.Label)
				b.WriteString(":\n  ")
				b.WriteString(l.Href)
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		case bl.Entries != nil || bl.Empty != "":
			if len(bl.Entries) == 0 {
				b.WriteString(wrap(bl.Empty, textWidth, ""))
				b.WriteString("\n\n")
				continue
			}
			for _, e := range bl.Entries {
				line := "- " + e.Date + " (" + e.Days + ") " + e.What + ": " + e.Title
				if e.Vendor != "" {
					line += ", " + e.Vendor
				}
				if e.Decision != "" {
					line += "; decision: " + e.Decision
				}
				b.WriteString(wrap(line, textWidth, "  "))
				b.WriteString("\n  ")
				b.WriteString(e.Href)
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		}
	}
	if len(d.Footer) > 0 {
		b.WriteString("-- \n")
		for _, p := range d.Footer {
			b.WriteString(wrap(p.plain(), textWidth, ""))
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// plain writes a paragraph as text: a link is written as its address in full, since a
// plain-text reader can only follow what it sees.
func (p para) plain() string {
	var b strings.Builder
	for _, s := range p {
		if s.Href != "" {
			b.WriteString(s.Href)
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// wrap breaks s into lines of at most width runes at spaces, starting every line after
// the first with indent. A word longer than the line (a link) stays whole.
func wrap(s string, width int, indent string) string {
	return wrapAfter(0, s, width, indent)
}

// wrapAfter wraps s as if its first line began at column col, after a label written
// by the caller.
func wrapAfter(col int, s string, width int, indent string) string {
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteByte('\n')
			b.WriteString(indent)
			col = utf8.RuneCountInString(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// page is the HTML part. Mail programs drop <style> and external sheets, so every style
// is inline; nothing is loaded from elsewhere. html/template escapes every value.
var page = template.Must(template.New("letter").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#1f2933;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">{{.Heading}}</h1>
{{- range .Blocks}}
{{- if .Sub}}
<h2 style="margin:24px 0 8px;font-size:17px;">{{.Sub}}</h2>
{{- else if .Para}}
<p style="margin:0 0 12px;">{{range .Para}}{{if .Href}}<a href="{{.Href}}" style="color:#1a56db;">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</p>
{{- else if .Facts}}
<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">
{{- range .Facts}}
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:600;white-space:nowrap;">{{.Label}}</th><td style="padding:4px 0;">{{.Value}}</td></tr>
{{- end}}
</table>
{{- else if .Links}}
<p style="margin:0 0 12px;">
{{- range $i, $l := .Links}}{{if $i}}<br>{{end}}
<a href="{{$l.Href}}" style="color:#1a56db;font-weight:600;">{{$l.Label}}</a>
{{- end}}
</p>
{{- else if .Entries}}
<table style="border-collapse:collapse;margin:0 0 16px;width:100%;font-size:14px;">
<tr><th style="text-align:left;padding:4px 8px 4px 0;border-bottom:1px solid #cbd2d9;">Date</th><th style="text-align:left;padding:4px 8px;border-bottom:1px solid #cbd2d9;">Days</th><th style="text-align:left;padding:4px 8px;border-bottom:1px solid #cbd2d9;">What</th><th style="text-align:left;padding:4px 8px;border-bottom:1px solid #cbd2d9;">Title</th><th style="text-align:left;padding:4px 8px;border-bottom:1px solid #cbd2d9;">Vendor</th><th style="text-align:left;padding:4px 0 4px 8px;border-bottom:1px solid #cbd2d9;">Decision</th></tr>
{{- range .Entries}}
<tr><td style="padding:4px 8px 4px 0;border-bottom:1px solid #e4e7eb;white-space:nowrap;">{{.Date}}</td><td style="padding:4px 8px;border-bottom:1px solid #e4e7eb;white-space:nowrap;">{{.Days}}</td><td style="padding:4px 8px;border-bottom:1px solid #e4e7eb;">{{.What}}</td><td style="padding:4px 8px;border-bottom:1px solid #e4e7eb;"><a href="{{.Href}}" style="color:#1a56db;">{{.Title}}</a></td><td style="padding:4px 8px;border-bottom:1px solid #e4e7eb;">{{.Vendor}}</td><td style="padding:4px 0 4px 8px;border-bottom:1px solid #e4e7eb;">{{.Decision}}</td></tr>
{{- end}}
</table>
{{- else if .Empty}}
<p style="margin:0 0 12px;">{{.Empty}}</p>
{{- end}}
{{- end}}
{{- if .Footer}}
<div style="margin-top:24px;padding-top:12px;border-top:1px solid #e4e7eb;color:#52606d;font-size:13px;">
{{- range .Footer}}
<p style="margin:0 0 6px;">{{range .}}{{if .Href}}<a href="{{.Href}}" style="color:#52606d;">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</p>
{{- end}}
</div>
{{- end}}
</div>
</body>
</html>
`))

func renderHTML(d doc) string {
	var b bytes.Buffer
	// The template's data are strings only, so executing it cannot fail but by a bug in
	// the template, which every test of this package would show at once.
	if err := page.Execute(&b, d); err != nil {
		panic("letters: " + err.Error())
	}
	return b.String()
}

// Dates and other shared phrases.

// isoDate writes a civil date as Outlay does everywhere.
func isoDate(t time.Time) string { return t.Format(time.DateOnly) }

// longDate adds the weekday, which is what a reader plans around: "Friday 2027-01-01".
func longDate(t time.Time) string { return t.Format("Monday 2006-01-02") }

// plural writes "1 day", "2 days".
func plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}

// daysLeft writes how far a key date is: "30 days left", "1 day left", "today",
// "3 days ago".
func daysLeft(n int) string {
	switch {
	case n == 0:
		return "today"
	case n > 0:
		return plural(n, "day", "days") + " left"
	default:
		return plural(-n, "day", "days") + " ago"
	}
}

// footer is the small print every letter ends with: why the reader gets it, and where
// Outlay is when the installation knows its address.
func footer(s Site, why ...string) []para {
	var ps []para
	for _, w := range why {
		if w != "" {
			ps = append(ps, text(w))
		}
	}
	return footerParas(s, ps...)
}

// footerParas is footer for small print that holds links.
func footerParas(s Site, why ...para) []para {
	f := append([]para(nil), why...)
	if base := baseURL(s); base != "" {
		f = append(f, para{{Text: "Open Outlay at "}, {Text: base, Href: base}})
	}
	return f
}

// outlayName is "Outlay", or "Outlay for ORG" when the organisation has a name.
func outlayName(s Site) string {
	if org := strings.TrimSpace(s.OrgName); org != "" {
		return "Outlay for " + org
	}
	return "Outlay"
}

// baseURL is the site's address without a trailing slash, "" when not known.
func baseURL(s Site) string {
	return strings.TrimRight(strings.TrimSpace(s.BaseURL), "/")
}

// pageURL is a page of Outlay: in full when the base URL is known, else its path, which
// is still right inside Outlay and never a broken "http://" address.
func pageURL(s Site, path string) string {
	return baseURL(s) + path
}
