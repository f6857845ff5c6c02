package sqlite_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
)

func TestTokenCreateAndUse(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleViewer)

	secret, tok, err := d.CreateToken(ctx, u.ID, "  Report script ")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^olt_[a-z2-7]{32}$`).MatchString(secret) {
		t.Fatalf("secret %q does not look like a token", secret)
	}
	if tok.ID == 0 || tok.Name != "Report script" || tok.Prefix != secret[:10] || tok.UserID != u.ID {
		t.Fatalf("token: %+v", tok)
	}

	// Only a hash is stored: the secret appears nowhere in the row.
	var name, prefix, hash string
	if err := d.ReadDB().QueryRow(`SELECT name, prefix, hash FROM api_tokens WHERE id = ?`, tok.ID).Scan(&name, &prefix, &hash); err != nil {
		t.Fatal(err)
	}
	if hash == secret || strings.Contains(hash, secret[4:]) || strings.Contains(name+prefix, secret) || len(hash) != 64 {
		t.Fatalf("stored hash %q reveals the secret", hash)
	}
	var audited string
	d.ReadDB().QueryRow(`SELECT after FROM audit_log WHERE entity = 'token' AND entity_id = ?`, tok.ID).Scan(&audited)
	if audited == "" || strings.Contains(audited, secret) || strings.Contains(audited, hash) {
		t.Fatalf("token audit entry: %q", audited)
	}

	got, err := d.FindUserByToken(ctx, secret)
	if err != nil || got.ID != u.ID {
		t.Fatalf("by token: %+v %v", got, err)
	}
	for _, wrong := range []string{"", secret + "x", strings.ToUpper(secret), hash} {
		if _, err := d.FindUserByToken(ctx, wrong); outlay.ErrorCode(err) != outlay.EUNAUTHORIZED {
			t.Errorf("secret %q: %v, want unauthorized", wrong, err)
		}
	}
	tokens, err := d.FindTokens(ctx, u.ID)
	if err != nil || len(tokens) != 1 || tokens[0].LastUsedAt == nil || !tokens[0].LastUsedAt.Equal(time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("tokens after use: %+v %v", tokens, err)
	}
}

func TestTokenNames(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleViewer)
	if _, tok, err := d.CreateToken(ctx, u.ID, ""); err != nil || tok.Name != "API token" {
		t.Fatalf("blank name: %+v %v", tok, err)
	}
	if _, _, err := d.CreateToken(ctx, u.ID, strings.Repeat("x", 101)); outlay.ErrorFields(err)["name"] == "" {
		t.Fatalf("101 characters: %v", err)
	}
	// The limit counts characters, not bytes.
	if _, tok, err := d.CreateToken(ctx, u.ID, strings.Repeat("é", 100)); err != nil || tok.Name != strings.Repeat("é", 100) {
		t.Fatalf("100 accented characters: %v", err)
	}
	if _, _, err := d.CreateToken(ctx, 999, "x"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestTokenRevoke(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	ann := mustUser(t, d, "ann@example.com", outlay.RoleViewer)
	bob := mustUser(t, d, "bob@example.com", outlay.RoleViewer)
	s1, t1, _ := d.CreateToken(ctx, ann.ID, "one")
	s2, t2, _ := d.CreateToken(ctx, ann.ID, "two")

	if err := d.RevokeToken(ctx, bob.ID, t1.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("revoking someone else's token: %v", err)
	}
	if _, err := d.FindUserByToken(ctx, s1); err != nil {
		t.Fatalf("a refused revoke revoked: %v", err)
	}
	if err := d.RevokeToken(asUser(ann.ID, ann.Email), ann.ID, t1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindUserByToken(ctx, s1); outlay.ErrorCode(err) != outlay.EUNAUTHORIZED {
		t.Fatalf("revoked token: %v", err)
	}
	if err := d.RevokeToken(ctx, ann.ID, t1.ID); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("revoking twice: %v", err)
	}
	tokens, _ := d.FindTokens(ctx, ann.ID)
	if len(tokens) != 1 || tokens[0].ID != t2.ID {
		t.Fatalf("listed after revoke: %+v", tokens)
	}
	entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "token", EntityID: &t1.ID})
	if len(entries) != 2 || entries[0].Action != "revoke" || entries[0].UserEmail != ann.Email {
		t.Fatalf("revoke audit: %+v", entries)
	}

	// A deactivated user's tokens stop working, and work again on reactivation.
	mustUser(t, d, "admin@example.com", outlay.RoleAdmin)
	ann.Active = false
	if err := d.UpdateUser(ctx, ann); err != nil {
		t.Fatal(err)
	}
	if _, err := d.FindUserByToken(ctx, s2); outlay.ErrorCode(err) != outlay.EUNAUTHORIZED {
		t.Fatalf("deactivated user's token: %v", err)
	}
	ann.Active = true
	d.UpdateUser(ctx, ann)
	if _, err := d.FindUserByToken(ctx, s2); err != nil {
		t.Fatalf("reactivated user's token: %v", err)
	}
}

// Every API call reads its token; only one call a minute per token writes its last-used
// time, however many arrive together. A trigger counts the writes that reach the row.
func TestTokenLastUsedWrittenAtMostOnceAMinute(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleViewer)
	s1, t1, _ := d.CreateToken(ctx, u.ID, "one")
	s2, _, _ := d.CreateToken(ctx, u.ID, "two")
	if _, err := d.WriteDB().Exec(`CREATE TABLE token_writes (token_id INTEGER NOT NULL);
		CREATE TRIGGER token_writes_count AFTER UPDATE OF last_used_at ON api_tokens
		BEGIN INSERT INTO token_writes VALUES (NEW.id); END;`); err != nil {
		t.Fatal(err)
	}
	writes := func() (all, first int) {
		t.Helper()
		if err := d.ReadDB().QueryRow(`SELECT count(*), count(*) FILTER (WHERE token_id = ?) FROM token_writes`, t1.ID).Scan(&all, &first); err != nil {
			t.Fatal(err)
		}
		return all, first
	}
	useAll := func(at time.Time, secrets ...string) {
		t.Helper()
		d.Now = func() time.Time { return at }
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			for _, s := range secrets {
				wg.Go(func() {
					if _, err := d.FindUserByToken(ctx, s); err != nil {
						t.Error(err)
					}
				})
			}
		}
		wg.Wait()
	}
	t0 := time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)
	useAll(t0, s1, s2)
	if all, first := writes(); all != 2 || first != 1 {
		t.Fatalf("40 concurrent uses of two new tokens: %d writes (%d of the first), want one each", all, first)
	}
	useAll(t0.Add(59*time.Second), s1)
	if all, _ := writes(); all != 2 {
		t.Fatalf("uses within the minute wrote: %d writes", all)
	}
	useAll(t0.Add(time.Minute), s1)
	if all, first := writes(); all != 3 || first != 2 {
		t.Fatalf("a minute later: %d writes (%d of the first), want 3 (2)", all, first)
	}
	tokens, _ := d.FindTokens(ctx, u.ID)
	for _, tok := range tokens {
		want := t0
		if tok.ID == t1.ID {
			want = t0.Add(time.Minute)
		}
		if tok.LastUsedAt == nil || !tok.LastUsedAt.Equal(want) {
			t.Errorf("token %s last used %v, want %v", tok.Name, tok.LastUsedAt, want)
		}
	}
}
