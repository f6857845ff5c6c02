package sqlite_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// blFixture returns a valid line for FY2027 with the default split, edited by edit.
func blFixture(code string, planned int64, edit ...func(*outlay.BudgetLine)) *outlay.BudgetLine {
	b := &outlay.BudgetLine{FY: 2027, Code: code, Name: "Line " + code, Category: "cloud", ExpenseType: "opex", Planned: planned}
	for _, e := range edit {
		e(b)
	}
	return b
}

func blCreate(t *testing.T, d *sqlite.DB, b *outlay.BudgetLine) *outlay.BudgetLine {
	t.Helper()
	if err := d.CreateBudgetLine(asUser(1, "ann@example.com"), b); err != nil {
		t.Fatalf("create %s: %v", b.Code, err)
	}
	return b
}

// blAudit returns the line's audit entries, newest first.
func blAudit(t *testing.T, d *sqlite.DB, id int64) []*outlay.AuditEntry {
	t.Helper()
	entries, _, err := d.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "budget_line", EntityID: &id})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// blChargeSpend records a spend entry charged to the line with raw SQL, as the spend
// storage would.
func blChargeSpend(t *testing.T, d *sqlite.DB, lineID, amount int64) {
	t.Helper()
	db := d.WriteDB()
	if _, err := db.Exec(`INSERT OR IGNORE INTO vendors (id, name, name_key, category, status, criticality, created_at, updated_at)
		VALUES (1, 'Acme', 'acme', 'cloud', 'active', 'medium', 'x', 'x')`); err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`INSERT INTO spend_entries (date, vendor_id, description, amount, currency, fx_rate_micros, base_amount, created_at, updated_at)
		VALUES ('2027-02-01', 1, 'Invoice', ?, 'EUR', 1000000, ?, 'x', 'x')`, amount, amount)
	if err != nil {
		t.Fatal(err)
	}
	spendID, _ := res.LastInsertId()
	if _, err := db.Exec(`INSERT INTO spend_allocations (spend_id, budget_line_id, amount, date) VALUES (?, ?, ?, '2027-02-01')`,
		spendID, lineID, amount); err != nil {
		t.Fatal(err)
	}
}

