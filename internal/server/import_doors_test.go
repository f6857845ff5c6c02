package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"outlay/internal/outlay"
)

// multipartBody is a multipart form with a file part "file" (unless name is "-") and
// the fields, as a browser or curl -F sends it.
func multipartBody(t *testing.T, name string, file []byte, fields ...string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if name != "-" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

// upload posts a file as the multipart field "file", with the fields.
func (c *client) upload(path, name string, file []byte, fields ...string) response {
	c.h.t.Helper()
	body, ct := multipartBody(c.h.t, name, file, fields...)
	return c.do(http.MethodPost, path, body, ct)
}

// tokenIn finds the commit address's token in a preview page, "" when there is none.
func tokenIn(body string) string {
	m := regexp.MustCompile(`action="/imports/([0-9a-f]{32})/commit"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// stashFiles lists the files in the server's private upload folder.
func stashFiles(t *testing.T, h *harness) []string {
	t.Helper()
	entries, err := os.ReadDir(h.ImportDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

const spendCSV = "Date,Vendor,Description,Amount,Currency,Budget line\n2026-06-10,Acme Cloud,June hosting,100.00,EUR,INF-CLOUD\n"

// TestImportPreviewThenCommit is the pages' way through with a file the importer
// takes: the preview keeps the upload in a private folder under a token, only its
// owner commits it, the commit imports the same bytes for real, the bytes are gone
// after it, and the summary links to what was created.
func TestImportPreviewThenCommit(t *testing.T) {
	fake := &fakeImporter{result: func(kind outlay.ImportKind, body []byte, dryRun bool) (*outlay.ImportResult, error) {
		rec := outlay.ImportRecord{Row: 2, Label: "Acme Cloud INV-1"}
		if !dryRun {
			rec.ID, rec.Path = 41, "/spend/41"
		}
		return &outlay.ImportResult{Kind: kind, DryRun: dryRun, Sheet: "Spend", Rows: 1, Unknown: []string{"Colour"},
			Problems: []outlay.ImportProblem{}, Created: []outlay.ImportRecord{rec}}, nil
	}}
	h := newHarness(t, withImporter(fake))
	editor, me := h.signIn(outlay.RoleEditor)
	other, _ := h.signIn(outlay.RoleEditor)

	res := editor.upload("/imports/spend", "june.csv", []byte(spendCSV))
	if res.Code != http.StatusOK {
		t.Fatalf("preview: %d %s", res.Code, res.Body)
	}
	mustContain(t, "preview", res.Body, "june.csv", "Spend", "Colour", "Acme Cloud INV-1", "Import 1 spend entry")
	token := tokenIn(res.Body)
	if token == "" {
		t.Fatalf("preview has no commit button: %s", res.Body)
	}
	if calls := fake.Calls(); len(calls) != 1 || !calls[0].DryRun || calls[0].Body != spendCSV || calls[0].Name != "june.csv" ||
		calls[0].Kind != outlay.ImportSpend || calls[0].User != me.Email {
		t.Fatalf("preview ran %+v, want one dry run of june.csv as %s", calls, me.Email)
	}

	// The upload waits in a folder only the server reads, under a 128-bit token.
	dir, err := os.Stat(h.ImportDir)
	if err != nil || dir.Mode().Perm() != 0o700 {
		t.Fatalf("upload folder: %v, mode %v, want 0700", err, dir.Mode().Perm())
	}
	kept, err := os.Stat(filepath.Join(h.ImportDir, token+".upload"))
	if err != nil || kept.Mode().Perm() != 0o600 || kept.Size() != int64(len(spendCSV)) {
		t.Fatalf("kept upload: %v, %v", err, kept)
	}

	// Another editor cannot see or commit it: to them the token names nothing.
	for _, r := range []response{other.get("/imports/" + token), other.postForm("/imports/"+token+"/commit", nil)} {
		if r.Code != http.StatusNotFound || !strings.Contains(r.Body, "Upload the file again") {
			t.Fatalf("another user's token: %d %s", r.Code, r.Body)
		}
	}
	if len(fake.Calls()) != 1 {
		t.Fatal("another user's commit ran an import")
	}
	// A token that names nothing is the same 404.
	if r := editor.postForm("/imports/0123456789abcdef0123456789abcdef/commit", nil); r.Code != http.StatusNotFound {
		t.Fatalf("unknown token: %d", r.Code)
	}

	res = editor.postForm("/imports/"+token+"/commit", nil)
	if res.Code != http.StatusSeeOther || res.Header.Get("Location") != "/imports/"+token {
		t.Fatalf("commit: %d %q %s", res.Code, res.Header.Get("Location"), res.Body)
	}
	calls := fake.Calls()
	if len(calls) != 2 || calls[1].DryRun || calls[1].Body != spendCSV || calls[1].User != me.Email {
		t.Fatalf("commit ran %+v, want the same file for real", calls)
	}
	for _, name := range stashFiles(t, h) {
		if !strings.HasSuffix(name, ".json") {
			t.Errorf("after the commit %s is left in the upload folder", name)
		}
	}
	res = editor.get("/imports/" + token)
	if res.Code != http.StatusOK {
		t.Fatalf("summary: %d %s", res.Code, res.Body)
	}
	mustContain(t, "summary", res.Body, "Imported 1 spend entry from june.csv.", `<a href="/spend/41">Acme Cloud INV-1</a>`)

	// A second click finds the import done: the summary again, no second import.
	res = editor.postForm("/imports/"+token+"/commit", nil)
	if res.Code != http.StatusSeeOther || len(fake.Calls()) != 2 {
		t.Fatalf("second commit: %d, %d imports", res.Code, len(fake.Calls()))
	}
}

// TestImportTokenExpires: an upload not committed within the hour is 410 and removed.
func TestImportTokenExpires(t *testing.T) {
	fake := &fakeImporter{}
	h := newHarness(t, withImporter(fake))
	editor, _ := h.signIn(outlay.RoleEditor)
	token := tokenIn(editor.upload("/imports/vendors", "vendors.csv", []byte("Name\nAcme\n")).Body)
	if token == "" {
		t.Fatal("no token")
	}
	h.Srv.Now = func() time.Time { return testNow.Add(61 * time.Minute) }
	res := editor.postForm("/imports/"+token+"/commit", nil)
	if res.Code != http.StatusGone || !strings.Contains(res.Body, "This upload has expired") {
		t.Fatalf("expired commit: %d %s", res.Code, res.Body)
	}
	if files := stashFiles(t, h); len(files) != 0 {
		t.Fatalf("expired upload left %v", files)
	}
	if len(fake.Calls()) != 1 {
		t.Fatalf("an expired upload was imported: %+v", fake.Calls())
	}
	// Gone for good: now it is a token that names nothing.
	if res := editor.get("/imports/" + token); res.Code != http.StatusNotFound {
		t.Fatalf("after expiry: %d", res.Code)
	}
}

// TestImportProblemsByRow: a preview with problems lists them by row, offers no commit
// and keeps nothing; the API answers 400 with the problems and the result.
func TestImportProblemsByRow(t *testing.T) {
	fake := &fakeImporter{result: func(kind outlay.ImportKind, body []byte, dryRun bool) (*outlay.ImportResult, error) {
		return &outlay.ImportResult{Kind: kind, DryRun: dryRun, Rows: 3, Problems: []outlay.ImportProblem{
			{Row: 7, Column: "Amount", Message: "12.345 has more decimals than EUR has"},
			{Row: 3, Column: "Vendor", Message: "no vendor named Acme"},
		}, Created: []outlay.ImportRecord{{Row: 2, Label: "Acme INV-1"}}}, nil
	}}
	h := newHarness(t, withImporter(fake))
	editor, _ := h.signIn(outlay.RoleEditor)
	res := editor.upload("/imports/spend", "bad.csv", []byte("x"))
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("preview with problems: %d", res.Code)
	}
	row3 := strings.Index(res.Body, "no vendor named Acme")
	row7 := strings.Index(res.Body, "12.345 has more decimals")
	if row3 < 0 || row7 < 0 || row3 > row7 {
		t.Fatalf("problems not listed by row (row 3 at %d, row 7 at %d): %s", row3, row7, res.Body)
	}
	mustContain(t, "problems", res.Body, "2 problems", "<td>Amount</td>", "Upload the fixed file", `action="/imports/spend"`)
	if tokenIn(res.Body) != "" {
		t.Fatal("a preview with problems offers a commit")
	}
	if files := stashFiles(t, h); len(files) != 0 {
		t.Fatalf("a file with problems was kept: %v", files)
	}

	api, _ := h.apiClient(outlay.RoleEditor)
	res = api.upload("/api/v1/imports/spend", "bad.csv", []byte("x"), "dry_run", "false")
	if res.Code != http.StatusBadRequest {
		t.Fatalf("API with problems: %d %s", res.Code, res.Body)
	}
	var body struct {
		Error    string                 `json:"error"`
		Problems []outlay.ImportProblem `json:"problems"`
		Result   outlay.ImportResult    `json:"result"`
	}
	res.JSON(t, &body)
	if body.Error != "2 problems in 2 rows; nothing was imported." || len(body.Problems) != 2 || body.Problems[0].Row != 3 ||
		body.Problems[1].Column != "Amount" || body.Result.Rows != 3 || body.Result.DryRun {
		t.Fatalf("API problems: %+v", body)
	}
}

// TestImportManyProblems: a preview lists the first thousand problems and counts the rest.
func TestImportManyProblems(t *testing.T) {
	fake := &fakeImporter{result: func(kind outlay.ImportKind, body []byte, dryRun bool) (*outlay.ImportResult, error) {
		res := &outlay.ImportResult{Kind: kind, DryRun: dryRun, Rows: 1500}
		for row := 1501; row >= 2; row-- {
			res.Problems = append(res.Problems, outlay.ImportProblem{Row: row, Column: "Amount", Message: "not an amount: x" + itoa(int64(row))})
		}
		return res, nil
	}}
	h := newHarness(t, withImporter(fake))
	editor, _ := h.signIn(outlay.RoleEditor)
	res := editor.upload("/imports/spend", "bad.csv", []byte("x"))
	mustContain(t, "many problems", res.Body, "1,500 problems", "x2<", "x1001<", "The first 1,000 are listed, and 500 more follow them")
	if strings.Contains(res.Body, "x1002<") {
		t.Fatal("the preview lists more than the first 1,000 problems")
	}
}

// TestImportUnreadableFile: a file the importer cannot read at all is the upload page
// again, 422, the kind still chosen and the message beside the file field; the API
// answers 400 with fields.file. No file at all is the same.
func TestImportUnreadableFile(t *testing.T) {
	msg := "This file is not a spreadsheet: save it as .xlsx or .csv and upload it again."
	fake := &fakeImporter{result: func(outlay.ImportKind, []byte, bool) (*outlay.ImportResult, error) {
		return nil, outlay.Errorf(outlay.EINVALID, "%s", msg)
	}}
	h := newHarness(t, withImporter(fake))
	editor, _ := h.signIn(outlay.RoleEditor)
	res := editor.upload("/imports/licences", "photo.png", []byte("\x89PNG"))
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unreadable file: %d", res.Code)
	}
	mustContain(t, "unreadable file page", res.Body, `action="/imports/licences"`, `aria-current="page">Licences`,
		`<p class="error" id="e-file">`+msg+`</p>`)
	if files := stashFiles(t, h); len(files) != 0 {
		t.Fatalf("an unreadable upload was kept: %v", files)
	}
	res = editor.upload("/imports/licences", "", nil)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="e-file">Choose a file to import.`) {
		t.Fatalf("no file: %d %s", res.Code, res.Body)
	}

	api, _ := h.apiClient(outlay.RoleEditor)
	res = api.upload("/api/v1/imports/licences", "photo.png", []byte("\x89PNG"))
	var e struct {
		Error  string            `json:"error"`
		Fields map[string]string `json:"fields"`
	}
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["file"] != msg {
		t.Fatalf("API unreadable file: %d %+v", res.Code, e)
	}
	res = api.upload("/api/v1/imports/licences", "-", nil, "dry_run", "true")
	res.JSON(t, &e)
	if res.Code != http.StatusBadRequest || e.Fields["file"] == "" {
		t.Fatalf("API without a file: %d %+v", res.Code, e)
	}
}

// TestImportUploadCap: the cap is the setting; a file over it is 413 with the cap named,
// whether the body says its length or not, and the importer never sees it.
func TestImportUploadCap(t *testing.T) {
	fake := &fakeImporter{}
	h := newHarness(t, withImporter(fake))
	adminAPI, _ := h.apiClient(outlay.RoleAdmin)
	if res := adminAPI.sendJSON(http.MethodPatch, "/api/v1/settings", map[string]any{"import_max_mb": 1}); res.Code != http.StatusOK {
		t.Fatalf("set the cap: %d %s", res.Code, res.Body)
	}
	editor, _ := h.signIn(outlay.RoleEditor)
	api, _ := h.apiClient(outlay.RoleEditor)
	big := bytes.Repeat([]byte("a,b\n"), (1<<20)/4+1) // 1 MB and 4 bytes
	res := editor.upload("/imports/vendors", "big.csv", big)
	if res.Code != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, "(1 MB)") || !strings.Contains(res.Body, `action="/imports/vendors"`) {
		t.Fatalf("page over the cap: %d %s", res.Code, res.Body)
	}
	// Without a Content-Length the body is cut at the cap as it is read.
	body, ct := multipartBody(t, "big.csv", big)
	res = editor.do(http.MethodPost, "/imports/vendors", struct{ io.Reader }{body}, ct)
	if res.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked page over the cap: %d", res.Code)
	}
	res = api.upload("/api/v1/imports/vendors", "big.csv", big)
	var e struct {
		Error string `json:"error"`
	}
	res.JSON(t, &e)
	if res.Code != http.StatusRequestEntityTooLarge || !strings.Contains(e.Error, "(1 MB)") {
		t.Fatalf("API over the cap: %d %+v", res.Code, e)
	}
	if n := len(fake.Calls()); n != 0 {
		t.Fatalf("the importer saw %d uploads over the cap", n)
	}
	if files := stashFiles(t, h); len(files) != 0 {
		t.Fatalf("uploads over the cap left %v", files)
	}
	// Exactly the cap goes through.
	if res := api.upload("/api/v1/imports/vendors", "ok.csv", big[:1<<20]); res.Code != http.StatusOK {
		t.Fatalf("a file of exactly the cap: %d %s", res.Code, res.Body)
	}
}

