package server_test

import (
	"net/http"
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
