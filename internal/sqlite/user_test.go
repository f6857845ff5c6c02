package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
	"outlay/internal/sqlite"
)

// fakeHash stands in for an argon2id hash: storage only keeps it, never checks it.
const fakeHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"

func mustUser(t *testing.T, d *sqlite.DB, email, role string) *outlay.User {
	t.Helper()
	u := &outlay.User{Email: email, Name: "Name of " + email, Role: role, PasswordHash: fakeHash}
	if err := d.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCreateUserAndFind(t *testing.T) {
	d := MustOpen(t)
	ctx := asUser(99, "boss@example.com")
	u := &outlay.User{Email: "  Ann@Example.COM ", Name: " Ann ", Role: outlay.RoleEditor, PasswordHash: fakeHash}
	if err := d.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Email != "ann@example.com" || u.Name != "Ann" || !u.Active {
		t.Fatalf("created: %+v", u)
	}
	got, err := d.FindUserByEmail(context.Background(), "ANN@example.com")
	if err != nil || got.ID != u.ID || got.Role != outlay.RoleEditor || !got.Active || got.PasswordHash != fakeHash ||
		!got.CreatedAt.Equal(time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)) || got.LastLoginAt != nil {
		t.Fatalf("by email: %+v, %v", got, err)
	}
	if got, err := d.FindUserByID(context.Background(), u.ID); err != nil || got.Email != u.Email {
		t.Fatalf("by id: %+v, %v", got, err)
	}
	if _, err := d.FindUserByID(context.Background(), 12345); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
	if _, err := d.FindUserByEmail(context.Background(), "nobody@example.com"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown email: %v", err)
	}

	entries, _, err := d.FindAuditEntries(context.Background(), outlay.AuditFilter{Entity: "user", EntityID: &u.ID})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit: %v %v", entries, err)
	}
	e := entries[0]
	if e.Action != outlay.ActionCreate || e.UserEmail != "boss@example.com" || e.Before != nil ||
		string(e.After) != `{"active":true,"email":"ann@example.com","name":"Ann","role":"editor"}` {
		t.Fatalf("audit entry: %+v %s", e, e.After)
	}
}

func TestCreateUserRefusals(t *testing.T) {
	d := MustOpen(t)
	mustUser(t, d, "ann@example.com", outlay.RoleAdmin)
	tests := []struct {
		name  string
		u     outlay.User
		code  string
		field string
	}{
		{"duplicate email in other case", outlay.User{Email: "ANN@example.com", Name: "Ann 2", Role: "viewer", PasswordHash: fakeHash}, outlay.ECONFLICT, "email"},
		{"bad email", outlay.User{Email: "ann", Name: "Ann", Role: "viewer", PasswordHash: fakeHash}, outlay.EINVALID, "email"},
		{"no name", outlay.User{Email: "bob@example.com", Role: "viewer", PasswordHash: fakeHash}, outlay.EINVALID, "name"},
		{"unknown role", outlay.User{Email: "bob@example.com", Name: "Bob", Role: "root", PasswordHash: fakeHash}, outlay.EINVALID, "role"},
		{"no hash", outlay.User{Email: "bob@example.com", Name: "Bob", Role: "viewer"}, outlay.EINTERNAL, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u
			err := d.CreateUser(context.Background(), &u)
			if outlay.ErrorCode(err) != tt.code {
				t.Fatalf("code %q (%v), want %q", outlay.ErrorCode(err), err, tt.code)
			}
			if tt.field != "" && outlay.ErrorFields(err)[tt.field] == "" {
				t.Errorf("no message for %s: %v", tt.field, err)
			}
		})
	}
	if n, _ := d.CountUsers(context.Background()); n != 1 {
		t.Fatalf("users: %d, want 1", n)
	}
}

