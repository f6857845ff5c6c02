// Package input holds the field rules of what people type, for every door data comes in
// by (pages, the JSON API, and the imports to come): validator/v10 with Outlay's own tags,
// and the one translation of a failed rule into the user's words under the field's own
// name. Business rules that need several fields or the database stay in the domain.
//
// Field rules of the input structs of forms and of the API are validator/v10 tags. Besides
// validator's own (required, max, oneof, email, http_url, gte, lte …) Outlay adds:
//
//	text       one line of text: valid UTF-8 (and no U+FFFD, which is what encoding/json
//	           makes of invalid bytes), no control characters, no direction overrides;
//	           the rule is the domain's (outlay.TextProblem), which emails, user names
//	           and licence keys keep whoever writes them
//	multiline  the same, but tabs and line breaks are allowed (notes, justifications)
//	date       a YYYY-MM-DD date that exists, from 1900 to 2199 (blank passes: add required)
//	budgetcode a budget line code, such as INF-CLOUD (blank passes)
//	percent    a percentage as typed: not negative, at most 2 decimals (blank is 0); its
//	           range is the domain's
//	count=A B  a whole number from A to B (blank is 0)
//	whole      a whole number whose range is a domain rule (blank is 0)
//	id         a record id: a positive whole number (blank passes: add required)
//
// A failure inside a list (dive) is reported under the list's own name, its message
// starting with the item's position ("item 2: a whole number, such as 3").
//
// One translation, fieldMessage, turns every failure into the user's words. Choices from
// the domain's lists and currency codes are not field rules here: every stored record
// must keep them whoever writes it, so the domain's Validate methods hold them, and a
// form reports them together with these on the first submit.
package input

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"outlay/internal/outlay"
)

// Rules checks input structs by their validate tags and names each failure by the
// struct tag it was built with: the form's input name on pages, the JSON name in the API,
// never a Go name.
type Rules struct{ v *validator.Validate }

// New makes the rules that name each field by the struct tag nameTag ("form" on pages,
// "json" in the API). Build it once: validator caches each struct's parsed tags.
func New(nameTag string) *Rules {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get(nameTag), ",")
		if name == "" || name == "-" {
			// validator would fall back to the Go name; a field without a name of its
			// own here is named in lower case, like every other.
			return strings.ToLower(f.Name)
		}
		return name
	})
	for tag, fn := range map[string]func(string) bool{
		"text":       func(s string) bool { return CleanText(s, false) },
		"multiline":  func(s string) bool { return CleanText(s, true) },
		"date":       func(s string) bool { _, err := Date(s); return err == nil },
		"budgetcode": func(s string) bool { return s == "" || outlay.ValidBudgetLineCode(strings.ToUpper(s)) },
		"percent":    func(s string) bool { return percentProblem(s) == "" },
	} {
		mustRegister(v, tag, func(fl validator.FieldLevel) bool { return fn(fl.Field().String()) })
	}
	mustRegister(v, "id", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		n, err := strconv.ParseInt(s, 10, 64)
		return s == "" || err == nil && n > 0
	})
	mustRegister(v, "whole", func(fl validator.FieldLevel) bool {
		n, err := parseCount(fl.Field().String())
		return err == nil && n >= math.MinInt32 && n <= math.MaxInt32
	})
	mustRegister(v, "count", func(fl validator.FieldLevel) bool {
		return countProblem(fl.Field().String(), fl.Param()) == ""
	})
	return &Rules{v: v}
}

func mustRegister(v *validator.Validate, tag string, fn validator.Func) {
	if err := v.RegisterValidation(tag, fn); err != nil {
		panic(err) // a tag name clash is a programming error found by every test run
	}
}

// Check trims the struct's text fields and validates them; it returns every problem at
// once, keyed by field name ("first_term.price" for a nested one).
func (r *Rules) Check(in any) outlay.FieldErrors {
	trimStrings(reflect.ValueOf(in))
	bad := outlay.FieldErrors{}
	var failures validator.ValidationErrors
	if err := r.v.Struct(in); errors.As(err, &failures) {
		for _, fe := range failures {
			path, item := fieldPath(fe)
			msg := fieldMessage(fe)
			if item != "" {
				msg = "item " + item + ": " + msg
			}
			bad.Add(path, msg)
		}
	} else if err != nil {
		panic(err) // not a struct: a programming error
	}
	return bad
}

// fieldPath is the failure's namespace without the Go name of the outer struct. An item
// of a list is reported under the list's own name, with its position counted from 1
// ("reminder_offsets", "2"), since that is the field the client or the person sent.
func fieldPath(fe validator.FieldError) (path, item string) {
	path = fe.Field()
	if _, rest, ok := strings.Cut(fe.Namespace(), "."); ok {
		path = rest
	}
	if name, index, ok := strings.Cut(path, "["); ok && strings.HasSuffix(index, "]") && !strings.Contains(index, ".") {
		if n, err := strconv.Atoi(strings.TrimSuffix(index, "]")); err == nil {
			return name, strconv.Itoa(n + 1)
		}
	}
	return path, ""
}

