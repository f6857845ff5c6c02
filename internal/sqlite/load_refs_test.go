package sqlite

import "testing"

// TestWrittenTable: every statement that may change a row the load keeps drops what is
// kept of its table; only statements that cannot are let through.
func TestWrittenTable(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{`SELECT name FROM vendors WHERE id = ?`, ""},
		{`INSERT INTO vendors (name) VALUES (?)`, ""},
		{`INSERT INTO spend_entries (date) VALUES (?)`, ""},
		{`INSERT INTO fx_rates (currency) VALUES (?)`, "fx_rates"},
		{`DELETE FROM fx_rates WHERE id = ?`, "fx_rates"},
		{`UPDATE vendors SET name = ? WHERE id = ?`, "vendors"},
		{"\n\t\tUPDATE  contracts SET title = ?", "contracts"},
		{`UPDATE OR REPLACE licences SET vendor_id = ?`, "licences"},
		{`DELETE FROM budget_lines WHERE id = ?`, "budget_lines"},
		{`INSERT OR REPLACE INTO vendors (id, name) VALUES (?, ?)`, "vendors"},
		{`REPLACE INTO "budget_lines" (id) VALUES (?)`, "budget_lines"},
		{`INSERT INTO contracts (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET title = excluded.title`, "contracts"},
		{`UPDATE main.vendors SET name = ?`, "vendors"},
		{`UPDATE contract_payments SET invoiced = 1`, ""},
		{`DELETE FROM spend_allocations WHERE spend_id = ?`, ""},
		{`WITH x AS (SELECT 1) UPDATE vendors SET name = ''`, "*"},
		{`WITH x AS (SELECT 1) UPDATE spend_entries SET po_number = ''`, ""},
	} {
		if got := writtenTable(tc.query); got != tc.want {
			t.Errorf("writtenTable(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}
