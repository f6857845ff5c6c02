package remind

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outlay/internal/letters"
	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// TestPackOverTheLimit: a workbook larger than the limit is not attached; the cover
// note goes out alone and points to the Reports page, so the email cannot bounce for
// its size. Under the limit the same pack is attached.
func TestPackOverTheLimit(t *testing.T) {
	for _, c := range []struct {
		limit    int
		attached bool
	}{{100, false}, {PackMaxAttachment, true}} {
		db, err := sqlite.Open(filepath.Join(t.TempDir(), "outlay.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := outlay.NewContextWithUser(context.Background(), &outlay.User{ID: 1, Email: "admin@acme.example", Role: outlay.RoleAdmin, Active: true})
		st, err := db.GetSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.FinanceEmails = []string{"fin@acme.example"}
		if err := db.UpdateSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		n, err := packPlan(ctx, db.Work(), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
			letters.Site{BaseURL: "https://outlay.acme.example"}, "outlay@mail.acme.example", c.limit)
		if err != nil || n != 1 {
			t.Fatalf("limit %d: wrote %d, %v", c.limit, n, err)
		}
		var text string
		var attachments int
		if err := db.ReadDB().QueryRowContext(ctx, `SELECT o.body_text, (SELECT count(*) FROM outbox_attachments a WHERE a.outbox_id = o.id)
			FROM outbox o WHERE o.dedupe_key = 'pack/FY2026-Q3/fin@acme.example'`).Scan(&text, &attachments); err != nil {
			t.Fatal(err)
		}
		text = strings.Join(strings.Fields(text), " ")
		if c.attached {
			if attachments != 1 || !strings.Contains(text, "attached as outlay-FY2026-Q3.xlsx") {
				t.Errorf("under the limit: %d attachments, text %q", attachments, text)
			}
			continue
		}
		if attachments != 0 || strings.Contains(text, "attached") || !strings.Contains(text, "https://outlay.acme.example/reports") {
			t.Errorf("over the limit: %d attachments, text %q", attachments, text)
		}
	}
}
