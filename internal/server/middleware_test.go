package server_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"outlay/internal/outlay"
)

// A proxy's Basic auth reaches Outlay with every request the browser makes: pages ignore
// it and go by the session, the API still says it wants a bearer token.
func TestNonBearerAuthorizationIgnoredOnPages(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	do := func(path string) response {
		req, _ := http.NewRequest(http.MethodGet, h.URL+path, nil)
		req.Header.Set("Authorization", "Basic cHJveHk6c2VjcmV0")
		res, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return response{Code: res.StatusCode, Header: res.Header, Body: string(b)}
	}
	if res := do("/vendors"); res.Code != http.StatusOK || !strings.Contains(res.Body, "Vendors") {
		t.Fatalf("page with Basic auth: %d", res.Code)
	}
	if res := do("/api/v1/vendors"); res.Code != http.StatusUnauthorized || !strings.Contains(res.Body, "Bearer") {
		t.Fatalf("API with Basic auth: %d %s", res.Code, res.Body)
	}
}

// What a signed-in user sees is kept out of every cache.
func TestSignedInPagesNotStored(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("viewer")
	api, _ := h.apiClient("viewer")
	for _, res := range []response{c.get("/"), c.get("/vendors"), c.get("/profile"), api.get("/api/v1/vendors")} {
		if res.Code != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("signed-in answer: %d, Cache-Control %q", res.Code, res.Header.Values("Cache-Control"))
		}
	}
}

// /static/ serves files and lists no directory.
func TestStaticServesFilesOnly(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	c := h.client()
	css := c.get("/static/outlay.css")
	if css.Code != http.StatusOK || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") ||
		css.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("stylesheet: %d %q", css.Code, css.Header.Get("Content-Type"))
	}
	for _, path := range []string{"/static/", "/static", "/static/.", "/static/missing.css"} {
		res := c.get(path)
		if res.Code != http.StatusNotFound && res.Code != http.StatusMovedPermanently && res.Code != http.StatusSeeOther {
			t.Errorf("GET %s: %d", path, res.Code)
		}
		if strings.Contains(res.Body, `href="outlay.css"`) || strings.Contains(res.Body, `href="favicon.svg"`) {
			t.Errorf("GET %s lists the static files", path)
		}
	}
	if res := c.postForm("/static/outlay.css", nil); res.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST to a static file: %d", res.Code)
	}
}

// HEAD answers like GET on every GET route: the same status and type, without a body.
func TestHeadAnswersLikeGet(t *testing.T) {
	h := newHarness(t)
	c, _ := h.signIn("admin")
	params := regexp.MustCompile(`[:*][a-z_]+`)
	paths := []string{"/static/outlay.css", "/login"}
	for _, r := range h.Srv.Routes() {
		if r.Method == http.MethodGet {
			paths = append(paths, params.ReplaceAllString(r.Path, "1"))
		}
	}
	if len(paths) < 40 {
		t.Fatalf("only %d GET routes", len(paths))
	}
	for _, path := range paths {
		get := c.get(path)
		head := c.do(http.MethodHead, path, nil, "")
		if head.Code != get.Code || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") || head.Body != "" {
			t.Errorf("HEAD %s: %d %q with %d bytes; GET: %d %q", path, head.Code, head.Header.Get("Content-Type"), len(head.Body),
				get.Code, get.Header.Get("Content-Type"))
		}
	}
	// The request log says what the client asked for.
	if !strings.Contains(h.Log.String(), "method=HEAD route=/login path=/login") {
		t.Error("HEAD requests are logged as GET")
	}
}

// streamPost sends a POST of size bytes of body over a plain connection, as a client
// that keeps sending for as long as the server lets it, and returns the answer's status
// and how much of the body had been sent when the answer came. chunked leaves the size
// out of the headers; otherwise Content-Length announces it.
func streamPost(t *testing.T, base, path, contentType string, size int64, chunked bool) (status int, sent int64) {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\n", path, u.Host, contentType)
	if chunked {
		head += "Transfer-Encoding: chunked\r\n\r\n"
	} else {
		head += fmt.Sprintf("Content-Length: %d\r\n\r\n", size)
	}
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	var written atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		frame := chunk
		if chunked {
			frame = append([]byte(fmt.Sprintf("%x\r\n", len(chunk))), append(chunk, "\r\n"...)...)
		}
		for written.Load() < size {
			if _, err := conn.Write(frame); err != nil {
				return // the server stopped reading and closed the connection
			}
			written.Add(int64(len(chunk)))
		}
	}()
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST %s: no answer: %v", path, err)
	}
	sent = written.Load()
	res.Body.Close()
	conn.Close()
	<-done
	return res.StatusCode, sent
}

