package importer

import (
	"encoding/json"
	"slices"
	"testing"

	"outlay/internal/outlay"
)

// seed makes what the other kinds refer to: two vendors, a budget line per year and a
// USD rate.
func (e *env) seed() {
	e.t.Helper()
	e.mustOK(e.run(outlay.ImportVendors, false,
		map[string]string{"Name": "Acme Cloud", "Category": "cloud"},
		map[string]string{"Name": "Globex", "Category": "software"}))
	e.mustOK(e.run(outlay.ImportBudgetLines, false,
		map[string]string{"Fiscal year": "FY2027", "Code": "INF-CLOUD", "Name": "Cloud", "Category": "cloud", "Type": "opex", "Planned": "120000.00"},
		map[string]string{"Fiscal year": "2027", "Code": "SW-OFFICE", "Name": "Office", "Category": "software", "Type": "OpEx", "Planned": "30000"},
	))
	if err := e.db.CreateRate(e.ctx, &outlay.Rate{Currency: "USD", RateMicros: 920000, EffectiveFrom: mustDate("2026-07-01")}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.CreateRate(e.ctx, &outlay.Rate{Currency: "JPY", RateMicros: 6200, EffectiveFrom: mustDate("2026-07-01")}); err != nil {
		e.t.Fatal(err)
	}
}

func TestImportIsAllOrNothingAndAudited(t *testing.T) {
	e := newEnv(t)
	e.seed()
	rows := make([]map[string]string, 0, 51)
	for i := range 50 {
		rows = append(rows, map[string]string{"Date": "2027-02-01", "Vendor": "Acme Cloud", "Description": "Hosting",
			"Invoice": "INV-" + itoa(1000+i), "Budget line": "INF-CLOUD", "Amount": "100.00", "Currency": "EUR"})
	}
	bad := slices.Clone(rows)
	bad = slices.Insert(bad, 25, map[string]string{"Date": "2027-02-30", "Vendor": "Acme Cloud", "Description": "Hosting",
		"Invoice": "INV-X", "Budget line": "INF-CLOUD", "Amount": "100.00"})
	before := e.counts()
	for _, dry := range []bool{true, false} {
		res := e.run(outlay.ImportSpend, dry, bad...)
		if got := problems(res); len(got) != 1 || got[0] != "31|Date|not a real date (use YYYY-MM-DD)" {
			t.Errorf("dry run %v: problems %q", dry, got)
		}
		if after := e.counts(); !mapsEqual(before, after) {
			t.Errorf("dry run %v: one bad row among 50 stored something: %v -> %v", dry, before, after)
		}
	}

	preview := e.run(outlay.ImportSpend, true, rows...)
	e.mustOK(preview)
	if len(preview.Created) != 50 || preview.Created[0].ID != 0 || preview.Created[0].Label != "Acme Cloud INV-1000" {
		t.Errorf("preview created %+v", preview.Created[:1])
	}
	if after := e.counts(); !mapsEqual(before, after) {
		t.Errorf("a dry run stored something: %v -> %v", before, after)
	}
	res := e.run(outlay.ImportSpend, false, rows...)
	e.mustOK(res)
	after := e.counts()
	if after["spend_entries"] != before["spend_entries"]+50 || after["spend_allocations"] != before["spend_allocations"]+50 ||
		after["audit_log"] != before["audit_log"]+51 {
		t.Errorf("after the import %v, before %v: want 50 entries, 50 allocations, 50 + 1 audit entries", after, before)
	}
	var user int64
	var entity, raw string
	if err := e.db.ReadDB().QueryRow(`SELECT user_id, entity, after FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`).Scan(&user, &entity, &raw); err != nil {
		t.Fatal(err)
	}
	var summary struct {
		Kind, File    string
		Rows, Created int
		IDs           []int64
	}
	if err := json.Unmarshal([]byte(raw), &summary); err != nil {
		t.Fatal(err)
	}
	if user != 1 || entity != "import" || summary.Kind != "spend" || summary.File != "spend.xlsx" || summary.Rows != 50 ||
		summary.Created != 50 || len(summary.IDs) != 50 || summary.IDs[0] != res.Created[0].ID {
		t.Errorf("import audit entry by %d: %s %s", user, entity, raw)
	}
	// The same file again: every invoice is recorded already.
	again := e.run(outlay.ImportSpend, true, rows...)
	if len(again.Problems) != 50 {
		t.Fatalf("%d problems importing the same invoices again", len(again.Problems))
	}
	hasProblem(t, again, 6, "Invoice", "already recorded")
}

func mapsEqual(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
