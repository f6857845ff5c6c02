package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// readJSONFor runs readJSON on a request with body and content type into v.
func readJSONFor(t testing.TB, contentType string, body []byte, v any) (*httptest.ResponseRecorder, bool) {
	t.Helper()
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest(http.MethodPost, "/api/v1/contracts", bytes.NewReader(body))
	if contentType != "" {
		c.Request.Header.Set("Content-Type", contentType)
	}
	s := &Server{log: slog.New(slog.DiscardHandler)}
	return w, s.readJSON(c, v)
}

// goName reports whether a field key holds a Go name: ours are snake_case JSON names.
func goName(key string) bool { return strings.IndexFunc(key, unicode.IsUpper) >= 0 }

func TestReadJSONTakesOnlyJSON(t *testing.T) {
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"} {
		var in apiContractBody
		if w, ok := readJSONFor(t, ct, []byte(`{"title":"x"}`), &in); ok || w.Code != http.StatusUnsupportedMediaType || in.Title != "" {
			t.Errorf("Content-Type %q: ok %v, %d %s", ct, ok, w.Code, w.Body)
		}
	}
	var in apiContractBody
	if w, ok := readJSONFor(t, "application/json; charset=utf-8", []byte(`{"title":"x","notice_value":"5","uplift_percent":2.5}`), &in); !ok ||
		in.Title != "x" || in.NoticeValue != "5" || in.UpliftPercent != "2.5" {
		t.Errorf("JSON body: ok %v, %+v, %d %s", ok, in, w.Code, w.Body)
	}
}

func TestReadJSONNamesFieldsByTheirJSONNames(t *testing.T) {
	for body, field := range map[string]string{
		`{"title": 5}`:                          "title",
		`{"notice_value": true}`:                "notice_value",
		`{"first_term": {"price": 12000}}`:      "first_term.price",
		`{"uplift_percent": {"value": "2.5"}}`:  "uplift_percent",
		`{"owner_email": ["a@example.com"]}`:    "owner_email",
		`{"first_term": {"start_date": false}}`: "first_term.start_date",
	} {
		var in apiContractBody
		w, ok := readJSONFor(t, "application/json", []byte(body), &in)
		var e APIError
		json.Unmarshal(w.Body.Bytes(), &e)
		if ok || w.Code != http.StatusBadRequest || e.Fields[field] == "" || len(e.Fields) != 1 {
			t.Errorf("%s: %d %s, want 400 naming %s", body, w.Code, w.Body, field)
		}
	}
}

func TestInputRulesNameFieldsAsTheFormOrTheAPIDoes(t *testing.T) {
	text := &spendTyped{Date: "2026-01-01", Description: "Cloud\x00", PONumber: strings.Repeat("P", 101), ContractID: "x"}
	page := pageRules.Check(text)
	text.ContractID = "x"
	api := apiRules.Check(text)
	if page["description"] == "" || page["purchase_order"] != "too long (at most 100 characters)" || page["contract"] == "" {
		t.Errorf("page names: %v", page)
	}
	if api["description"] == "" || api["po_number"] != "too long (at most 100 characters)" || api["contract_id"] == "" {
		t.Errorf("API names: %v", api)
	}
	body := &apiContractBody{FirstTerm: &termInput{StartDate: "0001-01-01", EndDate: "2026-02-30"}}
	got := apiRules.Check(body)
	if got["first_term.start_date"] != "must be between 1900-01-01 and 2199-12-31" ||
		got["first_term.end_date"] != "not a real date (use YYYY-MM-DD)" || got["first_term.price"] != "required" {
		t.Errorf("nested names: %v", got)
	}
	if got := apiRules.Check(&apiContractBody{}); got["first_term"] != "required: {start_date, end_date, price, billing}" {
		t.Errorf("missing object: %v", got)
	}
	for k := range got {
		if goName(k) {
			t.Errorf("Go name in %v", got)
		}
	}
}

// FuzzReadJSON: whatever body arrives, readJSON either reads it or answers 400 or 415
// with a message, every field it names is a JSON name, and the field rules then run on
// what it read without a panic.
func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{
		`{"title":"Hosting","vendor_id":"7","notice_value":3,"uplift_percent":"2.5","first_term":{"start_date":"2026-04-01","end_date":"2027-03-31","price":"12000.00","billing":"annual"}}`,
		`{"title": 5}`, `{"first_term": {"price": 1}}`, `{"colour":"blue"}`, `{"title":"x"} {"title":"y"}`,
		`[]`, `null`, ``, `{"notice_value":1e400}`, `{"uplift_percent":"-0"}`, `{"title":"\u0000\u202e"}`, "{\"title\":\"\xff\"}",
	} {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(`{"title":"x"}`), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		var in apiContractBody
		w, ok := readJSONFor(t, contentType, body, &in)
		if ok {
			bad := apiRules.Check(&in)
			for k, v := range checkContract(apiRules, &in.contractInput, in.FirstTerm, "EUR", newContractForFuzz()) {
				bad.Add(k, v)
			}
			for k := range bad {
				if goName(k) {
					t.Fatalf("rules name %q", k)
				}
			}
			return
		}
		if w.Code != http.StatusBadRequest && w.Code != http.StatusUnsupportedMediaType {
			t.Fatalf("status %d for %q", w.Code, body)
		}
		var e APIError
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
			t.Fatalf("answer %s: %v", w.Body, err)
		}
		for k, msg := range e.Fields {
			if goName(k) && msg != "unknown field" { // an unknown field is named as sent
				t.Fatalf("answer names %q: %s", k, w.Body)
			}
			if utf8.RuneCountInString(k) > maxEchoedName+1 {
				t.Fatalf("answer echoes a name of %d characters", utf8.RuneCountInString(k))
			}
		}
	})
}

func newContractForFuzz() *outlay.Contract { return &outlay.Contract{} }
