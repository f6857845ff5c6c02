package reports_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
	"outlay/reports"
)

func TestAuditLog(t *testing.T) {
	at := time.Date(2026, 11, 25, 14, 5, 30, 0, time.UTC)
	uid := int64(3)
	entries := []*outlay.AuditEntry{
		{ID: 3, At: at, UserID: &uid, UserEmail: "ann@example.com", Action: "update", Entity: "budget_line", EntityID: 12,
			Before: json.RawMessage(`{"name":"Cloud","planned":"100.00","quarters":["25.00","75.00"]}`),
			After:  json.RawMessage(`{"name":"@Cloud","planned":"100.00","quarters":["50.00","50.00"]}`)},
		{ID: 2, At: at, Action: "revoke", Entity: "token", EntityID: 4, After: json.RawMessage(`{}`)},
		{ID: 1, At: at, Action: "delete", Entity: "rate", EntityID: 9, Before: json.RawMessage(`{"currency":"USD","password_hash":"x$y"}`)},
	}
	var buf bytes.Buffer
	err := reports.AuditLog(&buf, reports.Meta{GeneratedAt: at, GeneratedBy: "auditor@example.com", Filter: "Budget line #12"},
		func(fn func(*outlay.AuditEntry) error) error {
			for _, e := range entries {
				if err := fn(e); err != nil {
					return err
				}
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, buf.Bytes())
	rows, err := f.GetRows("Audit log")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[4:] {
		got = append(got, strings.Join(r, "|"))
	}
	want := []string{
		"When (UTC)|User|Action|Entity|Entity ID|Field|Before|After",
		"2026-11-25 14:05:30|ann@example.com|Updated|Budget line|12|Name|Cloud|@Cloud", // text with quotePrefix, no apostrophe
		"2026-11-25 14:05:30|ann@example.com|Updated|Budget line|12|Quarters|25.00, 75.00|50.00, 50.00",
		"2026-11-25 14:05:30|system|Revoked|API token|4", // no field: still one row
		"2026-11-25 14:05:30|system|Deleted|Exchange rate|9|Currency|USD",
		"2026-11-25 14:05:30|system|Deleted|Exchange rate|9|Password hash|" + outlay.Hidden,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rows[2][0] != "Filter: Budget line #12" || rows[0][0] != "Audit log" {
		t.Errorf("title block: %q", rows[:3])
	}
	checkQuotedText(t, f, "Audit log", "H6", "@Cloud")
	// When is a number (the date-time's serial) shown with the time, not text.
	raw, _ := f.GetCellValue("Audit log", "A6", excelize.Options{RawCellValue: true})
	if raw != "46351.58715277778" && !strings.HasPrefix(raw, "46351.587152") {
		t.Errorf("A6 raw %q", raw)
	}
	style, _ := f.GetCellStyle("Audit log", "A6")
	if s, _ := f.GetStyle(style); s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd hh:mm:ss" {
		t.Errorf("A6 style %+v", s)
	}
	// The header row stays in view.
	if panes, _ := f.GetPanes("Audit log"); !panes.Freeze || panes.YSplit != 5 {
		t.Errorf("panes %+v", panes)
	}
}
