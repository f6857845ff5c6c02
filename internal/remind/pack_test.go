package remind_test

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"outlay/internal/outlay"
	"outlay/internal/remind"
	"outlay/internal/sqlite/sqlitetest"
)

func (b *digestBook) packLine(code string, planned int64) *outlay.BudgetLine {
	b.t.Helper()
	l := &outlay.BudgetLine{FY: 2026, Code: code, Name: "Line " + code, Category: "cloud", ExpenseType: "opex", Planned: planned}
	if err := b.db.CreateBudgetLine(b.ctx, l); err != nil {
		b.t.Fatal(err)
	}
	return l
}

func (b *digestBook) packSpend(invoice, date string, amount int64, line *outlay.BudgetLine) {
	b.t.Helper()
	if err := b.db.CreateSpend(b.ctx, &outlay.SpendEntry{Date: digestDay(date), VendorID: b.vendor, Description: "Invoice",
		InvoiceNumber: invoice, Amount: amount, Currency: "EUR", Allocations: []outlay.Allocation{{BudgetLineID: line.ID}}}); err != nil {
		b.t.Fatal(err)
	}
}

func (b *digestBook) planPack(asOf string) int {
	b.t.Helper()
	n, err := remind.PlanPack(b.ctx, b.db.Work(), digestDay(asOf), digestSite, digestFrom)
	if err != nil {
		b.t.Fatalf("PlanPack(%s): %v", asOf, err)
	}
	return n
}

// packFixture is a calendar fiscal year 2026 with one line of 12,000.00 (3,000.00 a
// quarter), 500.00 spent in Q1 and 1,500.00 in Q3, and two addresses on the finance list
// (one of them twice, in another case).
func packFixture(t *testing.T) *digestBook {
	b := newDigestBook(t)
	line := b.packLine("INF-CLOUD", 1200000)
	b.packSpend("INV-1", "2026-02-10", 50000, line)
	b.packSpend("INV-2", "2026-08-15", 150000, line)
	b.settings(func(s *outlay.Settings) {
		s.FinanceEmails = []string{"Fin@Acme.example", "cfo@acme.example", "fin@acme.example"}
	})
	return b
}

// packTotals reads the Summary's Total row by header: the quarter plan, quarter actual
// and forecast as numbers.
func packTotals(t *testing.T, data []byte) (plan, actual, forecast float64) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the attachment does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil || len(rows) < 6 {
		t.Fatalf("Summary: %d rows, %v", len(rows), err)
	}
	heads := rows[4]
	get := func(r []string, h string) float64 {
		i := slices.Index(heads, h)
		if i < 0 || i >= len(r) {
			t.Fatalf("Summary has no %q in %q", h, heads)
		}
		v, err := strconv.ParseFloat(r[i], 64)
		if err != nil {
			t.Fatalf("Summary's total %s = %q", h, r[i])
		}
		return v
	}
	for _, r := range rows[5:] {
		if len(r) > 0 && r[0] == "Total" {
			return get(r, "Quarter plan"), get(r, "Quarter actual"), get(r, "Forecast")
		}
	}
	t.Fatal("Summary has no Total row")
	return
}

// TestPlanPack: on 2026-10-01 the Q3 pack goes to each finance address once, the
// workbook attached and opening with Q3's figures, the cover note with the same totals;
// later runs that quarter write nothing; the first day of the next quarter sends Q4's.
func TestPlanPack(t *testing.T) {
	b := packFixture(t)
	if n := b.planPack("2026-10-01"); n != 2 {
		t.Fatalf("wrote %d packs, want 2", n)
	}
	rows := b.outbox("pack/")
	want := []string{"pack/FY2026-Q3/cfo@acme.example", "pack/FY2026-Q3/fin@acme.example"}
	if got := digestKeys(rows); !slices.Equal(got, want) {
		t.Fatalf("keys %q, want %q", got, want)
	}
	for _, r := range rows {
		if r.Kind != outlay.EmailPack || r.Subject == "" || r.MessageID != outlay.MessageID(r.Key, "mail.acme.example") {
			t.Errorf("%s: kind %q subject %q Message-ID %q", r.Key, r.Kind, r.Subject, r.MessageID)
		}
		if r.AttachName != "outlay-FY2026-Q3.xlsx" || r.AttachType != remind.PackContentType {
			t.Errorf("%s: attachment %q (%s)", r.Key, r.AttachName, r.AttachType)
		}
		plan, actual, forecast := packTotals(t, r.Attachment)
		if plan != 3000 || actual != 1500 || forecast != 2000 {
			t.Errorf("%s: the workbook's totals are plan %v, actual %v, forecast %v; want 3000, 1500, 2000", r.Key, plan, actual, forecast)
		}
		for _, s := range []string{"outlay-FY2026-Q3.xlsx", "3,000.00", "1,500.00", "2,000.00"} {
			if !strings.Contains(r.Text, s) {
				t.Errorf("%s: the cover note does not say %q:\n%s", r.Key, s, r.Text)
			}
		}
	}
	if rows[0].To != "cfo@acme.example" || rows[1].To != "fin@acme.example" {
		t.Errorf("recipients %q, %q", rows[0].To, rows[1].To)
	}

	for _, day := range []string{"2026-10-01", "2026-10-02", "2026-12-31"} {
		if n := b.planPack(day); n != 0 {
			t.Errorf("%s wrote %d more packs, want 0", day, n)
		}
	}
	if n := b.planPack("2027-01-01"); n != 2 {
		t.Errorf("2027-01-01 wrote %d packs, want Q4's 2", n)
	}
	if got := digestKeys(b.outbox("pack/FY2026-Q4/")); len(got) != 2 {
		t.Errorf("Q4 packs %q", got)
	}
	if got := len(b.outbox("")); got != 4 {
		t.Errorf("outbox holds %d emails, want 4", got)
	}
}