func TestCreateFirstAdminOnlyOnce(t *testing.T) {
	d := MustOpen(t)
	if n, _ := d.CountUsers(context.Background()); n != 0 {
		t.Fatalf("fresh database has %d users", n)
	}
	first := &outlay.User{Email: "ann@example.com", Name: "Ann", Role: outlay.RoleViewer, PasswordHash: fakeHash}
	if err := d.CreateFirstAdmin(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	if first.Role != outlay.RoleAdmin {
		t.Fatalf("first user's role: %q, want admin", first.Role)
	}
	second := &outlay.User{Email: "bob@example.com", Name: "Bob", Role: outlay.RoleAdmin, PasswordHash: fakeHash}
	if err := d.CreateFirstAdmin(context.Background(), second); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("second first admin: %v", err)
	}
	if n, _ := d.CountUsers(context.Background()); n != 1 {
		t.Fatalf("users: %d, want 1", n)
	}
}

func TestCreateFirstAdminRace(t *testing.T) {
	d := MustOpen(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := &outlay.User{Email: "admin" + string(rune('a'+i)) + "@example.com", Name: "Admin", PasswordHash: fakeHash}
			errs[i] = d.CreateFirstAdmin(context.Background(), u)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if outlay.ErrorCode(err) != outlay.ECONFLICT {
			t.Errorf("loser got %v, want a conflict", err)
		}
	}
	if n, _ := d.CountUsers(context.Background()); won != 1 || n != 1 {
		t.Fatalf("%d winners, %d users; want 1 and 1", won, n)
	}
}

func TestUpdateUserLastAdmin(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	ann := mustUser(t, d, "ann@example.com", outlay.RoleAdmin)

	demote := *ann
	demote.Role = outlay.RoleEditor
	if err := d.UpdateUser(ctx, &demote); outlay.ErrorCode(err) != outlay.ECONFLICT || !strings.Contains(outlay.ErrorMessage(err), "last active administrator") {
		t.Fatalf("demoting the last admin: %v", err)
	}
	deactivate := *ann
	deactivate.Active = false
	if err := d.UpdateUser(ctx, &deactivate); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("deactivating the last admin: %v", err)
	}
	// A deactivated admin does not count as a second one.
	bob := mustUser(t, d, "bob@example.com", outlay.RoleAdmin)
	bob.Active = false
	if err := d.UpdateUser(ctx, bob); err != nil {
		t.Fatal(err)
	}
	if err := d.UpdateUser(ctx, &demote); outlay.ErrorCode(err) != outlay.ECONFLICT {
		t.Fatalf("demoting with only a deactivated second admin: %v", err)
	}
	// Renaming the last admin is fine.
	rename := *ann
	rename.Name = "Ann A."
	if err := d.UpdateUser(ctx, &rename); err != nil {
		t.Fatal(err)
	}
	// With a second active admin, the first may step down.
	bob.Active = true
	if err := d.UpdateUser(ctx, bob); err != nil {
		t.Fatal(err)
	}
	if err := d.UpdateUser(ctx, &demote); err != nil {
		t.Fatalf("demoting with another admin: %v", err)
	}
	got, _ := d.FindUserByID(ctx, ann.ID)
	if got.Role != outlay.RoleEditor || got.Name != "Name of ann@example.com" || got.Email != "ann@example.com" {
		t.Fatalf("after demotion: %+v", got)
	}
}

