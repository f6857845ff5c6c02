package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// An internal error's message never reaches the user: pages and the API say something
// went wrong on our side and give the request id; the detail is in the log under it.
func TestInternalErrorsStayInternal(t *testing.T) {
	h := newHarness(t)
	vendor := licenceTestVendor(h, "Adobe")
	editor, _ := h.signIn("editor")
	v := licenceFormValues(vendor)
	v.Set("key", testLicenceKey)
	if res := editor.postForm("/licences", v); res.Code != http.StatusSeeOther {
		t.Fatalf("create licence: %d", res.Code)
	}
	admin, _ := h.signIn("admin")
	api, _ := h.apiClient("admin")
	// A key that no longer decrypts (a replaced key file, a damaged row): storage says
	// so in an EINTERNAL error whose message is written for the log.
	h.spendExec(`UPDATE licences SET key_cipher = randomblob(64) WHERE id = 1`)
	// And a storage failure: the audit table is gone.
	h.spendExec(`DROP TABLE audit_log`)

	for _, tc := range []struct {
		what string
		res  response
		leak []string
	}{
		{"page reveal", admin.postForm("/licences/1/reveal", nil), []string{"decrypt", "key file", "licence 1:"}},
		{"API reveal", api.sendJSON(http.MethodPost, "/api/v1/licences/1/reveal", "{}"), []string{"decrypt", "key file", "licence 1:"}},
		{"page audit", admin.get("/admin/audit"), []string{"no such table", "audit_log", "SQL"}},
		{"API audit", api.get("/api/v1/audit"), []string{"no such table", "audit_log", "SQL"}},
	} {
		id := tc.res.Header.Get("X-Request-Id")
		if tc.res.Code != http.StatusInternalServerError || id == "" {
			t.Errorf("%s: status %d, request id %q", tc.what, tc.res.Code, id)
			continue
		}
		mustContain(t, tc.what, tc.res.Body, "Something went wrong on our side", id)
		for _, l := range tc.leak {
			if strings.Contains(tc.res.Body, l) {
				t.Errorf("%s shows %q: %s", tc.what, l, tc.res.Body)
			}
		}
		if log := h.Log.String(); !strings.Contains(log, "request_id="+id) || !strings.Contains(log, "internal error") {
			t.Errorf("%s: the log has no internal error under request id %s", tc.what, id)
		}
	}
	if !strings.Contains(h.Log.String(), "cannot be decrypted") || !strings.Contains(h.Log.String(), "no such table") {
		t.Error("the log lacks the errors' detail")
	}
}

func TestUnknownPageIs404Page(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	res := c.get("/no/such/page")
	if res.Code != http.StatusNotFound || !strings.Contains(res.Body, "Request id") {
		t.Fatalf("unknown page: %d", res.Code)
	}
}