// TestPlanPackCatchUp: the run of the quarter's first day missed, a later day within
// PackCatchUpDays sends the ended quarter's pack, once; later in the quarter nothing is
// sent, so a new installation does not mail a pack months old.
func TestPlanPackCatchUp(t *testing.T) {
	b := packFixture(t)
	if n := b.planPack("2026-10-10"); n != 2 {
		t.Fatalf("catch-up wrote %d packs, want 2", n)
	}
	if got := digestKeys(b.outbox("pack/FY2026-Q3/")); len(got) != 2 {
		t.Errorf("Q3 packs %q", got)
	}
	if n := b.planPack("2026-10-11"); n != 0 {
		t.Errorf("the next day wrote %d more", n)
	}

	late := packFixture(t)
	if n := late.planPack("2026-10-14"); n != 2 {
		t.Errorf("the quarter's 14th day wrote %d packs, want 2", n)
	}
	later := packFixture(t)
	if n := later.planPack("2026-10-15"); n != 0 {
		t.Errorf("the quarter's 15th day wrote %d packs, want none (too late to catch up)", n)
	}
}

// TestPlanPackNotBeforeTheQuarterEnds: the last day of Q3 sends no Q3 pack — the
// quarter has not ended — nor Q2's, long past; the next day sends Q3's.
func TestPlanPackNotBeforeTheQuarterEnds(t *testing.T) {
	b := packFixture(t)
	if n := b.planPack("2026-09-30"); n != 0 {
		t.Fatalf("2026-09-30 wrote %d packs, want none", n)
	}
	if n := b.planPack("2026-10-01"); n != 2 || len(b.outbox("pack/FY2026-Q3/")) != 2 {
		t.Errorf("2026-10-01 wrote %d packs, want Q3's 2", n)
	}
}

// TestPlanPackFiscalCalendar: with a fiscal year from April (FY2027 is April 2026 to
// March 2027), 2026-04-01 sends FY2026's Q4 and 2026-07-01 FY2027's Q1.
func TestPlanPackFiscalCalendar(t *testing.T) {
	b := newDigestBook(t) // no lines nor spend: the calendar may still change
	b.settings(func(s *outlay.Settings) {
		s.FYStartMonth, s.FinanceEmails = 4, []string{"fin@acme.example", "cfo@acme.example"}
	})
	for day, key := range map[string]string{"2026-04-01": "pack/FY2026-Q4/", "2026-07-01": "pack/FY2027-Q1/"} {
		if n := b.planPack(day); n != 2 || len(b.outbox(key)) != 2 {
			t.Errorf("%s wrote %d packs, %q under %s", day, n, digestKeys(b.outbox("pack/")), key)
		}
	}
}

// TestPlanPackOff: the setting off, or an empty finance list, sends nothing.
func TestPlanPackOff(t *testing.T) {
	b := packFixture(t)
	b.settings(func(s *outlay.Settings) { s.PackEmail = false })
	if n := b.planPack("2026-10-01"); n != 0 {
		t.Errorf("setting off: wrote %d packs", n)
	}
	b.settings(func(s *outlay.Settings) { s.PackEmail, s.FinanceEmails = true, nil })
	if n := b.planPack("2026-10-01"); n != 0 {
		t.Errorf("no finance list: wrote %d packs", n)
	}
	if got := b.outbox(""); len(got) != 0 {
		t.Errorf("outbox holds %q", digestKeys(got))
	}
	// And on again: the quarter's pack still goes out, on a catch-up day.
	b.settings(func(s *outlay.Settings) { s.FinanceEmails = []string{"fin@acme.example"} })
	if n := b.planPack("2026-10-02"); n != 1 {
		t.Errorf("on again: wrote %d packs, want 1", n)
	}
}

// BenchmarkPlanPack plans the scheduled finance pack on the large demo set
// (OUTLAY_BENCH_DATA) for two finance addresses: the pack read in one snapshot, the
// workbook written once, both emails enqueued in one transaction. Each
// iteration plans the quarter before the last one's, so every run builds and writes.
func BenchmarkPlanPack(b *testing.B) {
	db := sqlitetest.BenchDB(b)
	ctx := context.Background()
	st, err := db.GetSettings(ctx)
	if err != nil {
		b.Fatal(err)
	}
	st.PackEmail, st.FinanceEmails = true, []string{"fin@acme.example", "cfo@acme.example"}
	if err := db.UpdateSettings(outlay.NewContextWithUser(ctx, &outlay.User{ID: 1, Email: "bench@acme.example", Role: outlay.RoleAdmin, Active: true}), st); err != nil {
		b.Fatal(err)
	}
	first, _ := st.Calendar().QuarterBounds(st.Calendar().Quarter(time.Now().UTC()))
	runs := 0
	for b.Loop() {
		n, err := remind.PlanPack(ctx, db.Work(), first.AddDate(0, -3*runs, 0), digestSite, digestFrom)
		if err != nil || n != 2 {
			b.Fatalf("wrote %d packs: %v", n, err)
		}
		runs++
	}
	// The large set's workbook (17.7 MB) is over PackMaxAttachment: the emails go out
	// without it. attached counts the emails that carry it anyway.
	var attached int
	if err := db.ReadDB().QueryRowContext(ctx, `SELECT count(*) FROM outbox_attachments`).Scan(&attached); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(attached), "attached")
}
