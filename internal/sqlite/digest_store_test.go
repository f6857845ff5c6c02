package sqlite_test

import (
	"context"
	"testing"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// TestEmailKeyWritten: a prefix finds the keys that start with it and no neighbour in
// the index's order — not the next week, nor a key that only shares its first letters
// without the slash.
func TestEmailKeyWritten(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	err := d.Update(ctx, func(tx *sqlite.Tx) error {
		for _, key := range []string{"digest/2026-W49/ann@example.com", "digest/2026-W5", "digest/2026-W51/bob@example.com", "pack/FY2026-Q3/fin@example.com"} {
			e := &outlay.Email{Kind: outlay.EmailDigest, Key: key, To: "ann@example.com", Subject: "s", Text: "t",
				MessageID: outlay.MessageID(key, "example.com")}
			if _, err := tx.EnqueueEmail(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for prefix, want := range map[string]bool{
		"digest/2026-W49/":                true,
		"digest/2026-W49/ann@example.com": true,
		"digest/2026-W4":                  true,
		"digest/2026-W5/":                 false, // "digest/2026-W5" and "…W51/" are neighbours, not inside
		"digest/2026-W50/":                false,
		"digest/2026-W49/bob":             false,
		"pack/FY2026-Q3/":                 true,
		"pack/FY2026-Q4/":                 false,
		"\xff":                            false,
	} {
		got, err := d.Work().EmailKeyWritten(ctx, prefix)
		if err != nil || got != want {
			t.Errorf("EmailKeyWritten(%q) = %v, %v; want %v", prefix, got, err, want)
		}
		keys, err := d.Work().EmailKeysWritten(ctx, prefix)
		if err != nil || (len(keys) > 0) != want {
			t.Errorf("EmailKeysWritten(%q) = %v, %v; want some: %v", prefix, keys, err, want)
		}
	}
	if keys, _ := d.Work().EmailKeysWritten(ctx, "digest/2026-W49/"); len(keys) != 1 || !keys["digest/2026-W49/ann@example.com"] {
		t.Errorf("EmailKeysWritten(W49) = %v, want ann's key alone", keys)
	}
	if _, err := d.Work().EmailKeyWritten(ctx, ""); err == nil {
		t.Error("an empty prefix was accepted")
	}
	if _, err := d.Work().EmailKeysWritten(ctx, ""); err == nil {
		t.Error("an empty prefix was accepted by EmailKeysWritten")
	}
}

// TestDigestUsers: every user comes back with their digest choice and name, by email.
func TestDigestUsers(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(99, "boss@example.com")
	bob := mustUser(t, d, "bob@example.com", outlay.RoleViewer)
	mustUser(t, d, "ann@example.com", outlay.RoleEditor)
	if err := d.SetWeeklyDigest(ctx, bob.ID, false); err != nil {
		t.Fatal(err)
	}
	users, err := d.Work().DigestUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || users[0].Email != "ann@example.com" || !users[0].WeeklyDigest || users[0].Name != "Name of ann@example.com" ||
		users[1].Email != "bob@example.com" || users[1].WeeklyDigest {
		for _, u := range users {
			t.Errorf("user %s %q digest %v", u.Email, u.Name, u.WeeklyDigest)
		}
	}
}