// TestImportRoleBeforeBody: below an editor the upload is refused before its body is
// read: a viewer's 1 GB upload is 403, not 413, and an anonymous one goes to sign in.
func TestImportRoleBeforeBody(t *testing.T) {
	fake := &fakeImporter{}
	h := newHarness(t, withImporter(fake))
	viewerPage, _ := h.signIn(outlay.RoleViewer)
	viewerAPI, _ := h.apiClient(outlay.RoleViewer)
	// 1 GB, made as it is sent: a server that read it before the role check would
	// answer 413 (or take a minute to say anything).
	huge := func() (io.Reader, string) {
		body, ct := multipartBody(t, "x.csv", []byte("Name\nAcme\n"))
		return io.MultiReader(body, io.LimitReader(zeros{}, 1<<30-int64(body.Len()))), ct
	}
	send := func(c *client, path string) response {
		body, ct := huge()
		req, err := http.NewRequest(http.MethodPost, h.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", ct)
		req.ContentLength = 1 << 30
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		res, err := c.http.Do(req)
		if err != nil {
			// The server answered and closed without reading the rest: the answer was sent.
			t.Fatalf("%s: %v", path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return response{Code: res.StatusCode, Header: res.Header, Body: string(b)}
	}
	if res := send(viewerPage, "/imports/vendors"); res.Code != http.StatusForbidden {
		t.Fatalf("viewer page upload: %d", res.Code)
	}
	if res := send(viewerAPI, "/api/v1/imports/vendors"); res.Code != http.StatusForbidden {
		t.Fatalf("viewer API upload: %d", res.Code)
	}
	if res := send(h.client(), "/imports/vendors"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous upload: %d %q", res.Code, res.Header.Get("Location"))
	}
	if len(fake.Calls()) != 0 {
		t.Fatal("an upload below an editor reached the importer")
	}
	// The upload page is an editor's too, and so is its entry in the navigation.
	if res := viewerPage.get("/imports"); res.Code != http.StatusForbidden {
		t.Fatalf("viewer upload page: %d", res.Code)
	}
	if res := viewerPage.get("/vendors"); strings.Contains(res.Body, `href="/imports`) {
		t.Fatal("a viewer is offered Import")
	}
	editor, _ := h.signIn(outlay.RoleEditor)
	res := editor.get("/vendors")
	mustContain(t, "editor's vendor list", res.Body, `<a href="/imports">Import</a>`, `href="/imports?kind=vendors">Import</a>`)
}

// zeros reads as endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestImportDryRunDefault: the API previews unless dry_run says false.
func TestImportDryRunDefault(t *testing.T) {
	fake := &fakeImporter{}
	h := newHarness(t, withImporter(fake))
	api, _ := h.apiClient(outlay.RoleEditor)
	for _, tc := range []struct {
		fields []string
		query  string
		dryRun bool
	}{
		{nil, "", true},
		{[]string{"dry_run", "true"}, "", true},
		{[]string{"dry_run", "false"}, "", false},
		{nil, "?dry_run=false", false},
	} {
		res := api.upload("/api/v1/imports/vendors"+tc.query, "v.csv", []byte("Name\nAcme\n"), tc.fields...)
		var got outlay.ImportResult
		res.JSON(t, &got)
		calls := fake.Calls()
		if res.Code != http.StatusOK || got.DryRun != tc.dryRun || calls[len(calls)-1].DryRun != tc.dryRun {
			t.Errorf("%v%s: %d dry_run %v, want %v", tc.fields, tc.query, res.Code, got.DryRun, tc.dryRun)
		}
	}
	res := api.upload("/api/v1/imports/vendors", "v.csv", []byte("x"), "dry_run", "perhaps")
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body, `"dry_run"`) {
		t.Fatalf("dry_run=perhaps: %d %s", res.Code, res.Body)
	}
	if res := api.upload("/api/v1/imports/invoices", "v.csv", []byte("x")); res.Code != http.StatusNotFound {
		t.Fatalf("unknown kind: %d", res.Code)
	}
	if files := stashFiles(t, h); len(files) != 0 {
		t.Fatalf("API uploads left %v", files)
	}
}

// TestImportGate: while every import slot is taken, the next import waits a little and
// then gets 429 with Retry-After.
func TestImportGate(t *testing.T) {
	fake := &fakeImporter{hold: make(chan struct{}), entered: make(chan struct{}, 4)}
	h := newHarness(t, withImporter(fake))
	api, _ := h.apiClient(outlay.RoleEditor)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = api.upload("/api/v1/imports/vendors", "v.csv", []byte("Name\nAcme\n")).Code
		}()
	}
	<-fake.entered
	<-fake.entered
	res := api.upload("/api/v1/imports/vendors", "v.csv", []byte("Name\nAcme\n"))
	if res.Code != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("third import at once: %d, Retry-After %q", res.Code, res.Header.Get("Retry-After"))
	}
	close(fake.hold)
	wg.Wait()
	if codes[0] != http.StatusOK || codes[1] != http.StatusOK {
		t.Fatalf("the two imports holding the slots: %v", codes)
	}
}

// TestImportTemplateDownload: the template comes from the importer, as an attachment.
func TestImportTemplateDownload(t *testing.T) {
	h := newHarness(t, withImporter(&fakeImporter{}))
	editor, _ := h.signIn(outlay.RoleEditor)
	api, _ := h.apiClient(outlay.RoleEditor)
	for _, r := range []response{editor.get("/imports/budget-lines/template.xlsx"), api.get("/api/v1/imports/budget-lines/template.xlsx")} {
		if r.Code != http.StatusOK || r.Body != "template of budget-lines" ||
			r.Header.Get("Content-Disposition") != `attachment; filename="outlay-import-budget-lines.xlsx"` {
			t.Fatalf("template: %d %q %q", r.Code, r.Header.Get("Content-Disposition"), r.Body)
		}
	}
	if r := editor.get("/imports/invoices/template.xlsx"); r.Code != http.StatusNotFound {
		t.Fatalf("unknown kind's template: %d", r.Code)
	}
}
