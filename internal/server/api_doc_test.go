package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"outlay/internal/outlay"
)

// The document is OpenAPI 3.1. Of 3.1's JSON Schema it uses what kin-openapi (v0.153.0)
// validates: type lists with "null" (["string", "null"]) for the fields the handlers
// write as null, anyOf with {"type": "null"} for a nullable object, const, and
// contentMediaType for the workbooks; openapi3filter turns on its JSON Schema 2020-12
// validator for a 3.1 document by itself. Request and answer schemas say
// additionalProperties: false, so an answer with an undocumented field fails here.

// apiDoc fetches the API document as a client does, without signing in, and loads and
// validates it with kin-openapi.
func apiDoc(t *testing.T, h *harness) *openapi3.T {
	t.Helper()
	res := h.client().get("/api/v1/openapi.json")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json without a session: %d %s", res.Code, res.Header.Get("Content-Type"))
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(res.Body))
	if err != nil {
		t.Fatalf("load the document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("openapi is %q, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the document is not valid OpenAPI: %v", err)
	}
	return doc
}

// ginPath writes a document's path (/vendors/{id}) as the router registers it
// (/api/v1/vendors/:id).
func ginPath(p string) string {
	return "/api/v1" + regexp.MustCompile(`\{(\w+)\}`).ReplaceAllString(p, ":$1")
}

// TestAPIDocumentMatchesTheRouter holds the document to the routes: every registered
// /api/v1 route is documented, every documented operation is registered, and each names
// in x-outlay-role the least role routeRoles (and so the router) requires.
func TestAPIDocumentMatchesTheRouter(t *testing.T) {
	h := newHarness(t)
	h.user(outlay.RoleAdmin) // set up, so the API answers
	doc := apiDoc(t, h)

	registered := map[string]bool{}
	for _, r := range h.Srv.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			registered[r.Method+" "+r.Path] = true
		}
	}
	roles := map[string]string{}
	for _, r := range routeRoles {
		roles[r.method+" "+r.path] = r.role
	}
	documented := map[string]bool{}
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + ginPath(p)
			documented[key] = true
			if !registered[key] {
				t.Errorf("%s is documented but not registered", key)
			}
			role, _ := op.Extensions["x-outlay-role"].(string)
			if want := roles[key]; role != want {
				t.Errorf("%s: x-outlay-role %q, but the route requires %q", key, role, want)
			}
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s: no operationId or summary", key)
			}
			if role != public {
				for _, code := range []string{"401", "403"} {
					if op.Responses.Value(code) == nil {
						t.Errorf("%s: answer %s is not documented", key, code)
					}
				}
			}
			if strings.Contains(p, "{") && op.Responses.Value("404") == nil {
				t.Errorf("%s: a path with an id, but answer 404 is not documented", key)
			}
			if op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil && op.Responses.Value("415") == nil {
				t.Errorf("%s takes JSON but does not document 415", key)
			}
		}
	}
	for key := range registered {
		if !documented[key] {
			t.Errorf("%s is registered but not in openapi.json", key)
		}
	}
}

