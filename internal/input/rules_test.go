package input

import (
	"reflect"
	"testing"
)

func TestTextRules(t *testing.T) {
	for _, tt := range []struct {
		in              string
		line, multiline bool
	}{
		{"Acme Cloud GmbH – Zürich", true, true},
		{"two\nlines\tand a tab", false, true},
		{"nul\x00", false, false},
		{"bell\a", false, false},
		{"c1\u0085", false, false},
		{"override\u202e", false, false},
		{"isolate\u2066", false, false},
		{"bad \xff utf-8", false, false},
		{"decoded from bad bytes \ufffd", false, false}, // what encoding/json makes of \xff or "\ud800"
	} {
		if got := CleanText(tt.in, false); got != tt.line {
			t.Errorf("CleanText(%q, line) = %v", tt.in, got)
		}
		if got := CleanText(tt.in, true); got != tt.multiline {
			t.Errorf("CleanText(%q, multiline) = %v", tt.in, got)
		}
	}
}

// TestNumberTakesNumbersAndStrings: a count or a percentage may arrive as a JSON number or
// as a string, and keeps its text exactly, without a float in between.
func TestNumberTakesNumbersAndStrings(t *testing.T) {
	for in, want := range map[string]Number{`5`: "5", `"5"`: "5", `2.5`: "2.5", `"2.50"`: "2.50", `null`: "", `-1`: "-1"} {
		var n Number
		if err := n.UnmarshalJSON([]byte(in)); err != nil || n != want {
			t.Errorf("%s: %q, %v; want %q", in, n, err, want)
		}
	}
	for _, in := range []string{`true`, `[1]`, `{"a":1}`} {
		var n Number
		if err := n.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("%s accepted as %q", in, n)
		}
	}
}

// TestCheckNamesFieldsByTheTagAsked: failures are keyed by the name tag the rules were
// built with, never by a Go name, and every problem is reported at once.
func TestCheckNamesFieldsByTheTagAsked(t *testing.T) {
	type row struct {
		Name  string `form:"name" json:"vendor_name" validate:"required,max=5,text"`
		Seats Number `form:"seats" json:"seats_purchased" validate:"count=0 10"`
		When  string `form:"when" json:"when" validate:"date"`
	}
	in := row{Name: "  ", Seats: "11", When: "0001-01-01"}
	got := New("json").Check(&in)
	want := map[string]string{"vendor_name": "required", "seats_purchased": "must be between 0 and 10",
		"when": "must be between 1900-01-01 and 2199-12-31"}
	if !reflect.DeepEqual(map[string]string(got), want) {
		t.Errorf("json names: %v, want %v", got, want)
	}
	if got := New("form").Check(&row{Name: "toolong"}); got["name"] != "too long (at most 5 characters)" || len(got) != 1 {
		t.Errorf("form names: %v", got)
	}
}

// TestListItemsAreNamedByTheList: a failure inside a list is reported under the list's
// own name, with the item's position counted from 1.
func TestListItemsAreNamedByTheList(t *testing.T) {
	in := &struct {
		Offsets []Number `json:"reminder_offsets" validate:"dive,whole"`
	}{Offsets: []Number{"30", "soon"}}
	got := New("json").Check(in)
	if len(got) != 1 || got["reminder_offsets"] != "item 2: a whole number, such as 3" {
		t.Errorf("list item: %v", got)
	}
}
