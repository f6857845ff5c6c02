package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A page number too large to multiply by the page size is a page past the end, not a
// crash: the users list slices in Go and used to panic on the overflowed offset.
func TestListHugePageNumberIsPastTheEnd(t *testing.T) {
	h := newHarness(t)
	admin, _ := h.signIn("admin")
	for _, p := range []string{"/admin/users?page=9223372036854775807", "/admin/users?page=400000000000000000",
		"/vendors?page=9223372036854775807", "/admin/audit?page=9223372036854775807"} {
		res := admin.get(p)
		if res.Code != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.Code)
		}
		if p == "/admin/users?page=400000000000000000" && strings.Contains(res.Body, "<td>admin@example.com</td>") {
			t.Errorf("%s: a page past the end lists the first page's users", p)
		}
	}
}

// Browsers drop tabs and newlines from a URL before reading it, so "/\t/evil.example"
// lands on //evil.example: sign-in must not send anyone there.
func TestLoginNextRefusesControlCharacters(t *testing.T) {
	h := newHarness(t)
	u := h.user("viewer")
	for _, next := range []string{"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\t\\evil.example", "/reports\x00"} {
		form := url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}}
		req, _ := http.NewRequest(http.MethodPost, h.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// The transport, unlike a client, hands back the redirect without reading it.
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("next %q: %d to %q, want 303 to /", next, res.StatusCode, loc)
		}
	}
}

// A contract row without terms (written by an import or by hand) still opens: the renew
// page and the API already allow for it, and the contract page crashed on it.
func TestContractPageWithoutTerms(t *testing.T) {
	h := newHarness(t)
	vendor := licenceTestVendor(h, "Termless Ltd")
	id := licenceTestContract(h, vendor, "Termless support")
	viewer, _ := h.signIn("viewer")
	res := viewer.get("/contracts/" + itoa(id))
	if res.Code != http.StatusOK {
		t.Fatalf("contract page: %d", res.Code)
	}
	mustContain(t, "contract page", res.Body, "Termless support", "No decision recorded yet.")
}

// A decision posted from a page opened before someone archived the contract is refused,
// and the page that comes back says why (the decision form itself is gone).
func TestContractDecisionOnArchivedSaysWhy(t *testing.T) {
	h := newHarness(t)
	vendor := seedContractVendor(t, h, "Acme")
	ct := seedContract(t, h, vendor, "Acme hosting", "2026-04-01", "2027-03-31")
	editor, _ := h.signIn("editor")
	if res := editor.postForm("/contracts/"+itoa(ct.ID)+"/archive", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.Code)
	}
	res := editor.postForm("/contracts/"+itoa(ct.ID)+"/decision", url.Values{"decision": {"cancel"}, "note": {"too dear"}})
	if res.Code != http.StatusConflict {
		t.Fatalf("decision on archived: %d", res.Code)
	}
	mustContain(t, "refused decision", res.Body, "decisions can no longer be recorded")
}
