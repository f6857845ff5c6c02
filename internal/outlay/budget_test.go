package outlay_test

import (
	"testing"

	"outlay/internal/outlay"
)

func TestDefaultQuartersAddUpExactly(t *testing.T) {
	for _, tc := range []struct {
		planned int64
		want    [4]int64
	}{
		{0, [4]int64{0, 0, 0, 0}},
		{1, [4]int64{1, 0, 0, 0}},
		{10_000_001, [4]int64{2_500_001, 2_500_000, 2_500_000, 2_500_000}},
		{10_000_003, [4]int64{2_500_001, 2_500_001, 2_500_001, 2_500_000}},
		{400, [4]int64{100, 100, 100, 100}},
	} {
		got := outlay.DefaultQuarters(tc.planned)
		if got != tc.want || got[0]+got[1]+got[2]+got[3] != tc.planned {
			t.Errorf("DefaultQuarters(%d) = %v; want %v", tc.planned, got, tc.want)
		}
	}
}

func TestBudgetLineValidate(t *testing.T) {
	valid := func() *outlay.BudgetLine {
		return &outlay.BudgetLine{FY: 2027, Code: " inf-cloud ", Name: "Cloud", Category: "cloud", ExpenseType: "opex", Planned: 10_000_000}
	}
	for _, tc := range []struct {
		name  string
		edit  func(*outlay.BudgetLine)
		field string
		want  string
	}{
		{"valid with default split", func(*outlay.BudgetLine) {}, "", ""},
		{"explicit split adds up", func(b *outlay.BudgetLine) {
			b.QuartersSet, b.Quarters = true, [4]int64{10_000_000, 0, 0, 0}
		}, "", ""},
		{"explicit split short by one euro", func(b *outlay.BudgetLine) {
			b.QuartersSet, b.Quarters = true, [4]int64{2_500_000, 2_500_000, 2_500_000, 2_499_900}
		}, "quarters", "the quarters add up to 99,999.00, not the planned 100,000.00"},
		{"negative quarter", func(b *outlay.BudgetLine) {
			b.QuartersSet, b.Quarters = true, [4]int64{10_000_100, -100, 0, 0}
		}, "quarters", "a quarter cannot be negative"},
		{"negative plan", func(b *outlay.BudgetLine) { b.Planned = -1 }, "planned", "the plan cannot be negative"},
		{"plan beyond every bound", func(b *outlay.BudgetLine) { b.Planned = outlay.MaxAmount + 1 }, "planned", "too large"},
		{"quarter beyond every bound", func(b *outlay.BudgetLine) {
			b.Planned, b.QuartersSet, b.Quarters = outlay.MaxAmount, true, [4]int64{outlay.MaxAmount + 1, -1, 0, 0}
		}, "quarters", "a quarter is too large"},
		{"category", func(b *outlay.BudgetLine) { b.Category = "food" }, "category", "must be one of"},
		{"expense type", func(b *outlay.BudgetLine) { b.ExpenseType = "CapEx" }, "expense_type", "must be one of"},
		{"year", func(b *outlay.BudgetLine) { b.FY = 27 }, "fy", "choose a fiscal year"},
	} {
		b := valid()
		tc.edit(b)
		b.Normalize()
		err := b.Validate("EUR")
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if got := outlay.ErrorFields(err)[tc.field]; len(got) < len(tc.want) || got[:len(tc.want)] != tc.want {
			t.Errorf("%s: %s = %q; want %q", tc.name, tc.field, got, tc.want)
		}
	}
	b := valid()
	b.Normalize()
	if b.Code != "INF-CLOUD" || b.Quarters != outlay.DefaultQuarters(10_000_000) {
		t.Errorf("Normalize: %+v", b)
	}
}