func TestUpdateUser(t *testing.T) {
	d := MustOpen(t)
	mustUser(t, d, "admin@example.com", outlay.RoleAdmin)
	u := mustUser(t, d, "ann@example.com", outlay.RoleEditor)
	ctx := asUser(1, "admin@example.com")

	change := *u
	change.Name, change.Role, change.Active = "Ann B.", outlay.RoleViewer, false
	change.Email = "changed@example.com" // not editable: ignored
	if err := d.UpdateUser(ctx, &change); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindUserByID(ctx, u.ID)
	if got.Name != "Ann B." || got.Role != outlay.RoleViewer || got.Active || got.Email != "ann@example.com" {
		t.Fatalf("after update: %+v", got)
	}
	entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "user", EntityID: &u.ID, Limit: 1})
	e := entries[0]
	if e.Action != outlay.ActionUpdate || e.UserEmail != "admin@example.com" ||
		string(e.Before) != `{"active":true,"email":"ann@example.com","name":"Name of ann@example.com","role":"editor"}` ||
		string(e.After) != `{"active":false,"email":"ann@example.com","name":"Ann B.","role":"viewer"}` {
		t.Fatalf("audit: %s -> %s", e.Before, e.After)
	}

	bad := *got
	bad.Role = "root"
	if err := d.UpdateUser(ctx, &bad); outlay.ErrorCode(err) != outlay.EINVALID {
		t.Fatalf("bad role: %v", err)
	}
	missing := *got
	missing.ID = 999
	if err := d.UpdateUser(ctx, &missing); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestSetPasswordHashAndTouchLogin(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	u := mustUser(t, d, "ann@example.com", outlay.RoleViewer)
	if err := d.SetPasswordHash(ctx, u.ID, "$argon2id$new"); err != nil {
		t.Fatal(err)
	}
	if err := d.SetPasswordHash(ctx, 999, "$argon2id$new"); outlay.ErrorCode(err) != outlay.ENOTFOUND {
		t.Fatalf("unknown user: %v", err)
	}
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	if err := d.TouchLogin(ctx, u.ID, at); err != nil {
		t.Fatal(err)
	}
	got, _ := d.FindUserByID(ctx, u.ID)
	if got.PasswordHash != "$argon2id$new" || got.LastLoginAt == nil || !got.LastLoginAt.Equal(at) {
		t.Fatalf("after: %+v", got)
	}
	entries, _, _ := d.FindAuditEntries(ctx, outlay.AuditFilter{Entity: "user", EntityID: &u.ID})
	for _, e := range entries {
		if strings.Contains(string(e.Before)+string(e.After), "argon2") {
			t.Fatalf("a password hash reached the audit log: %s %s", e.Before, e.After)
		}
	}
	if len(entries) != 2 || string(entries[0].After) != `{"password":"changed"}` {
		t.Fatalf("password change audit: %+v", entries)
	}
}

func TestFindUsersPages(t *testing.T) {
	d := MustOpen(t)
	for _, e := range []string{"cat@example.com", "ann@example.com", "bob@example.com"} {
		mustUser(t, d, e, outlay.RoleViewer)
	}
	users, total, err := d.FindUsers(context.Background(), outlay.UserFilter{Limit: 2, Offset: 1})
	if err != nil || total != 3 || len(users) != 2 || users[0].Email != "bob@example.com" || users[1].Email != "cat@example.com" {
		t.Fatalf("page: %v %d %v", users, total, err)
	}
	users, total, _ = d.FindUsers(context.Background(), outlay.UserFilter{Email: "ANN@example.com"})
	if total != 1 || users[0].Email != "ann@example.com" {
		t.Fatalf("by email: %v %d", users, total)
	}
}

// TestCreateUserRefusesUnprintableText: what `outlay user add` and every other writer
// stores goes through the domain's text rule, so a direction override or a control
// character in the email or the name is refused, and nothing is stored.
func TestCreateUserRefusesUnprintableText(t *testing.T) {
	d := MustOpen(t)
	ctx := context.Background()
	for _, u := range []*outlay.User{
		{Email: "ann\u202e@example.com", Name: "Ann", Role: outlay.RoleViewer, PasswordHash: fakeHash},
		{Email: "ann\x00@example.com", Name: "Ann", Role: outlay.RoleViewer, PasswordHash: fakeHash},
		{Email: "ann@example.com", Name: "Ann\x1b[31m", Role: outlay.RoleViewer, PasswordHash: fakeHash},
	} {
		err := d.CreateUser(ctx, u)
		if outlay.ErrorCode(err) != outlay.EINVALID {
			t.Errorf("CreateUser(%q, %q) = %v, want EINVALID", u.Email, u.Name, err)
		}
	}
	if n, err := d.CountUsers(ctx); err != nil || n != 0 {
		t.Errorf("users stored: %d, %v", n, err)
	}
}