// fieldMessage is the one translation of a rule's failure into the user's words.
func fieldMessage(fe validator.FieldError) string {
	var value string // the text that broke the rule, for rules whose message depends on it
	if v := reflect.ValueOf(fe.Value()); v.Kind() == reflect.String {
		value = v.String()
	}
	isText := fe.Kind() == reflect.String
	switch fe.Tag() {
	case "required":
		if t := fe.Type(); t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
			return "required: {" + strings.Join(jsonNames(t.Elem()), ", ") + "}"
		}
		return "required"
	case "max", "lte":
		if isText {
			return "too long (at most " + fe.Param() + " characters)"
		}
		return "must be at most " + fe.Param()
	case "min", "gte":
		if isText {
			return "too short (at least " + fe.Param() + " characters)"
		}
		return "must be at least " + fe.Param()
	case "oneof":
		return "must be one of: " + strings.Join(strings.Fields(fe.Param()), ", ")
	case "email":
		return "not a valid email address"
	case "http_url":
		return "must be a full address starting with https:// or http://"
	case "text":
		return outlay.TextProblem(value, false)
	case "multiline":
		return outlay.TextProblem(value, true)
	case "date":
		_, err := Date(value)
		return DateProblem(err)
	case "budgetcode":
		return "use 2 to 32 letters, digits and dashes, starting with a letter, such as INF-CLOUD"
	case "percent":
		return percentProblem(value)
	case "count":
		return countProblem(value, fe.Param())
	case "whole":
		return "a whole number, such as 3"
	case "id":
		return "must be a record id (a positive number)"
	}
	return "is not valid"
}

// jsonNames lists the JSON names of a struct's fields, to say what an object holds.
func jsonNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// CleanText reports whether s is text a person could have typed (outlay.TextProblem):
// valid UTF-8 without NUL or other control characters, and without direction overrides.
// Multi-line fields may hold tabs and line breaks.
func CleanText(s string, multiline bool) bool { return outlay.CleanText(s, multiline) }

// DateProblem is the message of a date that outlay.ParseDate refused.
func DateProblem(err error) string {
	if errors.Is(err, outlay.ErrDateRange) {
		return "must be between 1900-01-01 and 2199-12-31"
	}
	return "not a real date (use YYYY-MM-DD)"
}

// Date reads a date that may be blank (the zero time).
func Date(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	return outlay.ParseDate(s)
}

// percentProblem says what is wrong with a percentage as typed, or "".
func percentProblem(s string) string {
	if _, err := outlay.ParsePercent(s); err != nil {
		return err.Error()
	}
	return ""
}

// countProblem says what is wrong with a whole number as typed, against the range "A B"
// of the count tag, or "". Blank reads as 0.
func countProblem(s, bounds string) string {
	lo, hi := countBounds(bounds)
	n, err := parseCount(s)
	switch {
	case err != nil:
		return "a whole number, such as " + strconv.FormatInt(max(lo, min(hi, 3)), 10)
	case n < lo || n > hi:
		return fmt.Sprintf("must be between %d and %d", lo, hi)
	}
	return ""
}

func countBounds(param string) (lo, hi int64) {
	f := strings.Fields(param)
	if len(f) != 2 {
		panic("count wants two bounds, got " + strconv.Quote(param))
	}
	lo, err1 := strconv.ParseInt(f[0], 10, 64)
	hi, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil {
		panic("count bounds are not numbers: " + strconv.Quote(param))
	}
	return lo, hi
}

// parseCount reads a whole number as typed; blank is 0. Only callers whose field passed
// the count rule use it, so its error is never shown.
func parseCount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// Int is parseCount for a field already checked by a count or whole rule, whose
// bounds fit an int; a value that broke its rule reads as 0 and is never stored.
func Int(s string) int {
	n, _ := parseCount(s)
	return int(n)
}

// ID is a record id from a field that passed its id rule; blank, or a value that broke
// the rule, reads as 0 and is never stored.
func ID(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return max(n, 0)
}

// trimStrings trims the spaces people paste around values in every string field of the
// struct v points to, nested structs included, so that "  " is "required" and not a name.
func trimStrings(v reflect.Value) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(strings.TrimSpace(v.String()))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				trimStrings(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			trimStrings(v.Index(i))
		}
	}
}

// Number is a number that a client may send as a JSON number (5, 2.5) or as a
// string ("5", "2.5"); it keeps the text, which the field's rule (count, percent) reads
// exactly, without a float in between. null is blank.
type Number string

// UnmarshalJSON accepts a number, a string or null.
func (n *Number) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*n = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = Number(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*n = Number(b)
	default:
		return &json.UnmarshalTypeError{Value: jsonValueKind(b), Type: reflect.TypeFor[float64]()}
	}
	return nil
}

func jsonValueKind(b []byte) string {
	switch {
	case len(b) == 0:
		return "nothing"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	case b[0] == '[':
		return "array"
	case b[0] == '{':
		return "object"
	}
	return "value"
}
