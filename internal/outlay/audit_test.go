package outlay_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"outlay/internal/outlay"
)

func TestAuditDiff(t *testing.T) {
	type fc = outlay.FieldChange
	tests := []struct {
		name          string
		before, after string
		want          []fc
	}{
		{"update lists only changed fields",
			`{"name":"Acme","status":"active","website":""}`, `{"name":"Acme Cloud","status":"active","website":"https://acme.example"}`,
			[]fc{{"Name", "Acme", "Acme Cloud"}, {"Website", "", "https://acme.example"}}},
		{"create lists every field",
			``, `{"name":"Acme","archived":false,"vendor_id":4}`,
			[]fc{{"Archived", "", "no"}, {"Name", "", "Acme"}, {"Vendor ID", "", "4"}}},
		{"delete lists every field",
			`{"currency":"USD","rate":"0.920000"}`, `null`,
			[]fc{{"Currency", "USD", ""}, {"Rate", "0.920000", ""}}},
		{"nested maps flatten",
			`{"term":{"price":"1200.00","start_date":"2026-01-01"},"key_date":"2026-11-01"}`,
			`{"term":{"price":"1300.00","start_date":"2026-01-01"},"key_date":"2026-11-01"}`,
			[]fc{{"Term · Price", "1200.00", "1300.00"}}},
		{"lists of values join, lists of objects number",
			`{"quarters":["1.00","2.00"],"allocations":[{"amount":"5.00","budget_line_code":"IT-1"}]}`,
			`{"quarters":["1.00","3.00"],"allocations":[{"amount":"5.00","budget_line_code":"IT-2"},{"amount":"1.00","budget_line_code":"IT-3"}]}`,
			[]fc{{"Allocations 1 · Budget line code", "IT-1", "IT-2"}, {"Allocations 2 · Amount", "", "1.00"},
				{"Allocations 2 · Budget line code", "", "IT-3"}, {"Quarters", "1.00, 2.00", "1.00, 3.00"}}},
		{"a field that appears only after",
			`{"current_term":{"price":"1"}}`, `{"current_term":{"price":"1"},"reason":"renewed by itself"}`,
			[]fc{{"Reason", "", "renewed by itself"}}},
		{"secrets are hidden, markers shown",
			``, `{"password":"changed","key":"revealed","password_hash":"$2a$10$abc","token_hash":"ff00","licence_key":"AAAA-BBBB"}`,
			[]fc{{"Key", "", "revealed"}, {"Licence key", "", outlay.Hidden}, {"Password", "", "changed"},
				{"Password hash", "", outlay.Hidden}, {"Token hash", "", outlay.Hidden}}},
		{"nothing at all", ``, ``, []fc{}},
		{"no change", `{"a":1}`, `{"a":1}`, []fc{}},
		{"not an object", ``, `"text"`, []fc{{"Value", "", "text"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := outlay.AuditDiff(json.RawMessage(tt.before), json.RawMessage(tt.after))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestAuditLabel(t *testing.T) {
	for in, want := range map[string]string{"budget_line": "Budget line", "token": "API token", "some_new_thing": "Some new thing"} {
		if got := outlay.AuditLabel(outlay.AuditEntities, in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
	if got := outlay.AuditLabel(outlay.AuditActions, "roll"); got != "Renewed by itself" {
		t.Errorf("roll: %q", got)
	}
}