// TestAPIDocumentEnumsAreTheDomains keeps the document's lists of values those the
// domain accepts, so a new category or status cannot be added to one and not the other.
func TestAPIDocumentEnumsAreTheDomains(t *testing.T) {
	h := newHarness(t)
	h.user(outlay.RoleAdmin)
	doc := apiDoc(t, h)
	for name, want := range map[string][]string{
		"Category": outlay.VendorCategories, "VendorStatus": outlay.VendorStatuses, "Criticality": outlay.VendorCriticalities,
		"ContractKind": outlay.ContractKinds, "RenewalType": outlay.RenewalTypes, "NoticeUnit": outlay.NoticeUnits,
		"Billing": outlay.BillingPeriods, "DecisionKind": outlay.DecisionKinds, "LicenceKind": outlay.LicenceKinds,
		"ExpenseType": outlay.ExpenseTypes, "Basis": {outlay.BasisCash, outlay.BasisAccrual},
	} {
		s := doc.Components.Schemas[name]
		if s == nil {
			t.Errorf("no schema %s", name)
			continue
		}
		var got []string
		for _, e := range s.Value.Enum {
			got = append(got, e.(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the document lists %v, the domain %v", name, got, want)
		}
	}
	var kinds []string
	for _, k := range outlay.ImportKinds {
		kinds = append(kinds, string(k))
	}
	var got []string
	for _, e := range doc.Components.Parameters["importKind"].Value.Schema.Value.Enum {
		got = append(got, e.(string))
	}
	if !slices.Equal(got, kinds) {
		t.Errorf("import kinds: the document lists %v, the domain %v", got, kinds)
	}
}

// docClient sends requests and holds each answer (and each request it means to be
// right) to the operation the document gives for it.
type docClient struct {
	t   *testing.T
	doc *openapi3.T
	c   *client
}

// call sends method to the document's path tmpl (such as /vendors/{id}) with the
// parameters filled in, the query added and body as JSON (nil for none), checks the
// status is want, and validates the answer against the documented one with
// openapi3filter.ValidateResponse; a JSON request answered with 2xx is validated against
// the documented request as well.
func (d docClient) call(method, tmpl string, params map[string]string, query string, body any, want int) response {
	d.t.Helper()
	if body == nil {
		return d.send(method, tmpl, params, query, "", nil, want)
	}
	raw, ok := body.(string)
	if !ok {
		b, _ := json.Marshal(body)
		raw = string(b)
	}
	return d.send(method, tmpl, params, query, "application/json", []byte(raw), want)
}

// send is call with the body as bytes of the content type.
func (d docClient) send(method, tmpl string, params map[string]string, query, contentType string, raw []byte, want int) response {
	d.t.Helper()
	item := d.doc.Paths.Find(tmpl)
	if item == nil || item.GetOperation(method) == nil {
		d.t.Fatalf("%s %s is not documented", method, tmpl)
	}
	path := tmpl
	for k, v := range params {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	if query != "" {
		path += "?" + query
	}
	var body io.Reader
	if raw != nil {
		body = bytes.NewReader(raw)
	}
	res := d.c.do(method, "/api/v1"+path, body, contentType)
	what := method + " " + path
	if res.Code != want {
		d.t.Fatalf("%s: %d, want %d: %.500s", what, res.Code, want, res.Body)
	}
	req, _ := http.NewRequest(method, "http://outlay.test/api/v1"+path, bytes.NewReader(raw))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if d.c.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.c.token)
	}
	input := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, QueryParams: req.URL.Query(),
		Route:   &routers.Route{Spec: d.doc, Path: tmpl, PathItem: item, Method: method, Operation: item.GetOperation(method)},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	ctx := context.Background()
	if res.Code < 300 && (contentType == "" || contentType == "application/json") {
		if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
			d.t.Errorf("%s: the request the server took is not the documented one: %v", what, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: res.Code, Header: res.Header,
		Body:    io.NopCloser(strings.NewReader(res.Body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		d.t.Errorf("%s: the answer %d is not the documented one: %v\n%.2000s", what, res.Code, err, res.Body)
	}
	return res
}

// id reads the id of a JSON answer.
func (d docClient) id(res response) string {
	d.t.Helper()
	var v struct{ ID int64 }
	res.JSON(d.t, &v)
	return itoa(v.ID)
}

// TestAPIAnswersAreTheDocumented makes real requests, as an editor, a viewer, an
// administrator and nobody, to a representative set of endpoints and validates each
// answer against its documented schema, errors included. The schemas refuse fields they
// do not list, so an answer with an undocumented field fails here too.
func TestAPIAnswersAreTheDocumented(t *testing.T) {
	h := newHarness(t)
	adminC, _ := h.apiClient(outlay.RoleAdmin)
	editorC, _ := h.apiClient(outlay.RoleEditor)
	viewerC, _ := h.apiClient(outlay.RoleViewer)
	doc := apiDoc(t, h)
	ed := docClient{t, doc, editorC}
	vw := docClient{t, doc, viewerC}
	ad := docClient{t, doc, adminC}
	anon := docClient{t, doc, h.client()}

	// Vendors: create, a 400 with its fields, get, list, patch, 404, 401, 403, 415.
	res := ed.call("POST", "/vendors", nil, "", map[string]any{"name": "Acme Cloud", "category": "cloud", "website": "https://acme.example"}, 201)
	vendor := ed.id(res)
	res = ed.call("POST", "/vendors", nil, "", map[string]any{"category": "nonsense"}, 400)
	var bad struct{ Fields map[string]string }
	res.JSON(t, &bad)
	if bad.Fields["name"] == "" || bad.Fields["category"] == "" {
		t.Errorf("a vendor without a name and with a bad category: fields %v", bad.Fields)
	}
	ed.call("POST", "/vendors", nil, "", `{"name": "X", "category": "cloud", "colour": "red"}`, 400)
	ed.call("POST", "/vendors", nil, "", map[string]any{"name": "acme cloud", "category": "cloud"}, 409)
	vw.call("GET", "/vendors/{id}", map[string]string{"id": vendor}, "", nil, 200)
	vw.call("GET", "/vendors", nil, "sort=name&per_page=10", nil, 200)
	vw.call("GET", "/vendors", nil, "status=gone", nil, 400)
	vw.call("GET", "/vendors/{id}", map[string]string{"id": "999999"}, "", nil, 404)
	anon.call("GET", "/vendors", nil, "", nil, 401)
	vw.call("POST", "/vendors", nil, "", map[string]any{"name": "Nope", "category": "cloud"}, 403)
	ed.call("PATCH", "/vendors/{id}", map[string]string{"id": vendor}, "", map[string]any{"criticality": "high"}, 200)
	if r := editorC.do("POST", "/api/v1/vendors", strings.NewReader("name=x"), "text/plain"); r.Code != http.StatusUnsupportedMediaType {
		t.Errorf("a text body: %d, want 415", r.Code)
	} else {
		checkErrorBody(t, doc, r)
	}

	// A budget line for the spend, and its year's list with figures.
	res = ed.call("POST", "/budget-lines", nil, "", map[string]any{"code": "INF-CLOUD", "name": "Cloud hosting",
		"category": "cloud", "expense_type": "opex", "planned": "12000.00"}, 201)
	line := ed.id(res)
	vw.call("GET", "/budget-lines", nil, "", nil, 200)
	vw.call("GET", "/budget-lines/{id}", map[string]string{"id": line}, "quarter=4", nil, 200)
	vw.call("GET", "/budget-lines", nil, "quarter=5", nil, 400)
	ed.call("PATCH", "/budget-lines/{id}", map[string]string{"id": line}, "", map[string]any{"quarters": []string{"6000.00", "2000.00", "2000.00", "2000.00"}}, 200)
	ed.call("PATCH", "/budget-lines/{id}", map[string]string{"id": line}, "", `{"quarters": null}`, 200)
	var bl struct{ FY int }
	res.JSON(t, &bl)
	ed.call("POST", "/budget-lines/copy", nil, "", map[string]any{"from_fy": bl.FY}, 200)
	ed.call("POST", "/budget-lines/copy", nil, "", map[string]any{"to_fy": bl.FY}, 400)

	// Contracts: create with the first term, get with its terms, list, decide.
	res = ed.call("POST", "/contracts", nil, "", map[string]any{
		"vendor_id": vendor, "title": "Acme hosting", "kind": "subscription", "owner_email": "editor@example.com",
		"renewal_type": "auto", "notice_value": 3, "notice_unit": "months", "renewal_term_months": 12, "currency": "EUR",
		"first_term": map[string]any{"start_date": "2026-04-01", "end_date": "2027-03-31", "price": "12000", "billing": "annual"},
	}, 201)
	contract := ed.id(res)
	vw.call("GET", "/contracts/{id}", map[string]string{"id": contract}, "", nil, 200)
	vw.call("GET", "/contracts", nil, "status=active&sort=title", nil, 200)
	ed.call("POST", "/contracts/{id}/decision", map[string]string{"id": contract}, "", map[string]any{"decision": "renew", "note": "Still needed"}, 200)
	ed.call("POST", "/contracts", nil, "", map[string]any{"title": "No vendor"}, 400)
	ed.call("PATCH", "/contracts/{id}", map[string]string{"id": contract}, "", map[string]any{"notes": "Hosting for the web shop", "reminder_offsets": []int{60, 14}}, 200)
	var ct struct {
		CurrentTerm struct{ ID int64 } `json:"current_term"`
	}
	res = ed.call("GET", "/contracts/{id}", map[string]string{"id": contract}, "", nil, 200)
	res.JSON(t, &ct)
	first := itoa(ct.CurrentTerm.ID)
	ed.call("PATCH", "/contracts/{id}/terms/{term}", map[string]string{"id": contract, "term": first}, "", map[string]any{"price": "12500.00"}, 200)
	res = ed.call("POST", "/contracts/{id}/renew", map[string]string{"id": contract}, "", map[string]any{"from_term_id": first}, 201)
	res.JSON(t, &ct)
	ed.call("POST", "/contracts/{id}/renew", map[string]string{"id": contract}, "", map[string]any{"from_term_id": first}, 409)
	ed.call("DELETE", "/contracts/{id}/terms/{term}", map[string]string{"id": contract, "term": itoa(ct.CurrentTerm.ID)}, "", nil, 204)
	ed.call("DELETE", "/contracts/{id}/terms/{term}", map[string]string{"id": contract, "term": first}, "", nil, 409)
	res = ed.call("POST", "/vendors", nil, "", map[string]any{"name": "Old Telecom", "category": "telecom"}, 201)
	old := ed.id(res)
	ed.call("DELETE", "/vendors/{id}", map[string]string{"id": old}, "", nil, 204)
	vw.call("GET", "/vendors/{id}", map[string]string{"id": old}, "", nil, 200) // archived_at is a time now
	vw.call("GET", "/vendors", nil, "archived=true", nil, 200)
	big := `{"name": "` + strings.Repeat("x", 1<<20) + `", "category": "cloud"}`
	ed.call("POST", "/vendors", nil, "", big, 413)

	// A licence, whose answer has null fields.
	res = ed.call("POST", "/licences", nil, "", map[string]any{"product": "Acme Seats", "vendor_id": json.Number(vendor),
		"seats_purchased": 10, "seats_assigned": 4, "unit_price": "15.00", "kind": "per_user", "billing": "annual"}, 201)
	licence := ed.id(res)
	vw.call("GET", "/licences/{id}", map[string]string{"id": licence}, "", nil, 200)
	vw.call("GET", "/licences", nil, "", nil, 200)
	noteSecret("licence key", "AAAA-BBBB-CCCC")
	ed.call("PATCH", "/licences/{id}", map[string]string{"id": licence}, "", map[string]any{"key": "AAAA-BBBB-CCCC", "expiry_date": "2027-03-31"}, 200)
	ed.call("POST", "/licences/{id}/reveal", map[string]string{"id": licence}, "", nil, 403)
	res = ad.call("POST", "/licences/{id}/reveal", map[string]string{"id": licence}, "", nil, 200)
	mustContain(t, "the revealed key", res.Body, "AAAA-BBBB-CCCC")

	// Spend: record it against the line, list it with its total.
	res = ed.call("POST", "/spend", nil, "", map[string]any{"date": "2026-11-02", "vendor_id": json.Number(vendor),
		"description": "Hosting, November", "invoice_number": "INV-1", "amount": "1000.00", "budget_line_id": json.Number(line)}, 201)
	vw.call("GET", "/spend/{id}", map[string]string{"id": ed.id(res)}, "", nil, 200)
	vw.call("GET", "/spend", nil, "", nil, 200)
	vw.call("GET", "/spend", nil, "quarter=9", nil, 400)
	ed.call("POST", "/spend", nil, "", map[string]any{"date": "2026-11-03", "vendor_id": json.Number(vendor),
		"description": "Again", "invoice_number": "INV-1", "amount": "5.00", "budget_line_id": json.Number(line)}, 409)

	// Settings, rates and the audit log, which by now holds creates and updates.
	vw.call("GET", "/settings", nil, "", nil, 200)
	vw.call("PATCH", "/settings", nil, "", map[string]any{"org_name": "Nope"}, 403)
	ad.call("PATCH", "/settings", nil, "", map[string]any{"org_name": "Example Ltd", "reminder_offsets": []any{60, "14"}}, 200)
	res = ad.call("POST", "/rates", nil, "", map[string]any{"currency": "USD", "effective_from": "2026-01-01", "rate": "0.92"}, 201)
	vw.call("GET", "/rates", nil, "", nil, 200)
	ad.call("DELETE", "/rates/{id}", map[string]string{"id": ad.id(res)}, "", nil, 204)
	ad.call("DELETE", "/rates/{id}", map[string]string{"id": "999999"}, "", nil, 404)
	vw.call("GET", "/audit", nil, "per_page=100", nil, 200)
	vw.call("GET", "/audit", nil, "from=yesterday", nil, 400)

	// Exports: a workbook, and a 400 for a filter the list page would quietly ignore.
	res = vw.call("GET", "/exports/vendors", nil, url.Values{"q": {"Acme"}}.Encode(), nil, 200)
	if !strings.HasPrefix(res.Body, "PK") {
		t.Errorf("the vendor export is not a workbook")
	}
	vw.call("GET", "/exports/contracts", nil, "status=gone", nil, 400)
	vw.call("GET", "/exports/quarterly", nil, "fy=2026&quarter=4", nil, 200)
	vw.call("GET", "/exports/quarterly", nil, "basis=cheque", nil, 400)
	release := h.Srv.HoldExportSlots(time.Millisecond)
	res = vw.call("GET", "/exports/spend", nil, "", nil, 429)
	release()
	if res.Header.Get("Retry-After") == "" {
		t.Errorf("a busy export: no Retry-After")
	}

	// Imports: the template, a dry run that would create a vendor, a file with a bad row.
	ed.call("GET", "/imports/{kind}/template.xlsx", map[string]string{"kind": "vendors"}, "", nil, 200)
	ed.call("GET", "/imports/{kind}/template.xlsx", map[string]string{"kind": "planets"}, "", nil, 404)
	ct2, raw := importBody(t, "name,category\nBeta Networks,telecom\n")
	res = ed.send("POST", "/imports/{kind}", map[string]string{"kind": "vendors"}, "", ct2, raw, 200)
	mustContain(t, "the dry run", res.Body, `"dry_run":true`, "Beta Networks")
	ct2, raw = importBody(t, "name,category\nGamma,planets\n")
	ed.send("POST", "/imports/{kind}", map[string]string{"kind": "vendors"}, "", ct2, raw, 400)
}

// importBody is a multipart form with the CSV as its file.
func importBody(t *testing.T, csv string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	f, err := w.CreateFormFile("file", "vendors.csv")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(csv))
	w.Close()
	return w.FormDataContentType(), b.Bytes()
}

// checkErrorBody validates an error answer sent outside docClient against the Error
// schema.
func checkErrorBody(t *testing.T, doc *openapi3.T, r response) {
	t.Helper()
	var v any
	r.JSON(t, &v)
	if err := doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("%d: not an Error: %v", r.Code, err)
	}
}

// TestAPIDocPage reads the API page as anybody: it is drawn on the server from the
// document, with every operation and schema.
func TestAPIDocPage(t *testing.T) {
	h := newHarness(t)
	h.user(outlay.RoleAdmin)
	doc := apiDoc(t, h)
	res := h.client().get("/api/docs")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /api/docs: %d %s", res.Code, res.Header.Get("Content-Type"))
	}
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			mustContain(t, "the API page", res.Body, `id="op-`+op.OperationID+`"`, "<code>"+method+" /api/v1"+p+"</code>")
		}
	}
	for name := range doc.Components.Schemas {
		mustContain(t, "the API page", res.Body, `id="schema-`+name+`"`)
	}
	mustContain(t, "the API page", res.Body, "editor or above", "admin or above", "anyone, no sign-in",
		`<a href="#schema-Vendor">Vendor</a>`, "one of: hardware, software, cloud",
		"<code>Authorization: Bearer &lt;token&gt;</code>")
	if strings.Contains(res.Body, "`") {
		t.Errorf("the API page shows a description's backticks instead of code")
	}
	profile, _ := h.signIn(outlay.RoleViewer)
	mustContain(t, "the profile page", profile.get("/profile").Body, `<a href="/api/docs">API document</a>`)
	if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, "https://") && strings.Contains(res.Body, "cdn") {
		t.Errorf("the API page loads something from elsewhere")
	}
}