func TestCreateBudgetLineDefaultSplitIsExact(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	b := blCreate(t, d, blFixture(" inf-cloud ", 10_000_001, func(b *outlay.BudgetLine) {
		b.OwnerEmail, b.CostCentre, b.GLAccount, b.Justification = "Ann@Example.com", "CC-100", "6200", "Hosting."
	}))
	got, err := d.FindBudgetLineByID(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := [4]int64{2_500_001, 2_500_000, 2_500_000, 2_500_000}
	if got.Code != "INF-CLOUD" || got.OwnerEmail != "ann@example.com" || got.Quarters != want || got.QuartersSet ||
		got.QuarterSum() != 10_000_001 || got.CostCentre != "CC-100" || got.GLAccount != "6200" || got.CreatedAt.IsZero() {
		t.Fatalf("stored = %+v", got)
	}
	entries := blAudit(t, d, b.ID)
	if len(entries) != 1 || entries[0].Action != "create" || entries[0].UserEmail != "ann@example.com" || entries[0].Before != nil {
		t.Fatalf("audit = %+v", entries)
	}
	var after map[string]any
	if err := json.Unmarshal(entries[0].After, &after); err != nil {
		t.Fatal(err)
	}
	if after["planned"] != "100000.01" || after["code"] != "INF-CLOUD" || after["quarters"].([]any)[0] != "25000.01" || after["quarters_explicit"] != false {
		t.Fatalf("audit after = %v", after)
	}
}

func TestBudgetLineExplicitQuarters(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	bad := blFixture("INF-CLOUD", 10_000_000, func(b *outlay.BudgetLine) {
		b.QuartersSet, b.Quarters = true, [4]int64{4_000_000, 3_000_000, 2_000_000, 999_900}
	})
	err := d.CreateBudgetLine(ctx, bad)
	if outlay.ErrorCode(err) != outlay.EINVALID || outlay.ErrorFields(err)["quarters"] != "the quarters add up to 99,999.00, not the planned 100,000.00" {
		t.Fatalf("quarters not adding up: %v", err)
	}
	neg := blFixture("INF-CLOUD", 100, func(b *outlay.BudgetLine) { b.QuartersSet, b.Quarters = true, [4]int64{200, -100, 0, 0} })
	if err := d.CreateBudgetLine(ctx, neg); outlay.ErrorFields(err)["quarters"] != "a quarter cannot be negative" {
		t.Fatalf("negative quarter: %v", err)
	}
	if _, total, _ := d.FindBudgetLines(ctx, outlay.BudgetLineFilter{}); total != 0 {
		t.Fatalf("refused lines stored: %d", total)
	}
	good := blCreate(t, d, blFixture("INF-CLOUD", 10_000_000, func(b *outlay.BudgetLine) {
		b.QuartersSet, b.Quarters = true, [4]int64{4_000_000, 3_000_000, 2_000_000, 1_000_000}
	}))
	// Changing the plan without the quarters is refused while the split is explicit …
	good.Planned = 12_000_000
	if err := d.UpdateBudgetLine(ctx, good); outlay.ErrorFields(err)["quarters"] == "" {
		t.Fatalf("plan changed under an explicit split: %v", err)
	}
	// … and follows the plan once the split is back to the default.
	good.QuartersSet = false
	if err := d.UpdateBudgetLine(ctx, good); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindBudgetLineByID(ctx, good.ID)
	if got.Quarters != [4]int64{3_000_000, 3_000_000, 3_000_000, 3_000_000} || got.QuartersSet {
		t.Fatalf("after update = %+v", got)
	}
	entries := blAudit(t, d, good.ID)
	if len(entries) != 2 || entries[0].Action != "update" || !strings.Contains(string(entries[0].Before), `"planned":"100000.00"`) ||
		!strings.Contains(string(entries[0].After), `"planned":"120000.00"`) {
		t.Fatalf("update audit = %+v", entries)
	}
}

func TestBudgetLineValidation(t *testing.T) {
	d := MustOpen(t)
	b := &outlay.BudgetLine{FY: 27, Code: "9X", Category: "food", ExpenseType: "both", Planned: -1, OwnerEmail: "nobody"}
	err := d.CreateBudgetLine(context.Background(), b)
	f := outlay.ErrorFields(err)
	// Code, name and owner are typed-in fields, checked by the input's rules (internal/server).
	for _, field := range []string{"fy", "category", "expense_type", "planned"} {
		if f[field] == "" {
			t.Errorf("no message for %s: %v", field, err)
		}
	}
}

func TestBudgetLineCodeUniquePerYear(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	blCreate(t, d, blFixture("INF-CLOUD", 100))
	err := d.CreateBudgetLine(ctx, blFixture("inf-cloud", 200))
	if outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["code"] != "FY2027 already has a line INF-CLOUD" {
		t.Fatalf("duplicate code: %v", err)
	}
	other := blCreate(t, d, blFixture("INF-CLOUD", 300, func(b *outlay.BudgetLine) { b.FY = 2028 }))
	// Moving the other year's line onto the taken code is refused the same way.
	second := blCreate(t, d, blFixture("INF-NET", 300))
	second.Code = "INF-CLOUD"
	if err := d.UpdateBudgetLine(ctx, second); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("rename onto taken code: %v", err)
	}
	years, _ := d.FiscalYears(ctx)
	codes, _ := d.BudgetCodes(ctx)
	if len(years) != 2 || years[0] != 2027 || years[1] != 2028 || strings.Join(codes, ",") != "INF-CLOUD,INF-NET" {
		t.Fatalf("years %v codes %v", years, codes)
	}
	if got, _ := d.FindBudgetLineByID(ctx, other.ID); got.FY != 2028 {
		t.Fatalf("other year's line = %+v", got)
	}
	if _, err := d.FindBudgetLineByID(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestFindBudgetLinesFilterAndSort(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	blCreate(t, d, blFixture("INF-CLOUD", 400_00, func(b *outlay.BudgetLine) { b.Name = "Cloud hosting" }))
	blCreate(t, d, blFixture("INF-NET", 1000_00, func(b *outlay.BudgetLine) { b.Name = "Network 100%"; b.Category = "telecom" }))
	blCreate(t, d, blFixture("APP-ERP", 250_01, func(b *outlay.BudgetLine) { b.Name = "ERP"; b.Category = "software"; b.ExpenseType = "capex" }))
	blCreate(t, d, blFixture("INF-CLOUD", 999_00, func(b *outlay.BudgetLine) { b.FY = 2028 }))

	lines, total, err := d.FindBudgetLines(ctx, outlay.BudgetLineFilter{FY: 2027, Sort: "planned", Desc: true, Limit: 2})
	if err != nil || total != 3 || len(lines) != 2 || lines[0].Code != "INF-NET" || lines[1].Code != "INF-CLOUD" {
		t.Fatalf("sorted page = %v %d %v", lines, total, err)
	}
	for _, tc := range []struct {
		name string
		f    outlay.BudgetLineFilter
		want string
	}{
		{"default sort by code", outlay.BudgetLineFilter{FY: 2027}, "APP-ERP,INF-CLOUD,INF-NET"},
		{"query matches code", outlay.BudgetLineFilter{FY: 2027, Query: "inf-"}, "INF-CLOUD,INF-NET"},
		{"query matches name", outlay.BudgetLineFilter{FY: 2027, Query: "hosting"}, "INF-CLOUD"},
		{"percent is literal", outlay.BudgetLineFilter{Query: "100%"}, "INF-NET"},
		{"category", outlay.BudgetLineFilter{FY: 2027, Category: "software"}, "APP-ERP"},
		{"expense type", outlay.BudgetLineFilter{ExpenseType: "opex", Code: "inf-cloud"}, "INF-CLOUD,INF-CLOUD"},
		{"unknown sort falls back to code", outlay.BudgetLineFilter{FY: 2027, Sort: "x; DROP TABLE budget_lines"}, "APP-ERP,INF-CLOUD,INF-NET"},
	} {
		lines, _, err := d.FindBudgetLines(ctx, tc.f)
		var codes []string
		for _, b := range lines {
			codes = append(codes, b.Code)
		}
		if err != nil || strings.Join(codes, ",") != tc.want {
			t.Errorf("%s: %v %v; want %s", tc.name, codes, err, tc.want)
		}
	}
}

func TestCopyBudgetYear(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	blCreate(t, d, blFixture("INF-CLOUD", 100_000_01))
	explicit := blCreate(t, d, blFixture("APP-ERP", 400, func(b *outlay.BudgetLine) {
		b.QuartersSet, b.Quarters, b.Justification = true, [4]int64{400, 0, 0, 0}, "Licence renewal in Q1."
	}))
	blCreate(t, d, blFixture("INF-NET", 500))
	existing := blCreate(t, d, blFixture("INF-NET", 777, func(b *outlay.BudgetLine) { b.FY = 2028 }))

	toCopy, skipped, err := d.PreviewBudgetCopy(ctx, 2027, 2028)
	if err != nil || toCopy != 2 || skipped != 1 {
		t.Fatalf("preview = %d %d %v", toCopy, skipped, err)
	}
	n, err := d.CopyBudgetYear(ctx, 2027, 2028)
	if err != nil || n != 2 {
		t.Fatalf("copy = %d %v", n, err)
	}
	lines, total, _ := d.FindBudgetLines(ctx, outlay.BudgetLineFilter{FY: 2028})
	if total != 3 {
		t.Fatalf("FY2028 has %d lines", total)
	}
	byCode := map[string]*outlay.BudgetLine{}
	for _, b := range lines {
		byCode[b.Code] = b
	}
	if erp := byCode["APP-ERP"]; erp == nil || !erp.QuartersSet || erp.Quarters != explicit.Quarters || erp.Justification != "Licence renewal in Q1." {
		t.Fatalf("copied ERP = %+v", erp)
	}
	if cloud := byCode["INF-CLOUD"]; cloud == nil || cloud.Planned != 100_000_01 || cloud.Quarters[0] != 25_000_01 {
		t.Fatalf("copied cloud = %+v", cloud)
	}
	if net := byCode["INF-NET"]; net.ID != existing.ID || net.Planned != 777 {
		t.Fatalf("existing line changed: %+v", net)
	}
	entries := blAudit(t, d, byCode["APP-ERP"].ID)
	if len(entries) != 1 || !strings.Contains(string(entries[0].After), `"copied_from":`+blItoa(explicit.ID)) {
		t.Fatalf("copy audit = %+v", entries)
	}
	// A second copy finds nothing left to copy.
	if n, err := d.CopyBudgetYear(ctx, 2027, 2028); err != nil || n != 0 {
		t.Fatalf("second copy = %d %v", n, err)
	}
	if _, err := d.CopyBudgetYear(ctx, 2027, 2027); outlay.ErrorFields(err)["to_fy"] == "" {
		t.Fatalf("copy onto itself: %v", err)
	}
}

func TestDeleteBudgetLineRefusedWithSpend(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(1, "ann@example.com")
	used := blCreate(t, d, blFixture("INF-CLOUD", 100_00))
	free := blCreate(t, d, blFixture("INF-NET", 100_00))
	blChargeSpend(t, d, used.ID, 50_00)
	blChargeSpend(t, d, used.ID, 10_00)

	err := d.DeleteBudgetLine(ctx, used.ID)
	if outlay.ErrorCode(err) != outlay.ECONFLICT || !strings.Contains(outlay.ErrorMessage(err), "INF-CLOUD in FY2027 cannot be deleted: 2 spend allocations are charged to it") {
		t.Fatalf("delete with spend: %v", err)
	}
	got, err := d.FindBudgetLineByID(ctx, used.ID)
	if err != nil || got.AllocationCount != 2 {
		t.Fatalf("line after refused delete = %+v %v", got, err)
	}
	// Spend pins the line to its year.
	got.FY = 2028
	if err := d.UpdateBudgetLine(ctx, got); outlay.ErrorCode(err) != outlay.ECONFLICT || outlay.ErrorFields(err)["fy"] == "" {
		t.Fatalf("move line with spend: %v", err)
	}

	if err := d.DeleteBudgetLine(ctx, free.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindBudgetLineByID(ctx, free.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("deleted line still found: %v", err)
	}
	entries := blAudit(t, d, free.ID)
	if len(entries) != 2 || entries[0].Action != "delete" || entries[0].After != nil || !strings.Contains(string(entries[0].Before), `"code":"INF-NET"`) {
		t.Fatalf("delete audit = %+v", entries)
	}
	if err := d.DeleteBudgetLine(ctx, 999); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("delete unknown: %v", err)
	}
}

func blItoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
