package server_test

import (
	"net/http"
	"testing"

	"outlay/internal/server"
)

// TestAPICreatePastAutoContractRollsAtOnce: through the API, an auto contract whose
// first term ended on 2026-03-31 comes back on its current term 2026-04-01..2027-03-31,
// priced 12,000.00 + 3.5 % = 12,420.00, in its notice window (cancel by 2027-01-01),
// never "ended"; and the status filters take notice_missed and decision_due.
func TestAPICreatePastAutoContractRollsAtOnce(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient("editor")
	v := seedContractVendor(t, h, "Acme Cloud")
	body := contractBody(v)
	body["first_term"] = map[string]any{"start_date": "2025-04-01", "end_date": "2026-03-31", "price": "12000", "billing": "annual"}
	res := c.sendJSON(http.MethodPost, "/api/v1/contracts", body)
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	var got server.APIContract
	res.JSON(t, &got)
	if got.Status != "notice" || got.KeyDate != "2027-01-01" || len(got.Terms) != 2 || got.CurrentTerm == nil ||
		got.CurrentTerm.StartDate != "2026-04-01" || got.CurrentTerm.EndDate != "2027-03-31" || got.CurrentTerm.Price != "12420.00" {
		t.Fatalf("created: status %s key %s, %d terms, current %+v", got.Status, got.KeyDate, len(got.Terms), got.CurrentTerm)
	}

	missed := contractBody(v)
	missed["title"], missed["first_term"] = "Missed", map[string]any{"start_date": "2026-01-01", "end_date": "2026-12-31", "price": "100", "billing": "annual"}
	if res := c.sendJSON(http.MethodPost, "/api/v1/contracts", missed); res.Code != http.StatusCreated {
		t.Fatalf("create missed: %d %s", res.Code, res.Body)
	}
	for q, want := range map[string]int{"?status=notice_missed": 1, "?status=decision_due": 2, "?status=ended": 0} {
		var list server.ListResponse[server.APIContract]
		res := c.get("/api/v1/contracts" + q)
		if res.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", q, res.Code, res.Body)
		}
		res.JSON(t, &list)
		if len(list.Items) != want {
			t.Errorf("GET %s: %d contracts, want %d", q, len(list.Items), want)
		}
	}
}