// A huge anonymous body to the sign-in page is refused after the first bytes, whether
// it says it is a file upload (refused unread) or a form, announced or streamed.
func TestHugeBodyRefusedUnread(t *testing.T) {
	h := newHarness(t)
	h.user("admin")
	const size = 300 << 20
	for _, tc := range []struct {
		contentType string
		chunked     bool
		want        int
	}{
		{"multipart/form-data; boundary=xyz", true, http.StatusUnsupportedMediaType},
		{"multipart/form-data; boundary=xyz", false, http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", true, http.StatusRequestEntityTooLarge},
		{"application/x-www-form-urlencoded", false, http.StatusRequestEntityTooLarge},
	} {
		status, sent := streamPost(t, h.URL, "/login", tc.contentType, size, tc.chunked)
		if status != tc.want {
			t.Errorf("%s (chunked %v): status %d, want %d", tc.contentType, tc.chunked, status, tc.want)
		}
		// What the client got into the connection before the answer: the server read a
		// few KiB, the rest sits in socket buffers.
		if sent > 32<<20 {
			t.Errorf("%s (chunked %v): %d MiB sent before the answer", tc.contentType, tc.chunked, sent>>20)
		}
	}
}

// A form or JSON body over its route's limit is 413, said so, and nothing is saved.
func TestBodyOverLimitIs413(t *testing.T) {
	h := newHarness(t)
	editor, _ := h.signIn("editor")
	big := strings.Repeat("x", 300<<10)

	res := editor.postForm("/vendors", url.Values{"name": {"Acme"}, "category": {"software"}, "status": {"active"},
		"criticality": {"medium"}, "notes": {big}})
	if res.Code != http.StatusRequestEntityTooLarge || !strings.Contains(res.Body, "more than this address takes") ||
		strings.Contains(res.Body, "required") {
		t.Fatalf("oversized form: %d", res.Code)
	}
	login := h.client().postForm("/login", url.Values{"email": {big}, "password": {"x"}})
	if login.Code != http.StatusRequestEntityTooLarge || strings.Contains(login.Body, "required") {
		t.Fatalf("oversized sign-in: %d", login.Code)
	}
	api, _ := h.apiClient("editor")
	j := api.sendJSON(http.MethodPost, "/api/v1/vendors", `{"name":"Acme","notes":"`+strings.Repeat("x", 2<<20)+`"}`)
	var body struct{ Error string }
	j.JSON(t, &body)
	if j.Code != http.StatusRequestEntityTooLarge || !strings.Contains(body.Error, "more than this address takes") {
		t.Fatalf("oversized JSON: %d %s", j.Code, j.Body)
	}
	if _, n, err := h.DB.FindVendors(context.Background(), outlay.VendorFilter{Limit: 10}); err != nil || n != 0 {
		t.Fatalf("%d vendors saved from oversized requests (%v)", n, err)
	}
	// Within the limit the form is read whole: the handler sees every field.
	res = editor.postForm("/vendors", url.Values{"name": {"Acme"}, "category": {"software"}, "status": {"active"},
		"criticality": {"medium"}, "notes": {strings.Repeat("y", 5000)}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("form within the limit: %d", res.Code)
	}
}

// TestLargestFormFitsTheLimit: a contract whose notes and justification each hold their
// 10,000 characters, all of them three-byte characters, is one form the limit must take.
func TestLargestFormFitsTheLimit(t *testing.T) {
	h := newHarness(t)
	editor, _ := h.signIn("editor")
	form := contractForm(seedContractVendor(t, h, "Acme"))
	form.Set("notes", strings.Repeat("€", 10_000))
	form.Set("justification", strings.Repeat("€", 10_000))
	if n := len(form.Encode()); n < 180_000 {
		t.Fatalf("the form is only %d bytes", n)
	}
	if res := editor.postForm("/contracts", form); res.Code != http.StatusSeeOther {
		t.Fatalf("largest valid contract form: %d", res.Code)
	}
}

// TestAPIRefusesNonJSONBodiesEverywhere: an action without a body of its own (renew,
// reveal, delete) refuses a form body as every other API write does, and takes none.
func TestAPIRefusesNonJSONBodiesEverywhere(t *testing.T) {
	h := newHarness(t)
	api, _ := h.apiClient("editor")
	c := seedContract(t, h, seedContractVendor(t, h, "Acme"), "Platform", "2026-01-01", "2026-12-31")
	path := "/api/v1/contracts/" + itoa(c.ID) + "/renew"
	if res := api.do(http.MethodPost, path, strings.NewReader("x=1"), "application/x-www-form-urlencoded"); res.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("renew with a form body: %d %s", res.Code, res.Body)
	}
	got, err := h.DB.FindContractByID(context.Background(), c.ID)
	if err != nil || len(got.Terms) != 1 {
		t.Fatalf("the refused renewal renewed (%v)", err)
	}
	if res := api.do(http.MethodPost, path, nil, ""); res.Code != http.StatusCreated && res.Code != http.StatusOK {
		t.Fatalf("renew without a body: %d %s", res.Code, res.Body)
	}
}
