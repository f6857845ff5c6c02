package server

import (
	"reflect"
	"strings"

	"outlay/internal/input"
)

// nameText is a name typed into a form whose other rules are elsewhere (a user's name,
// whose length the domain checks; an API token's name): one line of text.
type nameText struct {
	Name string `form:"name" json:"name" validate:"text"`
}

// pageRules and apiRules are set up once and only read afterwards: validator caches each
// struct's parsed tags, so building them per request would throw that work away.
var (
	pageRules = input.New("form")
	apiRules  = input.New("json")
)

// bindForm copies the posted values into the string fields of the struct in points to,
// by their form tags; nested structs are filled from the same form.
func bindForm(f *Form, in any) {
	v := reflect.ValueOf(in).Elem()
	for i := range v.NumField() {
		sf := v.Type().Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("form"), ",")
		switch {
		case sf.Type.Kind() == reflect.String && name != "" && name != "-":
			// Only the form's own inputs: an edit form without a currency input keeps
			// the stored currency.
			if val, ok := f.Values[name]; ok {
				v.Field(i).SetString(val)
			}
		case sf.Type.Kind() == reflect.Struct:
			bindForm(f, v.Field(i).Addr().Interface())
		}
	}
}

// formFill is bindForm's inverse: it sets the form's values from the struct's string
// fields, to show a stored record in an edit form.
func formFill(f *Form, in any) {
	v := reflect.ValueOf(in).Elem()
	for i := range v.NumField() {
		sf := v.Type().Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("form"), ",")
		switch {
		case sf.Type.Kind() == reflect.String && name != "" && name != "-":
			f.Set(name, v.Field(i).String())
		case sf.Type.Kind() == reflect.Struct:
			formFill(f, v.Field(i).Addr().Interface())
		}
	}
}
