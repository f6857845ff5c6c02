package sqlite_test

import (
	"context"
	"testing"

	"outlay/internal/outlay"
)

// Within a request's settings memo the settings are read once: a change made behind the
// memo's back is not seen by that request, one made through UpdateSettings is.
func TestSettingsReadOnceWithinMemo(t *testing.T) {
	d := MustOpen(t)
	ctx := outlay.NewContextWithUser(outlay.NewContextWithSettingsMemo(context.Background()), &outlay.User{ID: 1, Email: "a@example.com", Role: outlay.RoleAdmin, Active: true})
	st, err := d.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.WriteDB().Exec(`INSERT INTO settings (key, value) VALUES ('org_name', 'Behind') ON CONFLICT (key) DO UPDATE SET value = excluded.value`); err != nil {
		t.Fatal(err)
	}
	if again, _ := d.GetSettings(ctx); again.OrgName != st.OrgName {
		t.Fatalf("within the memo the settings were read again: %q", again.OrgName)
	}
	// The figures' own reads use the memo too: they see the request's settings.
	if _, err := d.BudgetFigures(ctx, outlay.FiguresQuery{FY: 2027}); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := d.GetSettings(context.Background()); fresh.OrgName != "Behind" {
		t.Fatalf("without a memo: %q, want the stored name", fresh.OrgName)
	}
	st.OrgName = "Acme"
	if err := d.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if after, _ := d.GetSettings(ctx); after.OrgName != "Acme" {
		t.Fatalf("after UpdateSettings the request reads %q, want Acme", after.OrgName)
	}
	// Each caller gets its own lists: changing one copy changes nothing else.
	a, _ := d.GetSettings(ctx)
	a.ReminderOffsets[0] = 999
	if b, _ := d.GetSettings(ctx); b.ReminderOffsets[0] == 999 {
		t.Fatal("a caller's change to its copy reached the memo")
	}
}