// TestAPIDocumentedFiltersAreRead sends each documented query parameter of the API's
// lists and exports that has a list of values, a whole number or a date, with a value
// that is none of them, and wants the 400 the document promises for it, naming the
// parameter: so a parameter documented but not read by its handler fails here. The
// lenient ones say so in their descriptions.
func TestAPIDocumentedFiltersAreRead(t *testing.T) {
	h := newHarness(t)
	c, _ := h.apiClient(outlay.RoleViewer)
	doc := apiDoc(t, h)
	lenient := map[string]bool{
		"page": true, "per_page": true, // out of range reads as the first page, the default size
		"/contracts archived": true, "/licences archived": true, "/licences kind": true,
	}
	probed := 0
	for p, item := range doc.Paths.Map() {
		if item.Get == nil || strings.Contains(p, "{") {
			continue
		}
		for _, prm := range item.Get.Parameters {
			v := prm.Value
			s := v.Schema.Value
			bad := "zzz"
			switch {
			case v.In != "query" || lenient[v.Name] || lenient[p+" "+v.Name]:
				continue
			case s.Type.Is("integer"):
				bad = "-5"
			case len(s.Enum) == 0 && s.Format != "date":
				continue
			}
			probed++
			res := c.get("/api/v1" + p + "?" + v.Name + "=" + bad)
			var e struct{ Fields map[string]string }
			if res.Code == http.StatusBadRequest {
				res.JSON(t, &e)
			}
			if res.Code != http.StatusBadRequest || e.Fields[v.Name] == "" {
				t.Errorf("GET %s?%s=%s: %d %.200s, want 400 naming %s", p, v.Name, bad, res.Code, res.Body, v.Name)
			}
		}
	}
	if probed < 40 {
		t.Errorf("only %d parameters probed", probed)
	}
}
